"""The dataset format's structure again, as pydantic models, for files that fail the fast path.

:mod:`viewer.dataset.schema` validates a whole file at once but stops at its first problem. When it
does, these models check each item on its own, so every problem in the file is reported in one
pass, in words a person can act on, and an item with one bad field is still checked for the rest.
Imported only then: pydantic costs ~0.2 s to import, which startup should not pay. Pure: no Qt.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from viewer.core.model import LINK_KINDS
from viewer.dataset.schema import (
    COLOUR_PATTERN,
    ID_PATTERN,
    MAX_ID,
    MAX_TEXT,
    MAX_TITLE,
    MAX_WHEN,
    SHA256_PATTERN,
    URL_PATTERN,
    WHEN_PATTERN,
)

Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID, pattern=ID_PATTERN)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
Colour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, regex_engine="python-re")


class SourceSpec(_Spec):
    """A published source (see viewer.dataset.schema.SourceRow)."""

    id: Id
    title: Title
    publisher: Title | None = None
    author: Title | None = None
    date: Annotated[str, StringConstraints(max_length=64)] | None = None
    url: Annotated[str, StringConstraints(max_length=2000, pattern=URL_PATTERN)] | None = None
    snapshot: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None
    retrieved: Annotated[str, StringConstraints(max_length=64)] | None = None
    sha256: Annotated[str, StringConstraints(pattern=SHA256_PATTERN)] | None = None


class TrackSpec(_Spec):
    """A lane on one of the two clocks."""

    id: Id
    name: Title
    axis: Literal["calendar", "narrative"]
    color: Colour


class EpisodeSpec(_Spec):
    """An episode of the narrative axis."""

    number: Annotated[int, Field(ge=1, le=10_000)]
    title: Title | None = None
    minutes: Annotated[float, Field(gt=0, le=100_000)] = 50.0
    aired: Annotated[str, StringConstraints(min_length=1, max_length=MAX_WHEN, pattern=WHEN_PATTERN)] | None = None


class CitationSpec(_Spec):
    """A quote or paraphrase of a source."""

    source: Id
    quote: Text | None = None
    note: Text | None = None
    stance: Literal["supports", "disputes"] = "supports"


class EventSpec(_Spec):
    """A real event (calendar track) or a plot point (narrative track)."""

    id: Id
    track: Id
    title: Title
    summary: Text | None = None
    people: list[Title] = []
    when: Annotated[str, StringConstraints(min_length=1, max_length=MAX_WHEN, pattern=WHEN_PATTERN)] | None = None
    episode: Annotated[int, Field(ge=1, le=10_000)] | None = None
    episode_end: Annotated[int, Field(ge=1, le=10_000)] | None = None
    minute: Annotated[float, Field(ge=0, le=100_000)] | None = None
    order: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    verdict: Literal["true", "mostly-true", "inspired", "invented", "unknown"] | None = None
    disputed: Text | None = None
    inference: Text | None = None
    citations: Annotated[list[CitationSpec], Field(min_length=1)]


class LinkSpec(_Spec):
    """A typed relation between two events."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)
    from_: Id = Field(alias="from")
    to: Id
    type: Literal[LINK_KINDS]  # type: ignore[valid-type]
    note: Text | None = None
    citations: list[CitationSpec] = []


class HeaderSpec(_Spec):
    """The file's own fields (the sections are checked one by one)."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    format: Literal["factline/1"]
    title: Title
    description: Text | None = None


SPECS = {"source": SourceSpec, "track": TrackSpec, "episode": EpisodeSpec, "event": EventSpec, "link": LinkSpec}
"""The model of each section's items, by the noun problems use."""

_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def header_problems(raw: dict[str, Any]) -> tuple[HeaderSpec | None, list[tuple[str, str]]]:
    """The header, or None and its (field, message) problems."""
    try:
        return HeaderSpec.model_validate(raw), []
    except ValidationError as exc:
        return None, [(loc(err["loc"]), message(err, HeaderSpec)) for err in exc.errors()]


def validate_items(items: list[Any], spec: type[_Spec]) -> tuple[list[tuple[int, Any]], dict[int, list[dict[str, Any]]]]:
    """(index, model) for the valid items and the salvaged ones, and the errors by item index
    (``-1``: errors about the list itself)."""
    if spec not in _ADAPTERS:
        _ADAPTERS[spec] = TypeAdapter(list[spec])  # type: ignore[valid-type]
    try:  # one call validates the whole list
        return list(enumerate(_ADAPTERS[spec].validate_python(items))), {}
    except ValidationError as exc:
        bad: dict[int, list[dict[str, Any]]] = {}
        for err in exc.errors():
            where = err["loc"]
            index = where[0] if where and isinstance(where[0], int) else -1
            bad.setdefault(index, []).append(err)
    valid: list[tuple[int, Any]] = []
    for index, item in enumerate(items):
        if index not in bad:
            valid.append((index, spec.model_validate(item)))
        elif (salvaged := _salvage(item, bad[index], spec)) is not None:
            valid.append((index, salvaged))
    return valid, bad


def loc(parts: Any) -> str:
    """``citations[0].quote`` for ('citations', 0, 'quote')."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def message(err: dict[str, Any], spec: type[BaseModel]) -> str:
    """What is wrong and what was expected, for one pydantic error."""
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        model = _model_at(spec, err["loc"])
        allowed = ", ".join(f.alias or n for n, f in model.model_fields.items()) if model else ""
        return f"unknown field (expected one of: {allowed})"
    if kind == "missing":
        return "missing; this field is required"
    if isinstance(value, (datetime.date, datetime.time)):  # TOML's bare dates: 'when = 1990-10-21'
        return f"is a TOML date ({value.isoformat()}); write dates as quoted EDTF strings, e.g. \"{value.isoformat()}\""
    if kind == "literal_error":
        return f"{clip(repr(value))} is not allowed; expected {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        field = str(err["loc"][-1])
        expected = {"color": "a colour like '#1f77b4'", "url": "an http:// or https:// address",
                    "when": "an EDTF date such as '1990-10-21', with no space or line break",
                    "aired": "an EDTF date such as '2021-08-06', with no space or line break",
                    "sha256": "the snapshot's SHA-256: 64 lower-case hex digits"}.get(field, "letters, digits and . _ : - (starting with a letter or digit)")
        return f"{clip(repr(value))} is not valid; expected {expected}"
    if kind == "string_too_long":
        return f"is {len(value):,} characters long; at most {err['ctx']['max_length']:,}"
    if kind == "string_too_short":
        return "is empty; expected some text"
    if kind == "too_short":
        return "is empty; expected at least one entry"
    return f"{clip(repr(value))}: {err['msg'][0].lower()}{err['msg'][1:]}" if value is not None and not isinstance(value, (dict, list)) else err["msg"]


def clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _model_at(spec: type[BaseModel], where: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that owns the last field in ``where`` (to list its allowed fields)."""
    model: type[BaseModel] | None = spec
    for part in where[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return model
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        model = next((a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return model


def _salvage(item: Any, errors: list[dict[str, Any]], spec: type[_Spec]) -> Any | None:
    """The item without its malformed fields (and malformed citations), if what is left is valid."""
    if not isinstance(item, dict):
        return None
    cleaned = dict(item)
    bad_citations: set[int] = set()
    for err in errors:
        where = err["loc"][1:]
        if not where or not isinstance(where[0], str):
            return None
        if where[0] == "citations" and len(where) > 1 and isinstance(where[1], int):
            bad_citations.add(where[1])
        else:
            cleaned.pop(where[0], None)
    if bad_citations and isinstance(cleaned.get("citations"), list):
        cleaned["citations"] = [c for i, c in enumerate(cleaned["citations"]) if i not in bad_citations]
    try:
        return spec.model_validate(cleaned)
    except ValidationError:
        return None
