"""A loaded dataset as a TimelineJS3 document (docs/timelinejs.md). Pure: no Qt.

TimelineJS3 shows one slide per event, with a date, a headline, HTML text and a group. What it
cannot say, the slide says in words: it has no uncertain dates (TimelineJS3 issue #499), so an
approximate, uncertain or "one of several" date gets Factline's own wording as ``display_date``
and spans the range it may fall in. Plot points have no calendar date: those of an episode with
an ``aired`` date are placed at that date in a group of their own; the rest are left out and
counted on the title slide.

Every text from the dataset is untrusted and reaches TimelineJS3 as HTML, so all of it is escaped
with :func:`html.escape` (titles, summaries, sources, quotes, track names, even dates in words).
``group`` and ``display_date`` are escaped twice (:func:`_flattened`): TimelineJS3 3.9 turns them
from HTML into text and then puts that text into the page as HTML, so markup escaped once would be
live there (tests/test_timelinejs_browser.py saw ``<img src="/etc/passwd">`` requested).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from viewer.core.files import check_target, write_atomically
from viewer.core.dates import DateBounds, EdtfError, civil_from_days, human_date, parse_date
from viewer.core.model import AxisKind, Citation, Dataset, Event, Stance, Track
from viewer.core.words import count

__all__ = ["TimelineExport", "timelinejs_document", "timelinejs_json", "write_timelinejs", "aired_group"]

_FIELDS = {"second": 6, "day": 3, "month": 2, "season": 2}
"""How many of year, month, day, hour, minute, second a precision states (anything coarser than
a month: the year only). A date-time is loaded in UTC, and written so."""
_PLAIN_PRECISIONS = frozenset({"second", "day", "month", "year"})
"""Precisions TimelineJS3 shows faithfully by itself (a season or a decade it would not word)."""


@dataclass(frozen=True)
class TimelineExport:
    """The document and what it holds, for messages and tests."""

    document: dict
    slides: int
    """Title slide plus event slides: what TimelineJS3 draws."""
    left_out: int
    """Plot points with no air date to place them at."""
    path: Path | None = None
    """Where it was written, if it was."""
    bytes: int = 0
    links_left_out: int = 0
    """Links between events: TimelineJS3 has no way to show one."""

    def describe(self) -> str:
        """As an ExportResult describes itself, for the status bar."""
        return self.summary

    @property
    def summary(self) -> str:
        """'TimelineJS3, 25 slides; 18 plot points without an air date left out; 12 links left out
        (TimelineJS3 cannot show them)', for messages."""
        left = f"; {count(self.left_out, 'plot point')} without an air date left out" if self.left_out else ""
        links = (f"; {count(self.links_left_out, 'link')} left out (TimelineJS3 cannot show "
                 f"{_one_or_many(self.links_left_out, 'it', 'them')})") if self.links_left_out else ""
        return f"TimelineJS3, {count(self.slides, 'slide')}{left}{links}"

    def to_json(self) -> str:
        """The document as JSON text: UTF-8 as written (not \\u escapes), keys in a fixed order."""
        return json.dumps(self.document, ensure_ascii=False, indent=1) + "\n"


def _one_or_many(n: int, one: str, many: str) -> str:
    """The word that agrees with ``n`` things, as :func:`count` picks its noun: only 1 is singular."""
    return one if n == 1 else many


def aired_group(track: Track) -> str:
    """The group a narrative track's placed plot points are shown in (escaped, like every group)."""
    return _flattened(f"{track.name} (at the episode's air date)")


def _flattened(text: str) -> str:
    """Text for a field TimelineJS3 reads as HTML, flattens to text, then inserts as HTML again
    (``group``, ``display_date``): escaped twice, it ends as the literal text, never as markup."""
    return escape(escape(text))


def timelinejs_document(dataset: Dataset) -> TimelineExport:
    """The dataset as a TimelineJS3 document: ``{"title": slide, "events": [slide, …]}`` in file order."""
    tracks = {track.id: track for track in dataset.tracks}
    aired = _aired_dates(dataset)
    slides: list[dict] = []
    left_out = 0
    for event in dataset.events:
        track = tracks[event.track_id]
        if track.axis is AxisKind.CALENDAR and event.date is not None:
            slides.append(_calendar_slide(dataset, event, track))
            continue
        slide = _plot_point_slide(dataset, event, track, aired)
        if slide is None:
            left_out += 1
        else:
            slides.append(slide)
    document = {"title": _title_slide(dataset, len(slides), left_out), "events": slides}
    return TimelineExport(document, 1 + len(slides), left_out, links_left_out=len(dataset.links))


def timelinejs_json(dataset: Dataset) -> str:
    """The document as JSON text (see :meth:`TimelineExport.to_json`)."""
    return timelinejs_document(dataset).to_json()


def write_timelinejs(dataset: Dataset, path: str | Path) -> TimelineExport:
    """Write the document to ``path`` atomically (an existing file stays as it was on failure);
    raises :class:`viewer.core.files.WriteError` saying why it could not."""
    path = Path(path)
    check_target(path)
    result = timelinejs_document(dataset)
    data = result.to_json().encode("utf-8")
    write_atomically(path, data)
    return replace(result, path=path, bytes=len(data))


# -- slides -------------------------------------------------------------------------------------


def _title_slide(dataset: Dataset, placed: int, left_out: int) -> dict:
    calendar = dataset.events_on(AxisKind.CALENDAR)
    plot_points = len(dataset.events) - calendar
    parts = [f"<p>{escape(dataset.description)}</p>"] if dataset.description else []
    parts.append(f"<p>{_calendar_sentence(calendar)}</p>")
    if plot_points:
        parts.append(f"<p>{_plot_points_sentence(placed - calendar, plot_points, left_out)}</p>")
    if dataset.links:
        parts.append(f"<p>{_links_sentence(len(dataset.links))}</p>")
    return {"text": {"headline": escape(dataset.title), "text": "".join(parts)}}


def _calendar_sentence(calendar: int) -> str:
    one = calendar == 1
    return (f"Exported from Factline: {count(calendar, 'real-life event')} at {'its date' if one else 'their dates'}, "
            f"{'with' if one else 'each with'} its sources, quotes and whether they support or dispute it. "
            "TimelineJS3 cannot show an uncertain date, so a date that is approximate, uncertain or one of "
            "several possibilities is given in words and spans the time it may fall in.")


def _plot_points_sentence(shown: int, plot_points: int, left_out: int) -> str:
    """How many plot points are placed at an air date, and how many are left out for want of one."""
    its = _one_or_many(shown, "its", "their")
    text = ("Plot points happen on screen, at an episode and minute, not on a date. "
            f"{shown} of {plot_points} {_one_or_many(shown, 'is', 'are')} shown at {its} episode's air date, "
            f"in a group of {its} own")
    if not left_out:
        return text + "."
    reason = _one_or_many(left_out, "its episode has", "their episodes have")
    return (f"{text}; {count(left_out, 'plot point')} {_one_or_many(left_out, 'was', 'were')} left out "
            f"because {reason} no air date in the dataset.")


def _links_sentence(links: int) -> str:
    return (f"{count(links, 'link')} between events {_one_or_many(links, 'is', 'are')} left out: "
            f"TimelineJS3 cannot show {_one_or_many(links, 'it', 'them')}.")


def _calendar_slide(dataset: Dataset, event: Event, track: Track) -> dict:
    assert event.date is not None
    slide = _dates(event.date)
    if _needs_words(event.date, slide):
        slide["display_date"] = _flattened(human_date(event.date))
    slide["text"] = {"headline": escape(event.title), "text": _event_html(dataset, event)}
    slide["group"] = _flattened(track.name)
    slide["unique_id"] = event.id
    return slide


def _plot_point_slide(dataset: Dataset, event: Event, track: Track,
                      aired: dict[int, DateBounds | None]) -> dict | None:
    """The plot point at its episode's air date (to the last episode's, for one spanning several)."""
    where = event.narrative
    first = aired.get(where.episode) if where is not None else None
    if where is None or first is None:
        return None
    last = aired.get(where.episode_end) if where.episode_end not in (None, where.episode) else None
    slide = _dates(first)
    if last is not None:
        end = _dates(last)
        ending = end.get("end_date", end["start_date"])
        if ending != slide["start_date"]:
            slide["end_date"] = ending
    episodes = (f"Episodes {where.episode}–{where.episode_end}" if last is not None or where.episode_end
                not in (None, where.episode) else f"Episode {where.episode}")
    slide["display_date"] = _flattened(f"{episodes}, shown at the air date of episode {where.episode}: "
                                   f"{human_date(first)}")
    slide["text"] = {"headline": escape(event.title), "text": _event_html(dataset, event)}
    slide["group"] = aired_group(track)
    slide["unique_id"] = event.id
    return slide


def _aired_dates(dataset: Dataset) -> dict[int, DateBounds | None]:
    return {episode.number: episode.aired for episode in dataset.episodes}


# -- text ---------------------------------------------------------------------------------------


def _event_html(dataset: Dataset, event: Event) -> str:
    """Summary, verdict, dispute and inference, then every citation: all escaped."""
    parts = []
    if event.summary:
        parts.append(f"<p>{escape(event.summary)}</p>")
    if event.verdict is not None:
        parts.append(f"<p><strong>Verdict:</strong> {escape(event.verdict.label)}</p>")
    if event.disputed:
        parts.append(f"<p><strong>Disputed:</strong> {escape(event.disputed)}</p>")
    if event.inference:
        parts.append(f"<p><strong>Our inference:</strong> {escape(event.inference)}</p>")
    if event.citations:
        items = "".join(f"<li>{_citation_html(dataset, c)}</li>" for c in event.citations)
        parts.append(f"<p><strong>Sources</strong></p><ul>{items}</ul>")
    return "".join(parts)


def _citation_html(dataset: Dataset, citation: Citation) -> str:
    """'Supports — <cite>Title</cite>, Publisher: “verified quote” (note)'."""
    source = dataset.sources.get(citation.source_id)
    # "Supports" is the default stance: said of a quote, never of a bare note (an imported row's
    # "not checked against a source" supports nothing)
    stance = "Disputes" if citation.stance is Stance.DISPUTES else "Supports" if citation.quote else "Note"
    title = source.title if source is not None else citation.source_id
    publisher = f", {escape(source.publisher)}" if source is not None and source.publisher else ""
    text = f"<strong>{stance}</strong> — <cite>{escape(title)}</cite>{publisher}"
    if citation.quote:
        verified = " (verified quote)" if citation.span is not None else ""
        text += f": “{escape(citation.quote)}”{verified}"
    if citation.note:
        text += f" ({escape(citation.note)})"
    return text


# -- dates --------------------------------------------------------------------------------------


def _dates(bounds: DateBounds) -> dict:
    """``start_date`` (and ``end_date`` when the date covers more than one unit of its precision),
    each stating only what the date states: a year-precision date gives only the year."""
    start_fields, end_fields = (_FIELDS.get(p, 1) for p in _side_precisions(bounds))
    last_unit = 1 / 86400 if end_fields >= 6 else 1  # core_end is exclusive: its last second, or day
    start, last = bounds.core_start, bounds.core_end - last_unit
    if math.isinf(start):  # open start ("../1990"): TimelineJS3 needs a start, the end is all there is
        start, start_fields, last = last, end_fields, math.inf
    if math.isinf(start):
        start, start_fields = bounds.position if not math.isinf(bounds.position) else 0.0, 1
    slide: dict = {"start_date": _date_object(start, start_fields)}
    if not math.isinf(last):
        end = _date_object(last, end_fields)
        if end != slide["start_date"]:
            slide["end_date"] = end
    return slide


def _date_object(days: float, fields: int) -> dict:
    whole = math.floor(days)
    year, month, day = civil_from_days(whole)
    date: dict = {"year": year}
    if fields >= 2:
        date["month"] = month
    if fields >= 3:
        date["day"] = day
    if fields >= 6:
        seconds = round((days - whole) * 86400)
        date.update(hour=seconds // 3600, minute=seconds // 60 % 60, second=seconds % 60)
    return date


def _side_precisions(bounds: DateBounds) -> tuple[str, str]:
    """The precision of an interval's start and of its end ('1990-10/1991': month, then year)."""
    parts = bounds.edtf.split("/")
    if not bounds.is_interval or len(parts) != 2 or bounds.edtf.startswith(("[", "{")):
        return bounds.precision, bounds.precision
    return _precision_of(parts[0], bounds.precision), _precision_of(parts[1], bounds.precision)


def _precision_of(part: str, fallback: str) -> str:
    try:
        return parse_date(part).precision
    except EdtfError:  # an open or unknown end ('..', ''): nothing stated
        return fallback


def _needs_words(bounds: DateBounds, slide: dict) -> bool:
    """Whether TimelineJS3's own wording of the dates would say more than the date does."""
    if bounds.approximate or bounds.uncertain or bounds.open_start or bounds.open_end:
        return True
    if any(p not in _PLAIN_PRECISIONS for p in _side_precisions(bounds)):
        return True
    if any(slide[key]["year"] < 1 for key in ("start_date", "end_date") if key in slide):
        return True  # EDTF's year 0 is 1 BCE, -1 is 2 BCE: say it in words rather than trust a viewer's count
    return not bounds.is_interval and "end_date" in slide  # one date somewhere in a range
