"""``factline import``: a TimelineJS3 JSON file (or TimelineJS 2's), or its spreadsheet template
saved as CSV, as a new factline/1 TOML dataset. Pure: no Qt.

Dates become EDTF at the precision given; each group becomes a calendar track; headline and text
become plain title and summary. Every event cites one source standing for the input file, with a
note saying it was imported (never a quote: nothing was checked against a snapshot). A row that
cannot be imported is a problem naming its line or index, its column or field and what was
expected; nothing is written while there are any, unless the valid rows are asked for. The
result goes through the loader's own rules before it is written, atomically."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from viewer.core.dates import EdtfError, days_in_month, parse_date
from viewer.core.files import WriteError, write_atomically
from viewer.core.words import count
from viewer.dataset import schema
from viewer.dataset.authoring import free_id, slug
from viewer.dataset.build import build_dataset
from viewer.dataset.errors import MAX_PROBLEMS_LISTED, DatasetError
from viewer.dataset.parse import parse_document
from viewer.dataset.read import read_at_most
from viewer.interchange.plain_text import bounded, plain_text
from viewer.interchange.timelinejs_rows import MAX_INPUT_BYTES, InputError, Row, read_timeline

SOURCE_ID = "import"
DEFAULT_TRACK = "Events"
_TITLE_FROM_TEXT = 80
"""Characters of an event's text that make its title when it has no headline."""
_TRACK_COLOURS = ("#2f7ed8", "#e08a1e", "#2e9d5b", "#c2417a", "#8a63c9", "#1f9fa8", "#b5651d", "#6b7f99")
"""Colours that read on light and dark backgrounds; groups take them in turn."""
_MAX_PLAIN_YEAR = 9999
_ID = re.compile(schema.ID_PATTERN)


class ImportRefused(Exception):
    """Nothing was written; the message names the file and says why (every bad row, if any)."""

    def __init__(self, message: str, result: ImportResult | None = None):
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class RowProblem:
    where: str
    """``line 5`` (CSV) or ``events[3]`` (JSON)."""
    field: str
    expected: str

    def __str__(self) -> str:
        if self.field.startswith(self.where):  # a JSON path already starts with the event's index
            return f"{self.field}: expected {self.expected}"
        return f"{self.where}, {self.field}: expected {self.expected}" if self.field else \
            f"{self.where}: expected {self.expected}"


@dataclass
class ImportResult:
    """What an input makes: the TOML text (None when no event can be imported), the bad rows."""

    file_name: str
    title: str
    toml: str | None
    events: int
    problems: list[RowProblem] = field(default_factory=list)
    eras: int = 0
    tracks: int = 0

    def summary(self) -> str:
        parts = [f"{count(self.events, 'event')} on {count(self.tracks, 'track')}"]
        if self.problems:
            parts.append(f"{count(len(self.problems), 'problem')} in the rows skipped")
        if self.eras:
            parts.append(f"{count(self.eras, 'era')} not imported (Factline has no eras)")
        return "; ".join(parts)

    def problem_lines(self, limit: int = MAX_PROBLEMS_LISTED) -> list[str]:
        lines = [f"{self.file_name}: {p}" for p in self.problems[:limit]]
        rest = len(self.problems) - len(lines)
        return lines + ([f"… and {rest:,} more"] if rest > 0 else [])


# -- the whole import -----------------------------------------------------------------------------

def read_input(path: Path) -> ImportResult:
    """What ``path`` would make, bad rows and all; refused only when the file as a whole is unusable."""
    try:
        if not path.is_file():
            raise ImportRefused(f"{path}: not found, or not a regular file")
        data = read_at_most(path, MAX_INPUT_BYTES)
        timeline = read_timeline(data, path.name)
    except InputError as exc:
        raise ImportRefused(str(exc)) from None
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot read it: {exc.strerror or exc}") from None
    return convert(timeline.title_rows, timeline.event_rows, timeline.eras, path.name)


def import_file(source: Path, target: Path, valid_rows: bool = False, overwrite: bool = False) -> ImportResult:
    """Import ``source`` into the new TOML dataset ``target``; what was imported. Bad rows refuse
    the whole import unless ``valid_rows``, which imports the others (the result lists the bad ones)."""
    if target.suffix.lower() != ".toml":
        raise ImportRefused(f"{target.name}: the dataset is written as TOML; give a name ending in .toml")
    if target.exists() and not overwrite:
        raise ImportRefused(f"{target}: already exists; choose a new file name")
    result = read_input(source)
    if result.problems and not valid_rows:
        lines = "\n".join(f"  {line}" for line in result.problem_lines())
        raise ImportRefused(f"{source.name}: {count(len(result.problems), 'problem')}; nothing was written "
                            f"(--valid-rows imports the {count(result.events, 'valid row')}):\n{lines}", result)
    if result.toml is None:
        raise ImportRefused(f"{source.name}: no event to import; nothing was written", result)
    text = result.toml.encode("utf-8")
    try:
        build_dataset(parse_document(text, target.name, ".toml"), path=target)  # the loader's own rules
        write_atomically(target, text)
    except DatasetError as exc:  # a bug of ours, not of the input: say so rather than write it
        raise ImportRefused(f"{source.name}: the imported dataset would not load; nothing was written:\n{exc}") from None
    except WriteError as exc:
        raise ImportRefused(str(exc)) from None
    return result


def convert(title_rows: list[Row], event_rows: list[Row], eras: int, file_name: str) -> ImportResult:
    """The dataset the rows make, and the problems of those that cannot be imported."""
    problems: list[RowProblem] = []
    title, description = _title(title_rows, file_name, problems)
    tracks: dict[str, dict[str, str]] = {}
    events: list[dict[str, Any]] = []
    taken: set[str] = set()
    for row in event_rows:
        found = [RowProblem(row.where, name, expected) for name, expected in row.problems]
        event = _event(row, file_name, found)
        if found or event is None:
            problems.extend(found)
            continue
        track = _track(tracks, str(row.values.get("group") or DEFAULT_TRACK))
        events.append({"id": _event_id(row, event["title"], taken), "track": track, **event})
    toml = dataset_toml(title, description, file_name, list(tracks.values()), events) if events else None
    return ImportResult(file_name, title, toml, len(events), problems, eras, len(tracks))


def _title(rows: list[Row], file_name: str, problems: list[RowProblem]) -> tuple[str, str | None]:
    """The title slide's headline and text (the first title slide; a second is a problem)."""
    for extra in rows[1:]:
        problems.append(RowProblem(extra.where, extra.name("type"), "one title slide only; this is another"))
    first = rows[0] if rows else None
    values = first.values if first else {}
    title = _text(values.get("headline"), schema.MAX_TITLE) or _text(Path(file_name).stem, schema.MAX_TITLE)
    description = _text(values.get("text"), schema.MAX_TEXT)
    return title or "Imported timeline", description or None


# -- one event ------------------------------------------------------------------------------------

def _event(row: Row, file_name: str, problems: list[RowProblem]) -> dict[str, Any] | None:
    for key in ("headline", "text", "group", "credit", "media", "caption", "display"):
        if key in row.values and not isinstance(row.values[key], str):
            problems.append(RowProblem(row.where, row.name(key), f"text, not {type(row.values[key]).__name__}"))
    if problems:
        return None
    when = _when(row, problems)
    summary = _text(row.values.get("text"), schema.MAX_TEXT)
    title = _text(row.values.get("headline"), schema.MAX_TITLE) or bounded(summary, _TITLE_FROM_TEXT)
    if not title:
        problems.append(RowProblem(row.where, row.name("headline"), "a headline (or a text to make a title from)"))
    if when is None or problems:
        return None
    event: dict[str, Any] = {"title": title}
    if summary:
        event["summary"] = summary
    event["when"] = when
    event["citations"] = [{"source": SOURCE_ID, "note": _note(row, file_name, "T" not in when)}]
    return event


def _note(row: Row, file_name: str, time_dropped: bool) -> str:
    """The citation's note: imported from which file, with what the input credits (and a time of
    day the date could not keep: EDTF has none in an interval or without the day)."""
    words = [f"Imported from {file_name} ({row.where}); not checked against a source."]
    for prefix, label in (("", "Time"), ("end_", "End time")):
        if time_dropped and isinstance(row.values.get(f"{prefix}hour"), int):
            hour, minute, second = (row.values.get(f"{prefix}{part}") for part in ("hour", "minute", "second"))
            words.append(f"{label} given: {hour:02d}:{_as_int(minute):02d}:{_as_int(second):02d} (not in the date).")
    for key, label in (("credit", "Media credit"), ("media", "Media"), ("caption", "Media caption"),
                       ("display", "Date shown as")):
        value = _text(row.values.get(key), 1000, decoded_twice=key == "display")
        if value:
            words.append(f"{label}: {value}.")
    return bounded(" ".join(words), schema.MAX_TEXT)


def _as_int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _text(value: Any, limit: int, decoded_twice: bool = False) -> str:
    """The plain text TimelineJS3 shows for a field's HTML. It decodes ``group`` and
    ``display_date`` once more before showing them as HTML (docs/timelinejs.md: why an export
    escapes those two twice), so a name written 'Ben &amp;amp; Jerry' reads 'Ben & Jerry'."""
    if not isinstance(value, str):
        return ""
    return plain_text(html.unescape(value) if decoded_twice else value, limit)


def _track(tracks: dict[str, dict[str, str]], group: str) -> str:
    """The id of the track for ``group`` (made on first use: id slugged, name as given)."""
    name = _text(group, schema.MAX_TITLE, decoded_twice=True) or DEFAULT_TRACK
    if name not in tracks:
        ids = {t["id"] for t in tracks.values()}
        tid = free_id(slug(name, "track"), ids)
        tracks[name] = {"id": tid, "name": name, "axis": "calendar",
                        "color": _TRACK_COLOURS[len(tracks) % len(_TRACK_COLOURS)]}
    return tracks[name]["id"]


def _event_id(row: Row, title: str, taken: set[str]) -> str:
    given = row.values.get("unique_id")
    if isinstance(given, str) and _ID.match(given) and len(given) <= schema.MAX_ID and given not in taken:
        chosen = given
    else:
        chosen = free_id(slug(title, "event"), taken)
    taken.add(chosen)
    return chosen


# -- dates ------------------------------------------------------------------------------------------

def _when(row: Row, problems: list[RowProblem]) -> str | None:
    """The row's EDTF date or interval, checked by the app's own EDTF parser."""
    before = len(problems)
    start = _date(row, "", problems, required=True)
    end = _date(row, "end_", problems, required=False)
    if len(problems) > before or start is None:
        return None
    if end is not None and end[0] != start[0]:  # EDTF allows a time of day only in a single date
        when = f"{start[0]}/{end[0]}"
    else:
        when = start[0] + start[1]
    try:
        parse_date(when, remember=False)
    except EdtfError as exc:
        message = str(exc).split(" (", 1)[-1].rstrip(")") if " (" in str(exc) else str(exc)
        problems.append(RowProblem(row.where, row.name("end_year" if end else "year"),
                                   f"a date Factline can place ({when}: {message})"))
        return None
    return when


def _date(row: Row, prefix: str, problems: list[RowProblem], required: bool) -> tuple[str, str] | None:
    """(EDTF date, EDTF time or "") from the row's year, month, day and time values."""
    numbers: dict[str, int | None] = {}
    limits = {"year": None, "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 60)}
    before = len(problems)
    for part, bounds in limits.items():
        numbers[part] = _whole(row, f"{prefix}{part}", bounds, problems)
    if len(problems) > before:  # a bad value is named once, not again as a missing one
        return None
    year, month, day = numbers["year"], numbers["month"], numbers["day"]
    if year is None:
        if required and f"{prefix}year" not in row.values:
            problems.append(RowProblem(row.where, row.name(f"{prefix}year"),
                                       "a year (a whole number; negative for BCE)"))
        elif any(numbers[p] is not None for p in ("month", "day")):
            problems.append(RowProblem(row.where, row.name(f"{prefix}month"), "a year to go with the month and day"))
        return None
    if day is not None and month is None:
        problems.append(RowProblem(row.where, row.name(f"{prefix}day"), "a month to go with the day"))
        return None
    if day is not None and month is not None and day > days_in_month(year, month):
        problems.append(RowProblem(row.where, row.name(f"{prefix}day"),
                                   f"a day from 1 to {days_in_month(year, month)} in that month, not {day}"))
        return None
    if abs(year) > _MAX_PLAIN_YEAR:
        if month is not None:
            problems.append(RowProblem(row.where, row.name(f"{prefix}month"),
                                       f"no month or day with a year beyond ±{_MAX_PLAIN_YEAR} (EDTF writes "
                                       "such years alone)"))
            return None
        return f"Y{year}", ""
    text = f"{'-' if year < 0 else ''}{abs(year):04d}"
    text += "".join(f"-{v:02d}" for v in (month, day) if v is not None)
    hour = numbers["hour"]
    if hour is None or day is None:
        return text, ""
    return text, f"T{hour:02d}:{numbers['minute'] or 0:02d}:{min(numbers['second'] or 0, 59):02d}"


def _whole(row: Row, key: str, bounds: tuple[int, int] | None, problems: list[RowProblem]) -> int | None:
    """A whole number from a number or a text such as "1990" or "-44"; None when absent or wrong."""
    value = row.values.get(key)
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e12:
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?\d{1,12}", value.strip()):
        number = int(value.strip())
    what = "a whole number" if bounds is None else f"a whole number from {bounds[0]} to {bounds[1]}"
    if number is None or (bounds is not None and not bounds[0] <= number <= bounds[1]):
        shown = repr(value if not isinstance(value, str) or len(value) <= 40 else value[:39] + "…")
        problems.append(RowProblem(row.where, row.name(key), f"{what}, not {shown}"))
        return None
    return number


# -- the TOML ------------------------------------------------------------------------------------

def dataset_toml(title: str, description: str | None, file_name: str, tracks: list[dict[str, str]],
                 events: list[dict[str, Any]]) -> str:
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Imported from {plain_text(file_name, 200)} by 'factline import'. "
                            "Format: docs/dataset-format.md."))
    doc.add(tomlkit.comment("Every event cites the input file with a note: replace it with real sources."))
    doc.add("format", schema.FORMAT_VERSION)
    doc.add("title", title)
    if description:
        doc.add("description", description)
    doc.add(tomlkit.nl())
    source = {"id": SOURCE_ID, "title": plain_text(file_name, schema.MAX_TITLE) or "Imported timeline"}
    for key, rows in (("sources", [source]), ("tracks", tracks)):
        tables = tomlkit.aot()
        for row in rows:
            tables.append(tomlkit.item(row))
        doc.add(key, tables)
    return tomlkit.dumps(doc) + "\n" + "".join(_event_table(event) for event in events)


def _event_table(event: dict[str, Any]) -> str:
    """One [[events]] table and its citations. Each value is written by tomlkit, but the tables are
    joined here: a tomlkit document takes quadratic time to grow to thousands of tables."""
    lines = ["[[events]]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in event.items() if key != "citations"]
    for citation in event["citations"]:
        lines += ["", "[[events.citations]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in citation.items()]
    return "\n".join(lines) + "\n\n"


_VERBATIM = re.compile(r'[^\x00-\x1f\x7f"\\\ud800-\udfff]*')
"""A text TOML's basic string holds as it is, between two quotes: no quote, backslash, control
character or lone surrogate (tomlkit escapes those, at ~0.2 ms a value: most of an import's time)."""


def _toml_value(value: Any) -> str:
    if isinstance(value, str) and _VERBATIM.fullmatch(value):
        return f'"{value}"'
    return tomlkit.item(value).as_string()
