"""Fuzzing the loader: whatever a file holds, loading ends in a Dataset or the project's own
DatasetError with a message — never another exception, never a hang. Pure: no Qt.

Inputs: random bytes, random JSON/TOML-like documents, documents shaped like datasets with
random field values, and mutations (structural and byte-level) of a small valid dataset and of
the bundled Hit & Run dataset. Each example has a deadline, so a slow path fails as a bug.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import time
import tomllib
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, a_calendar_event, a_citation, a_dataset_with, a_plot_point
from viewer.dataset.load import DatasetError, build_dataset, parse_document
from viewer.core.dates import EdtfError, human_date, iso_from_days, parse_date
from viewer.core.model import LINK_KINDS, Dataset
from viewer.core.quotes import NormalisedText, _cuts_word, find_quote, normalise

# A hang shows up as a missed deadline: ten seconds, which no example comes near (a mutated bundled
# dataset builds in ~0.1 s) but which a machine whose two cores run other work as well never
# misses by accident (two seconds is the one timing-dependent part of these tests). The counts keep the
# whole file well under a minute on two cores. FACTLINE_FUZZ_SCALE=20 multiplies every count, to
# fuzz harder before a release.
SCALE = max(1, int(os.environ.get("FACTLINE_FUZZ_SCALE", "1")))


def examples(count: int) -> int:
    return count * SCALE


FUZZ = settings(max_examples=examples(150), deadline=timedelta(seconds=10),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_loads_or_explains(load: Any) -> Dataset | DatasetError:
    """Run ``load()``; a Dataset or a DatasetError with real messages are the only outcomes."""
    try:
        result = load()
    except DatasetError as exc:
        assert exc.problems, "a DatasetError must list at least one problem"
        for problem in exc.problems:
            assert isinstance(problem.message, str) and problem.message.strip(), problem
            assert problem.file, problem
        assert str(exc).strip()
        return exc
    assert isinstance(result, Dataset), type(result)
    return result


@pytest.fixture(scope="module")
def bundled_raw() -> dict[str, Any]:
    """The bundled Hit & Run dataset as parsed data. Fails (never skips) when it is missing."""
    assert BUNDLED.is_file(), f"the bundled dataset is missing: {BUNDLED}"
    return tomllib.loads(BUNDLED.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Value strategies

FIELD_NAMES = sorted({
    "format", "title", "description", "sources", "tracks", "episodes", "events", "links", "id", "publisher",
    "author", "date", "url", "snapshot", "name", "axis", "color", "number", "minutes", "source", "quote", "note",
    "stance", "track", "summary", "people", "when", "episode", "episode_end", "minute", "order", "verdict",
    "disputed", "inference", "citations", "from", "to", "type",
})
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=12)
json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
toml_scalars = json_scalars | st.dates() | st.datetimes() | st.times()


def documents(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(scalars, lambda children: st.lists(children, max_size=5)
                        | st.dictionaries(keys, children, max_size=6), max_leaves=20)


json_values = documents(json_scalars)
toml_values = documents(toml_scalars)


def shaped(wild: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Documents shaped like datasets. Wild ones put anything at all in a field now and then;
    tame ones keep every value plausible (ids from small pools, non-empty text), so some are
    valid and the deep code (quote checks, placement, links) runs too."""

    def pick(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(good, good, good, toml_values) if wild else good

    def pool(*names: str) -> st.SearchStrategy[str]:
        return st.sampled_from(names) | st.text(max_size=8) if wild else st.sampled_from(names)

    source_ids, track_ids, event_ids = pool("article", "web", "nosnap"), pool("real", "screen"), pool("e1", "e2", "p1", "p2")
    texts = (st.sampled_from(["A title", "<img src=x onerror=alert(1)>", "", " ", "x" * 501]) | st.text(max_size=30)
             if wild else st.sampled_from(["A title", "<a href=file:///etc/passwd>x</a>"]) | st.text(min_size=1, max_size=20))
    quotes = st.sampled_from([
        "was killed in a terror attack", "served in Unit 9", "I wanted to tell a story about loss... and about love",
        "Lisbon's restaurants", "was kill", "born in 1971", "", "\u2026",
    ]) | (st.text(max_size=30) if wild else st.nothing())
    edtf = st.sampled_from([
        "1990", "1990-10-21", "1990~", "199X", "19XX", "1989/1993", "1993/..", "../1990", "1990-21", "1990?",
        "-0100", "Y-20000", "Y170000002", "1990-02-30", "1990/1989", "2001-02-29", "1984-06-02?/2004-08-08~",
        "[1667,1668,1670..1672]", "{1960,1961-12}", "1990-13", "", "   ", "X" * 65,
    ]) | (st.text(max_size=20) if wild else st.nothing())
    numbers = st.floats() | st.integers(-5, 200) if wild else st.floats(0, 60) | st.integers(0, 60)
    episode_numbers = st.integers(-1, 12) | st.sampled_from([10_000, 10_001, 2**63]) if wild else st.integers(1, 4)

    sources = st.fixed_dictionaries(
        {"id": pick(source_ids), "title": pick(texts)},
        optional={"publisher": pick(texts), "author": pick(texts), "date": pick(edtf),
                  "url": pick(st.sampled_from(["https://example.com/a", "http://x.y", "javascript:alert(1)",
                                               "file:///etc/passwd", "https://", "https://a b"])),
                  "snapshot": pick(st.sampled_from(["article.txt", "sub/web.txt", "missing.txt", "../x.txt",
                                                    "/etc/passwd", "sub", ".", "a\x00b", "sub/../article.txt"]))})
    tracks = st.fixed_dictionaries({
        "id": pick(track_ids), "name": pick(texts),
        "axis": pick(st.sampled_from(["calendar", "narrative"] + (["Calendar"] if wild else []))),
        "color": pick(st.sampled_from(["#1f77b4", "#D62728"] + (["red", "#12345"] if wild else []))),
    })
    episodes = st.fixed_dictionaries(
        {"number": pick(episode_numbers)}, optional={"title": pick(texts), "minutes": pick(numbers)})
    citations = st.fixed_dictionaries(
        {"source": pick(source_ids)},
        optional={"quote": pick(quotes), "note": pick(texts),
                  "stance": pick(st.sampled_from(["supports", "disputes"] + (["neutral"] if wild else [])))})
    events = st.fixed_dictionaries(
        {"id": pick(event_ids), "track": pick(track_ids), "title": pick(texts),
         "citations": pick(st.lists(citations, min_size=0 if wild else 1, max_size=3))},
        optional={"when": pick(edtf), "episode": pick(episode_numbers), "episode_end": pick(episode_numbers),
                  "minute": pick(numbers), "order": pick(st.integers(-5, 10**7) if wild else st.integers(0, 5)),
                  "verdict": pick(st.sampled_from(["true", "mostly-true", "inspired", "invented", "unknown"]
                                                  + (["false"] if wild else []))),
                  "summary": pick(texts), "people": pick(st.lists(texts, max_size=3)), "disputed": pick(texts),
                  "inference": pick(texts)})
    links = st.fixed_dictionaries(
        {"from": pick(event_ids), "to": pick(event_ids),
         "type": pick(st.sampled_from([*LINK_KINDS] + (["causes"] if wild else [])))},
        optional={"note": pick(texts), "citations": pick(st.lists(citations, max_size=2))})
    optional: dict[str, st.SearchStrategy[Any]] = {
        "description": pick(texts), "episodes": pick(st.lists(episodes, max_size=4)),
        "links": pick(st.lists(links, max_size=4))}
    if wild:
        optional["extra"] = toml_values
    return st.fixed_dictionaries(
        {"format": pick(st.sampled_from(["factline/1"] + (["factline/2"] if wild else []))), "title": pick(texts),
         "sources": pick(st.lists(sources, max_size=4)), "tracks": pick(st.lists(tracks, max_size=3)),
         "events": pick(st.lists(events, max_size=6))},
        optional=optional)


dataset_shaped = shaped(wild=True) | shaped(wild=False)


# ---------------------------------------------------------------------------------------------
# Random bytes and random documents


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".toml", ".json"]))
def test_random_bytes_parse_or_raise_dataset_error(data, suffix):
    assert_loads_or_explains(lambda: build_dataset(parse_document(data, f"fuzz{suffix}", suffix), name=f"fuzz{suffix}"))


SYNTAX = st.text(alphabet='[]{}",:=.#\'\\ \n\t-+_01239aefilnrstuxz\u00e9\ufeff\x00', max_size=200)


@FUZZ
@given(text=SYNTAX, suffix=st.sampled_from([".toml", ".json"]))
def test_random_syntax_soup_parses_or_raises_dataset_error(text, suffix):
    data = text.encode("utf-8", "surrogatepass")
    assert_loads_or_explains(lambda: build_dataset(parse_document(data, f"fuzz{suffix}", suffix), name=f"fuzz{suffix}"))


@FUZZ
@given(raw=st.dictionaries(keys, toml_values, max_size=8))
def test_random_documents_build_or_raise_dataset_error(raw, fuzz_folder):
    assert_loads_or_explains(lambda: build_dataset(raw, path=fuzz_folder / "fuzz.toml"))


@FUZZ
@given(value=json_values)
def test_random_json_text_round_trips_through_the_parser_to_a_result(value, fuzz_folder):
    data = json.dumps(value).encode()  # may contain NaN/Infinity, which the parser refuses
    assert_loads_or_explains(lambda: build_dataset(parse_document(data, "fuzz.json", ".json"),
                                                   path=fuzz_folder / "fuzz.json"))


@settings(FUZZ, max_examples=examples(300))
@given(raw=dataset_shaped)
def test_dataset_shaped_documents_build_or_raise_dataset_error(raw, fuzz_folder):
    assert_loads_or_explains(lambda: build_dataset(raw, path=fuzz_folder / "fuzz.toml"))


def test_the_dataset_shaped_strategy_reaches_valid_datasets(fuzz_folder):
    """Guards the strategy itself: if nothing it makes is valid, the deep code goes untested."""
    valid = 0

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(raw=shaped(wild=False))
    def count(raw):
        nonlocal valid
        try:
            build_dataset(raw, path=fuzz_folder / "fuzz.toml")
            valid += 1
        except DatasetError:
            pass

    count()
    assert valid >= 3, f"only {valid} of 300 generated datasets were valid"


# ---------------------------------------------------------------------------------------------
# Mutations of valid datasets


def small_valid_dataset() -> dict[str, Any]:
    return a_dataset_with(
        events=[a_calendar_event("e1"), a_calendar_event("e2", when="1989/1993~"),
                a_plot_point("p1", minute=12.5), a_plot_point("p2", episode=2, episode_end=3)],
        links=[{"from": "p1", "to": "e1", "type": "inspired-by", "citations": [a_citation()]}],
        episodes=[{"number": 1, "title": "Pilot", "minutes": 48}],
    )


@st.composite
def mutations(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with one to four random edits: delete, replace, duplicate, retype, edit text."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        parent: Any = doc
        for _ in range(draw(st.integers(0, 5))):  # walk down to a random container
            children = [v for v in (parent.values() if isinstance(parent, dict) else parent)
                        if isinstance(v, (dict, list)) and v]
            if not children:
                break
            parent = draw(st.sampled_from(children))
        if not parent:
            continue
        key = draw(st.sampled_from(sorted(parent) if isinstance(parent, dict) else range(len(parent))))
        value = parent[key]
        op = draw(st.sampled_from(["delete", "replace", "duplicate", "edit", "add"]))
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(toml_values)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(value))
        elif op == "add" and isinstance(parent, dict):
            parent[draw(keys)] = draw(toml_values)
        elif isinstance(value, str):
            cut = draw(st.integers(0, len(value)))
            parent[key] = draw(st.sampled_from([
                value[:cut], value[:cut] + draw(st.text(max_size=10)) + value[cut:], value * 30, value.upper(),
            ]))
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            parent[key] = draw(json_scalars)
        else:
            parent[key] = draw(st.sampled_from([0, -1, value + 1, value * 1000, float(value) + 0.5, str(value)]))
    return doc


@FUZZ
@given(data=st.data())
def test_mutations_of_a_small_valid_dataset_build_or_raise_dataset_error(data, fuzz_folder):
    base = small_valid_dataset()
    assert isinstance(assert_loads_or_explains(lambda: build_dataset(base, path=fuzz_folder / "fuzz.toml")), Dataset)
    raw = data.draw(mutations(base))
    assert_loads_or_explains(lambda: build_dataset(raw, path=fuzz_folder / "fuzz.toml"))


@settings(FUZZ, max_examples=examples(200))
@given(data=st.data())
def test_mutations_of_the_bundled_dataset_build_or_raise_dataset_error(data, bundled_raw):
    raw = data.draw(mutations(bundled_raw))
    assert_loads_or_explains(lambda: build_dataset(raw, path=BUNDLED))


byte_edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.binary(max_size=8)), min_size=1, max_size=6)


def apply_byte_edits(data: bytes, edits: list[tuple[float, int, bytes]]) -> bytes:
    for where, drop, insert in edits:
        at = int(where * len(data))
        data = data[:at] + insert + data[at + drop:]
    return data


@FUZZ
@given(edits=byte_edits, as_json=st.booleans())
def test_byte_level_mutations_of_the_bundled_file_parse_or_raise_dataset_error(edits, as_json, bundled_raw):
    suffix = ".json" if as_json else ".toml"
    original = json.dumps(bundled_raw).encode() if as_json else BUNDLED.read_bytes()
    data = apply_byte_edits(original, edits)
    assert_loads_or_explains(lambda: build_dataset(parse_document(data, f"hit-and-run{suffix}", suffix), path=BUNDLED))


# ---------------------------------------------------------------------------------------------
# Dates: parse_date raises only EdtfError, and what it accepts can be placed and worded


EDTF_SOUP = st.text(alphabet="0123456789-/~?%X.YESu[]{},:TZ+ ", max_size=30)


def check_date(text: str) -> None:
    try:
        bounds = parse_date(text)
    except EdtfError as exc:
        assert str(exc)
        return
    values = (bounds.start_earliest, bounds.start_latest, bounds.end_earliest, bounds.end_latest,
              bounds.core_start, bounds.core_end)
    assert not any(math.isnan(v) for v in values), bounds
    assert bounds.start_earliest <= bounds.end_latest, bounds
    assert isinstance(human_date(bounds), str)
    assert iso_from_days(bounds.position) is None or re.match(r"^[+-]?\d{4,}-\d\d-\d\d$", iso_from_days(bounds.position))


@settings(FUZZ, max_examples=examples(400))
@given(text=st.text(max_size=70))
def test_parse_date_on_any_text_returns_bounds_or_raises_edtf_error(text):
    check_date(text)


@settings(FUZZ, max_examples=examples(600))
@given(text=EDTF_SOUP)
def test_parse_date_on_edtf_like_text_returns_bounds_or_raises_edtf_error(text):
    check_date(text)


# ---------------------------------------------------------------------------------------------
# Quotes: the fast matcher agrees with the obvious one, and a hostile quote cannot stall it


def naive_find_quote(quote: str, text: str) -> tuple[int, int] | None:
    snapshot, needle = normalise(text), normalise(quote).text
    if not needle:
        return None
    hay = snapshot.text
    for at in range(len(hay) - len(needle) + 1):
        end = at + len(needle)
        if (hay.startswith(needle, at) and not _cuts_word(hay, at, needle[0], before=True)
                and not _cuts_word(hay, end, needle[-1], before=False)):
            return snapshot.origin[at], snapshot.origin[end - 1] + 1
    return None


ALPHABET = st.sampled_from("ab -.\u2014")


@settings(FUZZ, max_examples=examples(500))
@given(text=st.text(ALPHABET, max_size=60), quote=st.text(ALPHABET, min_size=1, max_size=12))
def test_find_quote_matches_a_naive_search_on_random_text(text, quote):
    assert find_quote(quote, normalise(text)) == naive_find_quote(quote, text)


@settings(FUZZ, max_examples=examples(500))
@given(unit=st.text(ALPHABET, min_size=1, max_size=4), reps=st.integers(1, 30), around=st.tuples(
    st.text(ALPHABET, max_size=4), st.text(ALPHABET, max_size=4), st.text(ALPHABET, max_size=3),
    st.text(ALPHABET, max_size=3)), quote_reps=st.integers(1, 12))
def test_find_quote_matches_a_naive_search_on_repetitive_text(unit, reps, around, quote_reps):
    before, after, quote_before, quote_after = around
    text = before + unit * reps + after
    quote = quote_before + unit * quote_reps + quote_after
    assert find_quote(quote, normalise(text)) == naive_find_quote(quote, text)


@pytest.mark.parametrize(("snapshot", "quote"), [
    ("a" * 2_000_000, "a" * 20_000),
    ("aaaa " * 400_000, "aaaa " * 3_999 + "a"),
    ("ab" * 1_000_000, "b" + "ab" * 9_999),
])
def test_a_repetitive_quote_in_a_repetitive_snapshot_is_checked_in_linear_time(snapshot, quote):
    normalised = NormalisedText(snapshot, tuple(range(len(snapshot) + 1)))  # already normal
    started = time.perf_counter()
    assert find_quote(quote, normalised) is None  # every occurrence cuts a word
    assert time.perf_counter() - started < 1.0  # was minutes: each overlap re-read the quote
