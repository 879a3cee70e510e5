"""A dataset file's parsed text as something operations can change and render again: TOML through
tomlkit (comments, order and formatting of untouched parts survive), JSON as plain data written
with a stable key order. Pure: no Qt.

Sections are the top-level lists (``sources``, ``events``, …); an item is addressed by its
section and index, a nested list (an event's ``citations``) by its item and key."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Comment, Table, Whitespace

TOP_ORDER = ("format", "title", "description", "sources", "tracks", "episodes", "events", "links")
KEY_ORDER = {
    "sources": ("id", "title", "publisher", "author", "date", "url", "snapshot", "retrieved", "sha256"),
    "tracks": ("id", "name", "axis", "color"),
    "episodes": ("number", "title", "minutes", "aired"),
    "events": ("id", "track", "title", "when", "episode", "episode_end", "minute", "order", "people", "summary",
               "verdict", "inference", "disputed", "citations"),
    "links": ("from", "to", "type", "note", "citations"),
    "citations": ("source", "quote", "note", "stance"),
}
"""The order keys are written in: the format's documented order (docs/dataset-format.md)."""

NESTED_INDENT = "  "
"""How a nested table (``[[events.citations]]``) is indented when it has no sibling to copy."""

_WRAP = 96
"""Characters of a long text's lines in a TOML file (the bundled dataset's house style)."""
_KEY_ROOM = 16
"""Room the key takes on a wrapped text's first line (``inference = ` and three quotes)."""


def ordered(item: Mapping[str, Any], section: str) -> dict[str, Any]:
    """The item's keys in the documented order (unknown ones last, as they came)."""
    order = KEY_ORDER.get(section, ())
    rank = {key: i for i, key in enumerate(order)}
    return dict(sorted(item.items(), key=lambda pair: rank.get(pair[0], len(order))))


class Tree:
    """A parsed dataset file that operations change; :meth:`render` gives the new text."""

    def section(self, name: str) -> list[Any]:
        """The items of a top-level list (empty if the file has none)."""
        raise NotImplementedError

    def top(self, key: str) -> Any:
        raise NotImplementedError

    def set_top(self, key: str, value: Any) -> None:
        raise NotImplementedError

    def append(self, section: str, fields: Mapping[str, Any], children: Mapping[str, list[Mapping[str, Any]]] = {}) -> None:
        """Add an item (``fields`` without None values) at the end of ``section``, with nested lists."""
        raise NotImplementedError

    def append_child(self, section: str, index: int, key: str, fields: Mapping[str, Any]) -> None:
        """Add an item at the end of the nested list ``key`` of item ``index``."""
        raise NotImplementedError

    def remove(self, section: str, index: int) -> None:
        raise NotImplementedError

    def update(self, section: str, index: int, fields: Mapping[str, Any]) -> None:
        """Set each field of the item; a None value removes the field."""
        raise NotImplementedError

    def render(self) -> str:
        raise NotImplementedError

    def find(self, section: str, key: str, value: Any) -> int | None:
        """The index of the first item whose ``key`` is ``value``."""
        return next((i for i, item in enumerate(self.section(section)) if item.get(key) == value), None)


def parse_tree(text: str, suffix: str) -> Tree:
    """The tree of a ``.toml`` or ``.json`` file's text (which the loader has accepted)."""
    return TomlTree(text) if suffix == ".toml" else JsonTree(text)


# -- JSON ----------------------------------------------------------------------------------------

class JsonTree(Tree):
    """JSON as plain data, written with two-space indentation and the documented key order, so the
    same dataset is always the same text (the file's own layout is not kept)."""

    def __init__(self, text: str):
        self.data: dict[str, Any] = json.loads(text)

    def section(self, name: str) -> list[Any]:
        return self.data.setdefault(name, []) if name in TOP_ORDER else []

    def top(self, key: str) -> Any:
        return self.data.get(key)

    def set_top(self, key: str, value: Any) -> None:
        if value is None:
            self.data.pop(key, None)
        else:
            self.data[key] = value

    def append(self, section: str, fields: Mapping[str, Any], children: Mapping[str, list[Mapping[str, Any]]] = {}) -> None:
        item = {k: v for k, v in fields.items() if v is not None}
        item.update({key: [dict(c) for c in rows] for key, rows in children.items()})
        self.section(section).append(item)

    def append_child(self, section: str, index: int, key: str, fields: Mapping[str, Any]) -> None:
        self.section(section)[index].setdefault(key, []).append({k: v for k, v in fields.items() if v is not None})

    def remove(self, section: str, index: int) -> None:
        del self.section(section)[index]

    def update(self, section: str, index: int, fields: Mapping[str, Any]) -> None:
        item = self.section(section)[index]
        for key, value in fields.items():
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value

    def render(self) -> str:
        return json.dumps(self._ordered(), ensure_ascii=False, indent=2) + "\n"

    def _ordered(self) -> dict[str, Any]:
        def item(value: Any, section: str) -> Any:
            if not isinstance(value, dict):
                return value
            return {k: [item(c, k) for c in v] if k == "citations" and isinstance(v, list) else v
                    for k, v in ordered(value, section).items()}
        rank = {key: i for i, key in enumerate(TOP_ORDER)}
        top = dict(sorted(self.data.items(), key=lambda pair: rank.get(pair[0], len(rank))))
        return {k: [item(v, k) for v in value] if isinstance(value, list) and k in KEY_ORDER else value
                for k, value in top.items()}


# -- TOML ----------------------------------------------------------------------------------------

class TomlTree(Tree):
    """TOML through tomlkit: only the lines of what changed are written anew.

    tomlkit keeps the comment above a table (and the blank lines around it) at the end of the
    table *before* it; adding, moving or removing tables keeps each comment with what it is about:
    comments set apart by a blank line introduce what follows; a comment right above a table's
    header is that table's own."""

    def __init__(self, text: str):
        self.doc = tomlkit.parse(text)

    def section(self, name: str) -> list[Any]:
        value = self.doc.get(name)
        return value if isinstance(value, (AoT, list)) else []

    def top(self, key: str) -> Any:
        value = self.doc.get(key)
        return value.unwrap() if hasattr(value, "unwrap") else value

    def set_top(self, key: str, value: Any) -> None:
        if value is None:
            if key in self.doc:
                del self.doc[key]
        elif key in self.doc:
            self.doc[key] = toml_value(value)
        else:
            self._insert_top_key(key, toml_value(value))

    def append(self, section: str, fields: Mapping[str, Any], children: Mapping[str, list[Mapping[str, Any]]] = {}) -> None:
        table = _table(fields)
        for key, rows in children.items():
            if rows:
                table.add(tomlkit.nl())
                nested = tomlkit.aot()
                for row in rows:
                    child = _table(row)
                    child.indent(len(NESTED_INDENT))
                    nested.append(child)
                table.append(key, nested)
        self._append_table(section, table)

    def append_child(self, section: str, index: int, key: str, fields: Mapping[str, Any]) -> None:
        item = self.section(section)[index]
        child = _table(fields)
        nested = item.get(key)
        if isinstance(nested, AoT) and len(nested):
            child.indent(len(nested[-1].trivia.indent))
            _hand_on_tail(nested[-1], child)
            nested.append(child)
            return
        child.indent(len(NESTED_INDENT))
        tail = _take_tail(item, from_first_comment=False)
        if key in item:
            del item[key]
        if not _ends_with_blank(item):
            item.add(tomlkit.nl())
        aot = tomlkit.aot()
        aot.append(child)
        item.append(key, aot)
        _deepest(item).value.body.extend(tail)

    def remove(self, section: str, index: int) -> None:
        tables = self.section(section)
        if len(tables) == 1:
            self._empty_section(section)
            return
        gone = tables[index]
        kept_comments = _take_tail(gone, from_first_comment=True)
        if index > 0:
            before = tables[index - 1]
            _drop_own_comment(before)
            _deepest(before).value.body.extend(kept_comments)
        elif kept_comments:  # they introduce the table that becomes the first: write them above it
            following = tables[1]
            following.trivia.indent = "".join(item.as_string() for _, item in kept_comments) + following.trivia.indent
        del tables[index]

    def update(self, section: str, index: int, fields: Mapping[str, Any]) -> None:
        table = self.section(section)[index]
        for key, value in fields.items():
            if value is None:
                if key in table:
                    del table[key]
            else:
                table[key] = toml_value(value)  # an existing key keeps its place; a new one goes last

    def render(self) -> str:
        return tomlkit.dumps(self.doc)

    # -- helpers ---------------------------------------------------------------------------------

    def _append_table(self, section: str, table: Table) -> None:
        tables = self.doc.get(section)
        if isinstance(tables, AoT) and len(tables):
            _hand_on_tail(tables[-1], table)
            tables.append(table)
            return
        if section in self.doc:  # 'events = []' (a new dataset): tables go after every key, at the end
            del self.doc[section]
        table.add(tomlkit.nl())
        aot = tomlkit.aot()
        aot.append(table)
        if not self.doc.as_string().endswith("\n\n"):
            self.doc.add(tomlkit.nl())
        self.doc.append(section, aot)

    def _empty_section(self, section: str) -> None:
        """The section's last table is removed: the required key stays, as an empty list."""
        tail = _take_tail(self.section(section)[0], from_first_comment=True)
        del self.doc[section]
        self._insert_top_key(section, tomlkit.array())
        for _, item in tail:
            self.doc.add(item)

    def _insert_top_key(self, key: str, value: Any) -> None:
        """A top-level key goes among the other keys, before the first table (after it, TOML
        would read it as the table's)."""
        body = self.doc.body
        first_table = next((i for i, (k, v) in enumerate(body) if isinstance(v, (AoT, Table))), len(body))
        plain = [k for k, _ in body[:first_table] if k is not None]
        if plain:
            self.doc._insert_after(plain[-1].key, key, value)  # tomlkit's own placement, by key
        else:
            self.doc._insert_at(0, key, value)


def _table(fields: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in fields.items():
        if value is not None:
            table.add(key, toml_value(value))
    return table


def _deepest(table: Table) -> Table:
    """The table whose body ends ``table`` as written: the last nested table, if it ends with one."""
    while table.value.body:
        last = table.value.body[-1][1]
        if isinstance(last, AoT) and len(last):
            table = last[-1]
        elif isinstance(last, Table):
            table = last
        else:
            break
    return table


def _take_tail(table: Table, from_first_comment: bool) -> list[tuple[None, Any]]:
    """Remove and return the comments and blank lines that end ``table`` as written (only from
    the first comment on, if asked: the blank line before them stays as the table's end)."""
    body = _deepest(table).value.body
    start = len(body)
    while start > 0 and body[start - 1][0] is None and isinstance(body[start - 1][1], (Comment, Whitespace)):
        start -= 1
    if from_first_comment:
        start = next((i for i in range(start, len(body)) if isinstance(body[i][1], Comment)), len(body))
    tail = body[start:]
    del body[start:]
    return tail


def _hand_on_tail(last: Table, new: Table) -> None:
    """``new`` is added after ``last``: the comments that ended ``last`` introduce whatever came
    next, so they now end ``new``; ``last`` keeps a blank line, and so does ``new`` before them."""
    if not new.trivia.indent and last.trivia.indent:
        new.indent(len(last.trivia.indent))
    comments = _take_tail(last, from_first_comment=True)
    separated = _ends_with_blank(last)
    if not separated:
        _deepest(last).add(tomlkit.nl())
    if comments or separated:  # the blank line that stood before them (or before the next section)
        _deepest(new).add(tomlkit.nl())
    _deepest(new).value.body.extend(comments)


def _ends_with_blank(table: Table) -> bool:
    body = _deepest(table).value.body
    return bool(body) and body[-1][0] is None and isinstance(body[-1][1], Whitespace) and "\n" in body[-1][1].s


def _drop_own_comment(before: Table) -> None:
    """Remove the comment lines right above the next table's header (no blank line between): they
    are about that table, which is being removed."""
    body = _deepest(before).value.body
    while body and body[-1][0] is None and isinstance(body[-1][1], Comment):
        body.pop()


def toml_value(value: Any) -> Any:
    """A value as tomlkit writes it: a long text wrapped in the house style."""
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # minute = 20, not 20.0 (the format takes either)
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        array.extend(toml_string(v) if isinstance(v, str) else v for v in value)
        return array
    return value


def toml_string(value: str) -> Any:
    """A text as a TOML string: a long one of a single paragraph as a multi-line string whose lines
    end in a backslash (read back as one line), as the bundled dataset writes them; anything the
    wrapped form would not read back exactly is written as a plain string."""
    if "\n" in value:
        return _read_back(tomlkit.string(value, multiline=True), value)
    if len(value) <= _WRAP - 20 or not _WRAPPABLE.fullmatch(value):
        return tomlkit.string(value)
    lines, line = [], ""
    for word in value.split(" "):
        width = _WRAP - 2 - (0 if lines else _KEY_ROOM)  # the first line follows 'summary = """'
        if line and len(line) + 1 + len(word) > width:
            lines.append(line + " \\")
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    raw = "\n".join(lines)
    return _read_back(tomlkit.items.String(tomlkit.items.StringType.MLB, value, raw, tomlkit.items.Trivia()), value)


def _read_back(written: Any, value: str) -> Any:
    """``written`` if TOML reads it back as ``value`` (a multi-line string turns CR LF into LF),
    else ``value`` as a plain one-line string, escapes and all."""
    try:
        if tomllib.loads(f"x = {written.as_string()}")["x"] == value:
            return written
    except tomllib.TOMLDecodeError:
        pass
    return tomlkit.string(value)


_WRAPPABLE = re.compile(r'[^\\"\x00-\x1f\x7f]+(?:"[^\\"\x00-\x1f\x7f]+)*')
"""A text the wrapped form can hold as written: no backslash, control character, or two quotes in a
row (they would need escapes), and single spaces between words (a space at a line's end is eaten)."""
