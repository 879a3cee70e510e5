"""Which verified quotes a source's changed snapshot no longer holds. Pure: no Qt.

A dataset's quotes were verified against its snapshots when it loaded. When a snapshot changes on
disk and the reload fails, the dataset on screen is the last good one: :func:`stale_quotes` says
which of its quotes the snapshots as they are now no longer contain, so that nothing reads
"verified" that is not, and :func:`shown_source` what "Show in source" may show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from viewer.core.model import Citation, Dataset
from viewer.core.quotes import find_quote, normalise

QUOTE_SHOWN = 80
"""Characters of a quote a one-line message shows before it is cut with "…"."""


@dataclass(frozen=True)
class StaleQuotes:
    """The shown dataset's quotes measured against its snapshots as they are on disk now."""

    texts: Mapping[str, str | None] = field(default_factory=dict)
    """Current text of each source whose snapshot differs from the verified one, by source id
    (None: the file is missing or cannot be read)."""
    quotes: frozenset[tuple[str, str]] = frozenset()
    """(source id, quote) of every quote its source's current snapshot no longer holds."""
    citations: int = 0
    """How many citations cite one of those quotes."""

    def __bool__(self) -> bool:
        return bool(self.texts)

    def is_stale(self, citation: Citation) -> bool:
        """Whether the current snapshot of the citation's source no longer holds its quote."""
        return citation.quote is not None and (citation.source_id, citation.quote) in self.quotes

    def stale_in(self, source_id: str) -> int:
        """How many distinct quotes of this source its current snapshot no longer holds."""
        return sum(1 for sid, _ in self.quotes if sid == source_id)


NO_STALE_QUOTES = StaleQuotes()
"""Every snapshot is as it was verified."""


def stale_quotes(dataset: Dataset, current: Mapping[str, str | None]) -> StaleQuotes:
    """Measure ``dataset``'s quotes against ``current`` (each snapshot source's text now, by id)."""
    texts = {sid: text for sid, text in current.items()
             if sid in dataset.sources and text != dataset.sources[sid].text}
    if not texts:
        return NO_STALE_QUOTES
    cited = _quotes_cited(dataset, set(texts))
    searched = {sid: normalise(text) for sid, text in texts.items() if text is not None}
    stale = frozenset(key for key in cited if key[0] not in searched or find_quote(key[1], searched[key[0]]) is None)
    return StaleQuotes(texts, stale, sum(count for key, count in cited.items() if key in stale))


def _quotes_cited(dataset: Dataset, sources: set[str]) -> dict[tuple[str, str], int]:
    """How often each (source id, quote) of these sources is cited, by events and links."""
    table = dataset.events
    indices = [i for i, sid in enumerate(table.source_ids) if sid in sources]
    counts: dict[tuple[str, str], int] = {}
    for row in np.flatnonzero(np.isin(table.cite_source, indices)):
        quote = table.cite_quote[int(row)]
        if quote is not None:
            key = (table.source_ids[table.cite_source[row]], quote)
            counts[key] = counts.get(key, 0) + 1
    for citation in (c for link in dataset.links for c in link.citations):
        if citation.quote is not None and citation.source_id in sources:
            key = (citation.source_id, citation.quote)
            counts[key] = counts.get(key, 0) + 1
    return counts


def stale_lines(dataset: Dataset, stale: StaleQuotes) -> list[str]:
    """One line per stale quote, naming its source: for a banner and its details."""
    return [f"{_source_name(dataset, sid)}: “{_clip(quote)}” is not found in the current snapshot"
            for sid, quote in sorted(stale.quotes)]


def _source_name(dataset: Dataset, source_id: str) -> str:
    source = dataset.sources[source_id]
    name = _clip(source.citation_line)
    return f"{name} ({source.snapshot.name})" if source.snapshot else name


def _clip(text: str, limit: int = QUOTE_SHOWN) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class ShownSource:
    """What "Show in source" shows for a citation: the text, the passage to highlight, and a
    line saying which text it is."""

    text: str
    span: tuple[int, int] | None
    note: str


def shown_source(dataset: Dataset, stale: StaleQuotes, citation: Citation) -> ShownSource | None:
    """The snapshot text to show for ``citation``: the verified one while it is unchanged, else
    the current one (the quote highlighted where it is found now); None if the source has none."""
    source = dataset.sources[citation.source_id]
    if citation.source_id not in stale.texts:
        if source.text is None:
            return None
        note = "The quoted passage is highlighted." if citation.span else "Stored text of the source."
        return ShownSource(source.text, citation.span, note)
    text = stale.texts[citation.source_id]
    if text is None:
        return ShownSource("", None, "The snapshot changed on disk and cannot be read now (missing, too big or not "
                                     "UTF-8): there is no current text to show.")
    span = find_quote(citation.quote, normalise(text)) if citation.quote else None
    found = ("The quote is highlighted where it is now." if span else
             "The quote is not found in it." if citation.quote else "")
    return ShownSource(text, span, f"The snapshot changed on disk since it was verified; this is its current text. {found}".strip())
