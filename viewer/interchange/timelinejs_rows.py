"""TimelineJS inputs as rows: the JSON of TimelineJS3 (and the older TimelineJS 2 shape) and its
Google Sheets template saved as CSV. Pure: no Qt.

Each row keeps its values as the input gave them, under names of our own (``year``, ``headline``,
``end_month`` …), with where it came from (``line 5``, ``events[3]``) and each value's name in
the input (``Month``, ``events[3].start_date.month``), so that a problem names both. Turning the
values into dates and text is :mod:`viewer.interchange.timelinejs_in`'s work."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Inputs are refused above this size: a timeline of tens of thousands of events fits in it."""

MAX_ROWS = 50_000
"""Rows (slides) an input may hold: TimelineJS itself shows a few hundred at most."""

DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")

# The spreadsheet template's columns (matched without regard to case or spaces at the ends) and
# the names the rows use. "Tag" is the older name of "Group".
COLUMNS = {
    "year": "year", "month": "month", "day": "day", "time": "time",
    "end year": "end_year", "end month": "end_month", "end day": "end_day", "end time": "end_time",
    "display date": "display", "headline": "headline", "text": "text", "media": "media",
    "media credit": "credit", "media caption": "caption", "media thumbnail": "thumbnail",
    "type": "type", "group": "group", "tag": "group", "background": "background",
}

_TIME = re.compile(r"\A(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?\Z", re.IGNORECASE)


class InputError(Exception):
    """The whole input is unusable (not JSON, not the template, too big); the message says why."""


@dataclass
class Row:
    """One slide of the input: an event, the title slide or an era."""

    where: str
    kind: str = "event"
    """"event", "title" or "era"."""
    values: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Each value's name in the input, for problems."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(field name, what was expected) found while reading."""

    def put(self, key: str, value: Any, name: str) -> None:
        if value is not None and value != "":
            self.values[key] = value
            self.names[key] = name

    def name(self, key: str) -> str:
        return self.names.get(key) or key


@dataclass
class Timeline:
    title_rows: list[Row]
    event_rows: list[Row]
    eras: int


def read_timeline(data: bytes, file_name: str) -> Timeline:
    """The rows of a .json or .csv input (by its name's suffix)."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{file_name}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; "
                         "split it into smaller timelines")
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in ("json", "csv"):
        raise InputError(f"{file_name}: unknown file type; expected a TimelineJS .json file "
                         "or the spreadsheet template saved as .csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file_name}: not UTF-8 text (byte {exc.start + 1:,} cannot be read); "
                         "save it again as UTF-8") from None
    timeline = _json_timeline(text, file_name) if suffix == "json" else _csv_timeline(text, file_name)
    if len(timeline.event_rows) > MAX_ROWS:
        raise InputError(f"{file_name}: {len(timeline.event_rows):,} events, more than the {MAX_ROWS:,} "
                         "an import takes; split it into smaller timelines")
    return timeline


# -- the spreadsheet template, as CSV ------------------------------------------------------------

def _csv_timeline(text: str, file_name: str) -> Timeline:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{file_name}: empty; expected the TimelineJS template's header row first")
        keys = _column_keys(header, file_name)
        timeline = Timeline([], [], 0)
        line = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                _add(timeline, _csv_row(f"line {line}", keys, header, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{file_name}: line {reader.line_num}: not valid CSV ({exc})") from None
    return timeline


def _column_keys(header: list[str], file_name: str) -> list[str | None]:
    keys = [COLUMNS.get(" ".join(name.split()).lower()) for name in header]
    if "year" not in keys or not {"headline", "text"} & set(keys):
        raise InputError(f"{file_name}: the first row is not the TimelineJS template's header: expected columns "
                         "Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline, "
                         "Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background")
    return keys


def _csv_row(where: str, keys: list[str | None], header: list[str], cells: list[str]) -> Row:
    row = Row(where)
    for key, name in zip(keys, header):  # a problem with an empty cell still names its column
        if key is not None:
            row.names.setdefault(key, " ".join(name.split()))
    for key, name, cell in zip(keys, header, cells):
        if key is not None and cell.strip():
            row.put(key, cell.strip(), " ".join(name.split()))
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        row.problems.append((f"column {len(header) + 1}", "no value beyond the header's columns"))
    for prefix in ("", "end_"):
        _split_time(row, prefix)
    kind = str(row.values.get("type", "")).lower()
    if kind in ("title", "era"):
        row.kind = kind
    elif kind:
        row.problems.append((row.name("type"), f"'title', 'era' or nothing, not {_shown(kind)}"))
    return row


def _split_time(row: Row, prefix: str) -> None:
    """A Time cell (``13:30``, ``1:30:05 PM``) as hour, minute and second values."""
    text = row.values.pop(f"{prefix}time", None)
    name = row.names.pop(f"{prefix}time", "")
    if text is None:
        return
    match = _TIME.match(text)
    if match is None:
        row.problems.append((name, f"a time such as 13:30 or 1:30:05 PM, not {_shown(text)}"))
        return
    hour, minute, second, half = match.groups()
    hour_number = int(hour)
    if half:
        if not 1 <= hour_number <= 12:
            row.problems.append((name, f"an hour from 1 to 12 before AM or PM, not {_shown(text)}"))
            return
        hour_number = hour_number % 12 + (12 if half[0].lower() == "p" else 0)
    for part, value in (("hour", hour_number), ("minute", int(minute)), ("second", int(second or 0))):
        row.put(f"{prefix}{part}", value, name)


# -- TimelineJS JSON -----------------------------------------------------------------------------

def _json_timeline(text: str, file_name: str) -> Timeline:
    try:
        root = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{file_name}: not valid JSON ({str(exc)[:200]})") from None
    if isinstance(root, dict) and isinstance(root.get("timeline"), dict):
        return _old_json(root["timeline"])
    if not isinstance(root, dict) or not isinstance(root.get("events", root.get("slides")), list):
        raise InputError(f"{file_name}: not a TimelineJS timeline: expected an object with an \"events\" list "
                         "(TimelineJS3) or a \"timeline\" object with a \"date\" list (TimelineJS 2)")
    key = "events" if isinstance(root.get("events"), list) else "slides"
    timeline = Timeline([], [], _length(root.get("eras")))
    if isinstance(root.get("title"), dict):
        _add(timeline, _new_slide("title", root["title"], "title"))
    for index, slide in enumerate(root[key]):
        _add(timeline, _new_slide(f"{key}[{index}]", slide, "event"))
    return timeline


def _new_slide(where: str, slide: Any, kind: str) -> Row:
    row = Row(where, kind, names={"year": f"{where}.start_date.year", "end_year": f"{where}.end_date.year",
                                  "headline": f"{where}.text.headline"})
    if not isinstance(slide, dict):
        row.problems.append(("", f"an object (a slide), not {type(slide).__name__}"))
        return row
    for prefix, key in (("", "start_date"), ("end_", "end_date")):
        date = slide.get(key)
        if isinstance(date, dict):
            for part in DATE_PARTS:
                row.put(f"{prefix}{part}", date.get(part), f"{where}.{key}.{part}")
            if prefix == "":
                row.put("display", date.get("display_date"), f"{where}.{key}.display_date")
        elif date is not None:
            row.problems.append((f"{where}.{key}", "an object such as {\"year\": 1990, \"month\": 10}"))
    row.put("display", slide.get("display_date"), f"{where}.display_date")
    _nested(row, slide, "text", {"headline": "headline", "text": "text"})
    _nested(row, slide, "media", {"url": "media", "credit": "credit", "caption": "caption"})
    for key in ("group", "unique_id"):
        row.put(key, slide.get(key), f"{where}.{key}")
    return row


def _old_json(timeline: dict) -> Timeline:
    """TimelineJS 2: the timeline object is the title slide; its "date" list holds the events."""
    result = Timeline([], [], _length(timeline.get("era")))
    _add(result, _old_slide("timeline", timeline, "title"))
    dates = timeline.get("date")
    if not isinstance(dates, list):
        row = Row("timeline")
        row.problems.append(("timeline.date", "a list of events"))
        _add(result, row)
        return result
    for index, slide in enumerate(dates):
        _add(result, _old_slide(f"timeline.date[{index}]", slide, "event"))
    return result


def _old_slide(where: str, slide: Any, kind: str) -> Row:
    row = Row(where, kind, names={"year": f"{where}.startDate", "end_year": f"{where}.endDate",
                                  "headline": f"{where}.headline"})
    if not isinstance(slide, dict):
        row.problems.append(("", f"an object (an event), not {type(slide).__name__}"))
        return row
    for prefix, key in (("", "startDate"), ("end_", "endDate")):
        value = slide.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            parts = str(value).split(",")
            if len(parts) > len(DATE_PARTS):
                row.problems.append((f"{where}.{key}", f"year,month,day[,hour,minute,second], not {_shown(value)}"))
            for part, text in zip(DATE_PARTS, parts):
                row.put(f"{prefix}{part}", text.strip(), f"{where}.{key} ({part})")
        elif value is not None and value != "":
            row.problems.append((f"{where}.{key}", "a date written \"1990,10,4\""))
    for key, name in (("headline", "headline"), ("text", "text"), ("tag", "group")):
        row.put(name, slide.get(key), f"{where}.{key}")
    _nested(row, slide, "asset", {"media": "media", "credit": "credit", "caption": "caption"})
    return row


def _nested(row: Row, slide: dict, key: str, names: dict[str, str]) -> None:
    value = slide.get(key)
    if isinstance(value, dict):
        for inner, name in names.items():
            row.put(name, value.get(inner), f"{row.where}.{key}.{inner}")
    elif value is not None:
        row.problems.append((f"{row.where}.{key}", f"an object with {', '.join(names)}"))


# -- shared ---------------------------------------------------------------------------------------

def _add(timeline: Timeline, row: Row) -> None:
    if row.kind == "era":
        timeline.eras += 1
    elif row.kind == "title":
        timeline.title_rows.append(row)
    else:
        timeline.event_rows.append(row)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _shown(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:39] + "…")
