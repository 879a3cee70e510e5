"""HTML fragments from other formats as plain text: tags dropped (with everything inside script
and style), entities decoded, whitespace collapsed, length bounded. Pure: no Qt.

A real parser (the standard library's), not a regular expression: ``<scr<script>ipt>`` or a
``>`` inside an attribute cannot smuggle markup through."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

_HIDDEN = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head", "title"})
"""Elements whose content is never text a reader would see."""

_BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "section", "article", "hr", "table", "dt", "dd"})
"""Elements that separate words: their tags become a space, so "a<br>b" reads "a b"."""

ELLIPSIS = "…"


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities decoded in the text handed to handle_data
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BREAKS:  # <br/>: not the start of something hidden
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(fragment: str, limit: int) -> str:
    """``fragment`` (HTML or plain) as one line of plain text of at most ``limit`` characters;
    a longer one is cut at a word where it can be and ends with "…"."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")  # no control characters left
    return bounded(text, limit)


def bounded(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at a word boundary when one is near, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS
