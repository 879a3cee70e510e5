"""The events of a dataset as CSV rows, one event a row, safe to open in a spreadsheet. Pure: no Qt.

Columns: id, track, title, date (the ``when`` as written, or a plot point's episode and minute),
earliest and latest (ISO days a calendar event may fall on; empty for an open end or a plot
point), verdict, and sources (the ids of the sources cited, each once, joined by "; ").

Dataset text is untrusted: a cell a spreadsheet would read as a formula (one starting with
= + - @, a tab or a carriage return) is written with a leading apostrophe (see docs/security.md).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator

from viewer.core.dates import iso_from_days
from viewer.core.model import Dataset, Event, NarrativePosition

COLUMNS = ("id", "track", "title", "date", "earliest", "latest", "verdict", "sources")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""
SOURCE_SEPARATOR = "; "


def defuse(cell: str) -> str:
    """The cell with a leading apostrophe when a spreadsheet would take it for a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _number(value: float) -> str:
    return f"{value:g}"


def narrative_when(position: NarrativePosition) -> str:
    """'episode 3', 'episodes 3-5', 'episode 2, minute 14.5': the plot point's place as written."""
    if position.episode_end is not None and position.episode_end != position.episode:
        text = f"episodes {position.episode}-{position.episode_end}"
    else:
        text = f"episode {position.episode}"
    if position.minute is not None:
        text += f", minute {_number(position.minute)}"
    return text


def _bounds(event: Event) -> tuple[str, str]:
    """(earliest, latest) ISO days of a calendar event; the latest is the last day its exclusive
    end includes (as ``factline check --json`` gives them). Empty for an open end."""
    date = event.date
    if date is None:
        return "", ""
    earliest = iso_from_days(date.start_earliest) or ""
    latest = iso_from_days(math.ceil(date.end_latest) - 1) if math.isfinite(date.end_latest) else None
    return earliest, latest or ""


def _cited_sources(event: Event) -> str:
    return SOURCE_SEPARATOR.join(dict.fromkeys(c.source_id for c in event.citations))


def event_row(event: Event) -> dict[str, str]:
    """One event's row, undefused (plain values, keyed by COLUMNS)."""
    if event.date is not None:
        when = event.date.edtf
    elif event.narrative is not None:
        when = narrative_when(event.narrative)
    else:
        when = ""
    earliest, latest = _bounds(event)
    return {"id": event.id, "track": event.track_id, "title": event.title, "date": when,
            "earliest": earliest, "latest": latest, "verdict": event.verdict.value if event.verdict else "",
            "sources": _cited_sources(event)}


def event_rows(dataset: Dataset) -> Iterator[dict[str, str]]:
    """Every event's row in file order, each cell defused."""
    for event in dataset.events:
        yield {key: defuse(value) for key, value in event_row(event).items()}


def events_csv(dataset: Dataset) -> str:
    """The whole CSV text: a header row, then one row an event (CRLF line ends, as RFC 4180 has)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(event_rows(dataset))
    return out.getvalue()


def events_csv_bytes(dataset: Dataset) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheets read accented titles right."""
    return events_csv(dataset).encode("utf-8-sig")
