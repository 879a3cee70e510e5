"""Bytes to a parsed document: a :class:`~viewer.dataset.schema.Document` when a JSON file is
well-formed as a whole, else plain data from TOML or JSON; a file that does not parse is refused
with the line, column and nearest item of the fault where they can be found."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import tomli  # tomllib's own code, compiled (mypyc): the same TOML 1.0 and errors, ~1.7x faster

from viewer.dataset import schema
from viewer.dataset.errors import DatasetError, Problem, clip, describe_item
from viewer.dataset.schema import Document
from viewer.dataset.slices import refuse_repeated_keys, reject_constant


def parse_document(data: bytes, name: str, suffix: str) -> Document | dict[str, Any]:
    """Decode bytes of the given type (``.toml``/``.json``): a :class:`~viewer.dataset.schema.Document`
    when a JSON file is well-formed as a whole, else the top-level table as plain data."""
    if len(data) > schema.MAX_FILE_BYTES:
        raise DatasetError.single(name, f"file is {len(data):,} bytes; the limit is {schema.MAX_FILE_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError.single(name, f"is not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        if suffix == ".toml":
            doc = tomli.loads(text)
        else:
            # Syntax first, with the standard parser: it refuses repeated keys, NaN and Infinity
            # (msgspec would keep the last of a repeated key), and builds nothing, which makes it
            # cheap (~1.5 s for a million events). Then msgspec validates the whole file at once.
            json.loads(text, parse_constant=reject_constant, object_pairs_hook=refuse_repeated_keys)
            document = schema.decode_json(text)
            if document is not None:
                return document
            doc = json.loads(text)  # not well-formed: plain data, to report every problem
            if _LONE_SURROGATE_ESCAPE.search(text):
                _refuse_lone_surrogates(doc)
    except tomli.TOMLDecodeError as exc:
        raise DatasetError.single(name, f"is not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        near = _id_before(text, exc.pos)
        raise DatasetError.single(name, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}"
                                        + (f", near the item with id {near!r})" if near else ")")) from None
    except RecursionError:
        raise DatasetError.single(name, "is nested too deeply to be a dataset") from None
    except ValueError as exc:  # e.g. NaN/Infinity in JSON, or too many digits in an integer
        located = (_locate_long_number(text) or _locate_lone_surrogate(text)
                   or (_locate_json_value_problem(text) if suffix == ".json" else None))
        if located is not None:
            raise DatasetError([Problem(name, *located)]) from None
        raise DatasetError.single(name, f"is not valid {suffix[1:].upper()}: {exc}") from None
    if not isinstance(doc, dict):
        raise DatasetError.single(name, f"top level is a {type(doc).__name__}; expected a table/object")
    return doc


_ID_BEFORE = re.compile(r'(?:"id"\s*:|(?<![\w"])id\s*=)\s*"((?:[^"\\]|\\.){1,200})"')  # JSON or TOML


def _id_before(text: str, pos: int) -> str | None:
    """The last ``"id": "…"`` written before ``pos``: where a syntax error is, for a reader of a
    one-line file of megabytes (a hint only: the id may be a source's or a track's)."""
    last = None
    for match in _ID_BEFORE.finditer(text, max(0, pos - 100_000), pos):
        last = match
    return clip(last.group(1), 60) if last else None


class _Marked(dict):
    """An object that repeated ``repeated``, kept to say where (see _locate_json_value_problem)."""

    repeated = ""


class _Constant:
    """NaN or Infinity where a value stood, kept to say where."""

    def __init__(self, name: str):
        self.name = name


def _locate_json_value_problem(text: str) -> tuple[str, str, str] | None:
    """(where, field, message) of the first repeated key or NaN/Infinity in a JSON file, found
    by parsing it again with hooks that mark them instead of refusing; None if neither is there.
    Only a file already refused pays for this."""

    def mark(pairs: list[tuple[str, Any]]) -> dict:
        keys = [key for key, _ in pairs]
        if len(set(keys)) == len(keys):
            return dict(pairs)
        marked = _Marked(pairs)
        marked.repeated = next(key for i, key in enumerate(keys) if key in keys[:i])
        return marked

    try:
        doc = json.loads(text, parse_constant=_Constant, object_pairs_hook=mark)
    except (ValueError, RecursionError):
        return None

    def find(value: Any, field: str) -> tuple[str, str] | None:
        if isinstance(value, _Constant):
            return field, f"{value.name} is not a number JSON allows; expected a number"
        if isinstance(value, _Marked):
            key = value.repeated
            return (f"{field}.{key}" if field else key,
                    "is given twice in one object; expected once (JSON readers would silently keep the last)")
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, child in children:
            found = find(child, f"{field}[{key}]" if isinstance(key, int) else f"{field}.{key}" if field else key)
            if found:
                return found
        return None

    if isinstance(doc, _Marked) or not isinstance(doc, dict):
        found = find(doc, "")
        return ("", *found) if found else None
    for key, value in doc.items():
        noun = {"events": "event", "sources": "source", "tracks": "track", "episodes": "episode", "links": "link"}.get(key)
        if noun and isinstance(value, list):
            for index, item in enumerate(value):
                found = find(item, "")
                if found:
                    return (describe_item(noun, index, item), *found)
        else:
            found = find(value, key)
            if found:
                return ("", *found)
    return None


_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""An escaped UTF-16 surrogate (``\\ud800``): fine in a pair, which stands for one character."""


_LONG_NUMBER = re.compile(r"(?<![\w\"'.])[-+]?\d{%d,}" % (sys.get_int_max_str_digits() + 1))


_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


_KEY_BEFORE = re.compile(r'(?:"((?:[^"\\]|\\.){1,200})"|([A-Za-z0-9_-]{1,200}))\s*[:=]\s*\[?\s*(?:"(?:[^"\\]|\\.)*)?\Z')


def _locate_long_number(text: str) -> tuple[str, str, str] | None:
    """(where, field, message) for an integer longer than Python reads (4,300 digits), in the
    words of the file: its line and column, the item and key it stands under."""
    match = _LONG_NUMBER.search(text)
    if match is None:
        return None
    digits = len(match.group().lstrip("+-"))
    return _located(text, match.start(), f"is a number of {digits:,} digits; at most "
                                          f"{sys.get_int_max_str_digits():,} can be read")


def _locate_lone_surrogate(text: str) -> tuple[str, str, str] | None:
    """The first ``\\uD800``-style escape that is half of a UTF-16 pair without its other half."""
    matches = list(_SURROGATE.finditer(text))
    for i, match in enumerate(matches):
        code = int(match.group(2), 16)
        start = match.start() + len(match.group(1))
        if code < 0xDC00:  # high half: its low half must follow at once
            following = matches[i + 1] if i + 1 < len(matches) else None
            if following and following.start() + len(following.group(1)) == match.end() and int(following.group(2), 16) >= 0xDC00:
                continue
        else:  # low half: a high half must stand right before it
            before = matches[i - 1] if i else None
            if before and before.end() == start and int(before.group(2), 16) < 0xDC00:
                continue
        return _located(text, start, f"holds \\u{match.group(2)}, half of a UTF-16 surrogate pair without its "
                                     "other half, which stands for no character; remove it or write the character itself")
    return None


def _located(text: str, pos: int, what: str) -> tuple[str, str, str]:
    """(where, field, message) for a problem at offset ``pos`` of a file's text."""
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    key = _KEY_BEFORE.search(text, max(0, pos - 400), pos)
    field = (key.group(1) or key.group(2)) if key else ""
    return _toml_item_at(text, pos) or _near_id(text, pos), field, f"{what} (line {line:,}, column {column:,})"


_TOML_TABLE = re.compile(r"^\s*\[\[\s*(sources|tracks|episodes|events|links)\s*\]\]", re.MULTILINE)


_NOUNS = {"sources": "source", "tracks": "track", "episodes": "episode", "events": "event", "links": "link"}


def _toml_item_at(text: str, pos: int) -> str:
    """``episode #2`` or ``event 'x'`` for a TOML file's array-of-tables item holding ``pos``."""
    headers = [m for m in _TOML_TABLE.finditer(text, 0, pos)]
    if not headers:
        return ""
    section = headers[-1].group(1)
    index = sum(1 for m in headers if m.group(1) == section)
    ident = re.search(r'^\s*id\s*=\s*"([^"\n]{1,200})"', text[headers[-1].end():pos], re.MULTILINE)
    return describe_item(_NOUNS[section], index - 1, {"id": ident.group(1)} if ident else None)


def _near_id(text: str, pos: int) -> str:
    near = _id_before(text, pos)
    return f"near the item with id {near!r}" if near else ""


def _refuse_lone_surrogates(doc: Any) -> None:
    """Refuse text holding half of a UTF-16 pair (``"\\ud800"`` alone), which ``json`` accepts
    but which is not a character: it cannot be stored as UTF-8, shown, or exported."""
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text holds an unpaired surrogate escape (half of a UTF-16 pair, such as \\ud800)") from None
