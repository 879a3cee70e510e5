"""An event as plain text, for Edit ▸ Copy: its title, when, and what each source says. Pure: no Qt.

Plain text is what a journalist pastes into an article or a note: the quote word for word with
its source, never the panel's HTML.
"""

from __future__ import annotations

from viewer.core.detail_html import safe_url, when_text
from viewer.core.model import Citation, Dataset, Stance
from viewer.core.snapshots import NO_STALE_QUOTES, StaleQuotes


def event_text(dataset: Dataset, event_id: str, stale: StaleQuotes = NO_STALE_QUOTES) -> str:
    """Title, "when · track", the verdict of a plot point, then each citation and its source."""
    event = dataset.event(event_id)
    track = dataset.track(event.track_id)
    lines = [event.title, " · ".join(p for p in (when_text(dataset, event), track.name) if p)]
    if event.verdict is not None:
        lines.append(f"How true to life: {event.verdict.label.lower()}")
    if event.disputed:
        lines.append(f"Disputed: {event.disputed}")
    for citation in event.citations:
        lines.append("")
        lines.extend(citation_lines(dataset, citation, stale))
    return "\n".join(lines)


def citation_lines(dataset: Dataset, citation: Citation, stale: StaleQuotes = NO_STALE_QUOTES) -> list[str]:
    """A quote (or a paraphrase) and the source it comes from, with the source's address."""
    source = dataset.sources[citation.source_id]
    lines = []
    if citation.quote:
        mark = " (not found in the current snapshot)" if stale.is_stale(citation) else ""
        lines.append(f"“{citation.quote}”{mark}")
    if citation.note:
        label = "Disputes this: " if citation.stance is Stance.DISPUTES else ("Note: " if citation.quote else "Paraphrase: ")
        lines.append(label + citation.note)
    url = safe_url(source.url)
    lines.append(f"— {source.citation_line}" + (f", {url}" if url else ""))
    return lines
