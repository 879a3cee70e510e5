"""HTML for the detail panel, built from a dataset. Pure: no Qt.

Every piece of dataset text goes through :func:`html.escape`, so a title such as
``<img src=x onerror=…>`` shows literally and never as markup. Internal links use the
``event:`` and ``source:`` schemes, which the panel handles itself; only ``http``/``https``
source URLs are ever linked.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote as url_quote, urlsplit

from viewer.core.claims import DISPUTED, DISPUTED_MEANING, INFERRED, INFERRED_MEANING, disputed_rows, inferred_rows
from viewer.core.dates import human_date
from viewer.core.model import AxisKind, Citation, Dataset, Event, Stance
from viewer.core.search import FieldMatch, what_matched
from viewer.core.snapshots import NO_STALE_QUOTES, StaleQuotes
from viewer.core.theme import Theme
from viewer.core.words import count, number

STALE_MARK = "✖ not found in the current snapshot"
"""What a quote reads once its source's snapshot changed on disk and no longer holds it."""
STALE_COLOUR = "#c0392b"

Marks = dict[tuple[str, object], tuple[tuple[int, int], ...]]
"""Where a search matched: (field, citation index or source id) -> spans in the field's text."""

LINK_WORDS = {
    "inspired-by": ("Inspired by", "Inspired"),
    "based-on": ("Based on", "Basis for"),
    "named-after": ("Named after", "Name carried by"),
    "parallels": ("Parallels", "Parallelled by"),
    "contrasts-with": ("Contrasts with", "Contrasted by"),
}


def when_text(dataset: Dataset, event: Event) -> str:
    """The event's position in words with its real precision."""
    if event.date is not None:
        return human_date(event.date)
    if event.narrative is not None:
        n = event.narrative
        ep = dataset.episode(n.episode)
        text = f"Episode {n.episode}"
        if ep and ep.title:
            text += f" “{ep.title}”"
        if n.episode_end and n.episode_end != n.episode:
            text = f"Episodes {n.episode}–{n.episode_end}"
        if n.minute is not None:
            text += f", minute {n.minute:g}"  # as the file gives it: no "around" it did not say
        return text
    return ""


def safe_url(url: str | None) -> str | None:
    """The URL if it is plain http(s), else None (javascript:, file:, data: … are never linked)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def marked(text: str, spans: tuple[tuple[int, int], ...] | None, theme: Theme) -> str:
    """``text`` escaped, with the characters of each span highlighted (each piece escaped on its own)."""
    if not spans:
        return escape(text)
    out, at = [], 0
    for start, end in spans:
        out.append(escape(text[at:start]))
        out.append(f'<span style="background-color: {theme.highlight}; color: #000000;">{escape(text[start:end])}</span>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def citation_html(dataset: Dataset, citation: Citation, ref: str, theme: Theme, marks: Marks | None = None,
                  index: int | None = None, stale: StaleQuotes = NO_STALE_QUOTES) -> str:
    """One citation; ``marks`` highlight what a search matched (its quote and note by ``index``)."""
    marks = marks or {}
    source = dataset.sources[citation.source_id]
    parts = []
    disputes = citation.stance is Stance.DISPUTES
    if citation.quote:
        mark = "✔ verified quote" if citation.span else "quote"
        if stale.is_stale(citation):
            mark = f'<b style="color: {STALE_COLOUR};">{STALE_MARK}</b>'
        parts.append(
            f'<table width="100%" cellspacing="0" cellpadding="6" style="margin: 4px 0;">'
            f'<tr><td width="3" bgcolor="{theme.muted}"></td><td>'
            f'<i>“{marked(citation.quote, marks.get(("quote", index)), theme)}”</i></td></tr></table>'
        )
        parts.append(f'<p style="margin: 0 0 2px 10px; color: {theme.muted};"><small>{mark} · '
                     f'<a href="source:{url_quote(ref)}">Show in source</a></small></p>')
    if citation.note:
        label = "Disputes this: " if disputes else ("Note: " if citation.quote else "Paraphrase: ")
        parts.append(f'<p style="margin: 2px 0 2px 10px;">{label}{marked(citation.note, marks.get(("note", index)), theme)}</p>')
    elif disputes:
        parts.append('<p style="margin: 2px 0 2px 10px;"><b>Disputes this claim.</b></p>')
    line = marked(source.title, marks.get(("source title", source.id)), theme)
    publisher = marked(source.publisher, marks.get(("source publisher", source.id)), theme) if source.publisher else None
    tail = ", ".join(p for p in (publisher, *(escape(p) for p in (source.author, source.date) if p)) if p)
    url = safe_url(source.url)
    title = f'<a href="{escape(url, quote=True)}">{line}</a>' if url else line
    parts.append(f'<p style="margin: 0 0 10px 10px; color: {theme.muted};"><small>— {title}'
                 f'{", " + tail if tail else ""}</small></p>')
    return "".join(parts)


def matched_html(matches: list[FieldMatch], query: str, theme: Theme) -> str:
    """'Matches “allocine” in: summary, source publisher' above an event a search found."""
    if not matches:
        return ""
    fields = ", ".join(dict.fromkeys(m.field for m in matches))
    return (f'<p style="margin: 0 0 6px 0; color: {theme.muted};"><small>Matches “{escape(" ".join(query.split()))}” '
            f"in: {escape(fields)}</small></p>")


def event_html(dataset: Dataset, event_id: str, theme: Theme, query: str = "",
               stale: StaleQuotes = NO_STALE_QUOTES) -> str:
    """The full detail view of one event; with a search ``query``, what it matched is highlighted
    and the fields it matched in are named; ``stale`` quotes read as not found in the current snapshot."""
    event = dataset.event(event_id)
    track = dataset.track(event.track_id)
    matches = what_matched(dataset, event_id, query) if query.strip() else []
    marks: Marks = {(m.field, m.key): m.spans for m in matches}
    out = [f'<h2 style="margin-bottom: 2px;">{marked(event.title, marks.get(("title", None)), theme)}</h2>',
           f'<p style="margin-top: 0;"><span style="color: {track.color};">■</span> {escape(track.name)}'
           f' · <b>{escape(when_text(dataset, event))}</b></p>', matched_html(matches, query, theme)]
    if event.verdict is not None:
        colour = theme.verdicts[event.verdict]
        out.append(f'<p><span style="background-color: {colour}; color: #ffffff;">&nbsp;{escape(event.verdict.label)}&nbsp;</span>'
                   f' <small style="color: {theme.muted};">{escape(event.verdict.meaning)} '
                   "(how true to life this plot point is)</small></p>")
    if event.disputed:
        out.append(f'<p><b style="color: {theme.disputed};">? Disputed.</b> {marked(event.disputed, marks.get(("disputed", None)), theme)}</p>')
    if event.inference:
        out.append(f'<p><b>Inference.</b> {marked(event.inference, marks.get(("inference", None)), theme)}</p>')
    if event.summary:
        out.append(f"<p>{marked(event.summary, marks.get(('summary', None)), theme)}</p>")
    if event.people:
        out.append(f'<p><small style="color: {theme.muted};">People:</small> '
                   f'{marked(", ".join(event.people), marks.get(("people", None)), theme)}</p>')
    out.append("<h4>Sources</h4>")
    for i, citation in enumerate(event.citations):
        out.append(citation_html(dataset, citation, f"event/{event.id}/{i}", theme, marks, i, stale))
    links = dataset.links_of(event.id)
    if links:
        out.append("<h4>Linked events</h4>")
        for n, link in enumerate(dataset.links):
            if link not in links:
                continue
            outgoing = link.from_id == event.id
            other = dataset.event(link.to_id if outgoing else link.from_id)
            other_track = dataset.track(other.track_id)
            verb = LINK_WORDS.get(link.kind, (link.kind, link.kind))[0 if outgoing else 1]
            out.append(f'<p style="margin: 6px 0 2px 0;">{escape(verb)}: <a href="event:{url_quote(other.id)}">'
                       f'{escape(other.title)}</a> <small style="color: {theme.muted};">({escape(other_track.name)}, '
                       f'{escape(when_text(dataset, other))})</small></p>')
            if link.note:
                out.append(f'<p style="margin: 0 0 2px 10px;">{escape(link.note)}</p>')
            for i, citation in enumerate(link.citations):
                out.append(citation_html(dataset, citation, f"link/{n}/{i}", theme, stale=stale))
    return "".join(out)


LIST_LIMIT = 300
"""Events listed for a count box at most; the rest are counted (a search narrows them)."""


def events_list_html(dataset: Dataset, event_ids: list[str], theme: Theme, limit: int = LIST_LIMIT) -> str:
    """The events of a count box that no zoom can spread (they all start at one instant), by
    title, each a link that selects it."""
    events = sorted((dataset.event(i) for i in event_ids[:limit] if dataset.has_event(i)), key=lambda e: e.title.casefold())
    tracks = {dataset.track(e.track_id).name for e in events}
    where = f" in {escape(next(iter(tracks)))}" if len(tracks) == 1 else ""
    out = [f'<h2 style="margin-bottom: 2px;">{count(len(event_ids), "event")}{where}</h2>']
    if events:
        out.append(f'<p style="margin-top: 0;">All start at the same time, <b>{escape(when_text(dataset, events[0]))}</b>, '
                   "so zooming in cannot set them apart. Pick one to read it:</p>")
    for event in events:
        out.append(f'<p style="margin: 3px 0;"><a href="event:{url_quote(event.id)}">{escape(event.title)}</a> '
                   f'<small style="color: {theme.muted};">{escape(when_text(dataset, event))}</small></p>')
    if len(event_ids) > limit:
        out.append(f'<p style="color: {theme.muted};">… and {number(len(event_ids) - limit)} more. Search (Ctrl+F) for a title '
                   "to find one of them.</p>")
    return "".join(out)


def claim_list_html(dataset: Dataset, title: str, note: str, event_ids: list[str], theme: Theme,
                    limit: int = LIST_LIMIT) -> str:
    """A list of events that share a verdict or a mark (disputed, inferred): the title, what it
    means, and each event (in the order given) as a link that selects it."""
    events = [dataset.event(i) for i in event_ids[:limit] if dataset.has_event(i)]
    noun = "plot point" if events and all(e.verdict is not None for e in events) else "event"
    out = [f'<h2 style="margin-bottom: 2px;">{escape(title)} · {count(len(event_ids), noun)}</h2>',
           f'<p style="margin-top: 0; color: {theme.muted};">{escape(note)}</p>']
    for event in events:
        track = dataset.track(event.track_id)
        out.append(f'<p style="margin: 3px 0;"><span style="color: {track.color};">■</span> '
                   f'<a href="event:{url_quote(event.id)}">{escape(event.title)}</a> '
                   f'<small style="color: {theme.muted};">{escape(when_text(dataset, event))}</small></p>')
    if len(event_ids) > limit:
        out.append(f'<p style="color: {theme.muted};">… and {len(event_ids) - limit:,} more.</p>')
    return "".join(out)


def verdicts_html(dataset: Dataset, theme: Theme) -> str:
    """'How true is it?': each verdict the plot points have, with its count and its meaning."""
    counts = dataset.verdict_counts()
    total = sum(counts.values())
    if not total:
        return ""
    out = ["<h4>How true is it?</h4>"]
    for verdict, n in counts.items():
        if n:
            colour = theme.verdicts[verdict]
            out.append(f'<p style="margin: 2px 0;"><span style="color: {colour};">■</span> '
                       f'<b>{escape(verdict.label)}</b> {n:,} ({100 * n / total:.0f}%) — {escape(verdict.meaning)}</p>')
    return "".join(out)


def overview_html(dataset: Dataset, theme: Theme, stale: StaleQuotes = NO_STALE_QUOTES) -> str:
    """What the panel shows when nothing is selected."""
    counts = {axis: dataset.events_on(axis) for axis in AxisKind}
    out = [f"<h2>{escape(dataset.title)}</h2>"]
    if dataset.description:
        out.append(f"<p>{escape(dataset.description)}</p>")
    # a quote its source's snapshot no longer holds is not counted as verified (the status bar agrees)
    not_found = f" · {stale.citations:,} not found in the current snapshot" if stale.citations else ""
    out.append(f"<p>{count(counts[AxisKind.CALENDAR], 'real-world event')} · {count(counts[AxisKind.NARRATIVE], 'plot point')} · "
               f"{count(len(dataset.links), 'link')} · {count(dataset.quotes_verified - stale.citations, 'verified quote')}"
               f"{not_found}</p>")
    out.append(f'<p style="color: {theme.muted};">Click an event on the timeline to read what the sources say. '
               "Scroll to zoom, drag to pan, Home to fit everything, ↓ and ↑ to step through events.</p>")
    out.append(verdicts_html(dataset, theme))
    out.append(marks_html(dataset, theme))
    out.append("<h4>Sources</h4>")
    for source in dataset.sources.values():
        url = safe_url(source.url)
        title = f'<a href="{escape(url, quote=True)}">{escape(source.title)}</a>' if url else escape(source.title)
        tail = ", ".join(escape(p) for p in (source.publisher, source.date) if p)
        snap = _snapshot_note(source.id, source.text is not None, stale)
        # apart from each other, and wrapped lines indented, so one entry's second line is not read as the next
        out.append(f'<p style="margin: 0 0 6px 12px; text-indent: -12px;">{title}{", " + tail if tail else ""}'
                   f'<small style="color: {theme.muted};">{snap}</small></p>')
    return "".join(out)


def marks_html(dataset: Dataset, theme: Theme) -> str:
    """How many events are disputed or inferred, and what the marks for them mean."""
    table = dataset.events
    rows = [(DISPUTED, "?", len(disputed_rows(table)), DISPUTED_MEANING),
            (INFERRED, "◌", len(inferred_rows(table)), INFERRED_MEANING)]
    if not any(n for _, _, n, _ in rows):
        return ""
    out = ["<h4>Marks</h4>"]
    for name, sign, n, meaning in rows:
        if n:
            out.append(f'<p style="margin: 2px 0;"><b>{sign} {name}</b> {n:,} — {escape(meaning)}</p>')
    return "".join(out)


def _snapshot_note(source_id: str, stored: bool, stale: StaleQuotes) -> str:
    if source_id in stale.texts:
        missing = stale.stale_in(source_id)
        return (f" · snapshot changed on disk: {count(missing, 'quote')} not found in it" if missing
                else " · snapshot changed on disk; its quotes are still found in it")
    return " · snapshot stored, quotes verified" if stored else ""


def resolve_citation(dataset: Dataset, ref: str) -> Citation | None:
    """The citation a ``source:`` link refers to (``event/<id>/<i>`` or ``link/<n>/<i>``)."""
    parts = ref.split("/")
    try:
        kind, key, index = parts[0], "/".join(parts[1:-1]), int(parts[-1])
        if kind == "event":
            return dataset.event(key).citations[index]
        if kind == "link":
            return dataset.links[int(key)].citations[index]
    except (ValueError, KeyError, IndexError):
        return None
    return None
