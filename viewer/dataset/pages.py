"""A saved web page (HTML) or text file as a source's snapshot: decoded by its declared charset,
its main text and metadata extracted by trafilatura. Pure: no Qt.

The page is untrusted: its size is bounded, it is parsed as data (no script runs), and nothing it
names is fetched — trafilatura is given the page's text and no address to download."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from viewer.dataset import schema

MAX_PAGE_BYTES = 8 * 1024 * 1024
"""A saved page bigger than this is refused before it is parsed."""

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, looked
# for where browsers look: in the first 1024 bytes (the HTML standard's pre-scan).
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_PRESCAN_BYTES = 1024


class PageError(Exception):
    """A page or text file that cannot become a snapshot; the message says why, in words."""


@dataclass(frozen=True)
class Page:
    """A snapshot's text and what the page says about itself (None where it says nothing)."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares (a byte-order mark, then a meta charset), or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def decode_page(data: bytes, name: str) -> str:
    """The page's text in its declared encoding; refuses an unknown encoding or bytes not in it."""
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"{name}: the page is {len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,}")
    declared = declared_charset(data)
    encoding = declared or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise PageError(f"{name}: the page declares the unknown character set {encoding!r}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        how = "the page's declared character set" if declared else "assumed: the page declares no character set"
        raise PageError(f"{name}: byte {exc.start:,} is not valid {encoding} ({how})") from None


def text_file(data: bytes, name: str) -> Page:
    """A plain UTF-8 text file, kept as it is."""
    if len(data) > schema.MAX_SNAPSHOT_BYTES:
        raise PageError(f"{name}: the file is {len(data):,} bytes; the limit is {schema.MAX_SNAPSHOT_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PageError(f"{name}: byte {exc.start:,} is not valid UTF-8; save the text as UTF-8") from None
    if not text.strip():
        raise PageError(f"{name}: the file holds no text")
    return Page(text)


def html_page(data: bytes, name: str) -> Page:
    """A saved web page's main text (no menus, scripts or footers) and its metadata."""
    import trafilatura  # imported here: it takes a while, and only this command needs it

    html = decode_page(data, name)
    # No url: trafilatura downloads nothing anyway, and the page's own canonical address is read
    # from its metadata. Precision over recall: menus and footers stay out of the snapshot (and a
    # page of only those has no main text). Dates only from the metadata, never guessed from text.
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, favor_precision=True, include_comments=False, include_images=False, include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = (extracted.text or "").strip() if extracted is not None else ""
    if not text:
        raise PageError(f"{name}: no main text found in the page (is it an index, a login page or only scripts?)")
    return Page(text + "\n", _clean(extracted.title), _clean(extracted.author), _clean(extracted.date),
                _web_address(extracted.url))


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value[:schema.MAX_TITLE] or None


def _web_address(value: str | None) -> str | None:
    """The canonical address if it is one the format accepts (http/https, no spaces)."""
    value = (value or "").strip()
    return value if re.fullmatch(schema.URL_PATTERN, value) and len(value) <= 2000 else None
