"""Reference-list entries for a source, in APA 7 and Chicago author-date (18th ed.). Pure: no Qt.

Why not citeproc-py with the official CSL styles (issue #19's suggestion): citeproc-py 0.11.1
installs and runs on Python 3.11 with lxml 6, but on our sources it writes wrong references:
APA repeats a missing author's title ("Title?. (n.d.). Title?.") and writes "Retrieved URL"
without the date; Chicago puts the period outside the closing quote and adds a stray
"Edition.". It would also cost 250 KB of CSL files and still need our own name and date
parsing. A source here is always one kind (an article on the web or in a paper: author,
date, title, publisher, address, retrieval date), so two small rules are simpler and right.

What is kept as written: titles' capitalisation (changing a dataset's case guesses wrong on
names) and publishers' names (Chicago drops a newspaper's leading "The"; we cannot tell a
newspaper from a web site). Entries are plain text for the clipboard, and escaped HTML with
the publisher in italics (both styles italicise a periodical's name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from viewer.core.model import Source

STYLES = ("APA", "Chicago")
"""The styles offered, by the names shown in the menu."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_AUTHORS_SPLIT = re.compile(r"\s*;\s*|\s+(?:and|&)\s+")


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry: ``parts`` are (text, italic) runs, in order."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)

    @property
    def html(self) -> str:
        return "".join(f"<i>{escape(text)}</i>" if italic else escape(text) for text, italic in self.parts)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """An EDTF date's year, and its month and day where given (qualifiers such as ``?`` dropped)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        match = _DATE.match(text or "")
        if match is None:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:  # EDTF seasons (21-24): the year only
            return cls(year)
        return cls(year, month, day if month is not None else None)

    def month_day(self) -> str:
        """'October 22', 'August', or ''."""
        if self.month is None:
            return ""
        return MONTHS[self.month - 1] + (f" {self.day}" if self.day else "")

    def long(self) -> str:
        """'October 22, 1990', 'August 2021', '2019'."""
        if self.day:
            return f"{self.month_day()}, {self.year}"
        return f"{self.month_day()} {self.year}".strip()


def split_authors(author: str | None) -> list[tuple[str, str]]:
    """(family, given) of each author: "Robert Ruby and Yulia Karra" or "Ruby, Robert; Karra, Y.".
    A one-word name (an agency such as "Reuters") has no given name."""
    names = []
    for name in _AUTHORS_SPLIT.split((author or "").strip()):
        name = " ".join(name.split())
        if not name:
            continue
        if "," in name:
            family, given = (p.strip() for p in name.split(",", 1))
        else:
            *given_words, family = name.split(" ")
            given = " ".join(given_words)
        names.append((family, given))
    return names


def initials(given: str) -> str:
    """'Robert' -> 'R.', 'Jean-Paul M.' -> 'J.-P. M.'."""
    words = []
    for word in given.split():
        words.append("-".join(f"{piece[0]}." for piece in word.split("-") if piece))
    return " ".join(words)


def _series(names: list[str], last_joint: str) -> str:
    """'A', 'A{joint}B' for two (APA: ', & '; Chicago: ' and '), 'A, B, {joint}C' for more."""
    if len(names) <= 2:
        return last_joint.join(names) if len(names) == 2 else "".join(names)
    return ", ".join(names[:-1]) + "," + last_joint.lstrip(",") + names[-1]


def _ended(text: str, mark: str = ".") -> str:
    """``text`` ending in ``mark`` unless it already ends in a stop, question or exclamation mark."""
    return text if text.endswith((".", "?", "!")) else text + mark


def apa(source: Source) -> Reference:
    """APA 7: ``Ruby, R. (1990, October 22). Title. Publisher. Retrieved …, from URL``; a source
    without an author is led by its title, one without a date has "(n.d.)"."""
    authors = [f"{family}, {initials(given)}" if given else family for family, given in split_authors(source.author)]
    date = PartialDate.parse(source.date)
    when = f"({date.year}, {date.month_day()})" if date and date.month else f"({date.year})" if date else "(n.d.)"
    parts: list[tuple[str, bool]] = []
    if authors:
        parts += [(_ended(_series(authors, ", & ")) + f" {when}. ", False), (_ended(source.title) + " ", False)]
    else:
        parts.append((f"{_ended(source.title)} {when}. ", False))
    if source.publisher and source.publisher != source.author:
        parts += [(source.publisher, True), (". ", False)]
    url = _address(source)
    retrieved = PartialDate.parse(source.retrieved)
    if url and retrieved:
        parts.append((f"Retrieved {retrieved.long()}, from {url}", False))
    elif url:
        parts.append((url, False))
    return Reference(_trimmed(parts))


def chicago(source: Source) -> Reference:
    """Chicago author-date: ``Ruby, Robert. 1990. “Title.” Publisher, October 22. Accessed …. URL.``;
    without an author the publisher leads (as CMOS has a newspaper's name stand in), then the title."""
    names = split_authors(source.author)
    authors = [f"{names[0][0]}, {names[0][1]}" if names[0][1] else names[0][0]] if names else []
    authors += [f"{given} {family}".strip() for family, given in names[1:]]
    date = PartialDate.parse(source.date)
    year = str(date.year) if date else "n.d."
    title = "“" + _ended(source.title.replace("“", "‘").replace("”", "’")) + "”"
    publisher = source.publisher if source.publisher != source.author else None
    parts: list[tuple[str, bool]] = []
    if authors or publisher:
        lead = (_ended(_series(authors, ", and ")), False) if authors else (publisher, True)
        parts += [lead, (("" if authors else ".") + f" {_ended(year)} {title} ", False)]
        if authors and publisher:
            parts.append((publisher, True))
    else:
        parts.append((f"{title} {_ended(year)} ", False))
    month_day = date.month_day() if date else ""
    if month_day:
        parts.append((f"{', ' if authors and publisher else ''}{month_day}", False))
    if (authors and publisher) or month_day:
        parts.append((". ", False))
    retrieved = PartialDate.parse(source.retrieved)
    url = _address(source)
    if url and retrieved:
        parts.append((f"Accessed {retrieved.long()}. ", False))
    if url:
        parts.append((_ended(url), False))
    return Reference(_trimmed(parts))


def _address(source: Source) -> str | None:
    """The source's web address, only http(s) (as the panel links only those)."""
    url = (source.url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def _trimmed(parts: list[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    """The runs with the entry's trailing space removed."""
    while parts and not parts[-1][0].rstrip():
        parts.pop()
    if parts:
        text, italic = parts[-1]
        parts[-1] = (text.rstrip(), italic)
    return tuple(parts)


def reference(source: Source, style: str) -> Reference:
    """The entry for ``source`` in one of :data:`STYLES`."""
    if style == "APA":
        return apa(source)
    if style == "Chicago":
        return chicago(source)
    raise ValueError(f"unknown citation style {style!r}; expected one of {', '.join(STYLES)}")
