"""Hostile values in single fields: look-alike ids, huge keys, numbers Python will not read,
half surrogate pairs and bidi controls. Each is refused with a short message that names the
file, the item and the field, in a reader's terms."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SNAPSHOT_TEXT, a_calendar_event, a_citation, a_dataset_with, write_dataset
from viewer.dataset.load import DatasetError, load_dataset


def refused(path) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return info.value


def problem_on(error: DatasetError, field: str):
    found = [p for p in error.problems if p.field == field]
    assert found, [str(p) for p in error.problems]
    return found[0]


# -- full-match patterns: a trailing newline is not a look-alike ---------------------------------------


@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize("field", ["event id", "track id", "source id", "color", "url", "when"])
def test_a_trailing_newline_is_refused_in_every_pattern_field(tmp_path, suffix, field):
    data = a_dataset_with(events=[a_calendar_event("e5"), a_calendar_event("e6")])
    if field == "event id":
        data["events"][1]["id"] = "e5\n"
        name = "id"
    elif field == "track id":
        data["tracks"][0]["id"] = "real\n"
        name = "id"
    elif field == "source id":
        data["sources"][0]["id"] = "article\n"
        name = "id"
    elif field == "color":
        data["tracks"][0]["color"] = "#1f77b4\n"
        name = "color"
    elif field == "url":
        data["sources"][0]["url"] = "https://example.org/a\n"
        name = "url"
    else:
        data["events"][1]["when"] = "1990\n"
        name = "when"
    (tmp_path / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    error = refused(write_dataset(tmp_path, data, name=f"nl{suffix}"))
    problem = problem_on(error, name)
    assert "is not valid" in problem.message and "\\n" in problem.message
    assert "\n" not in str(problem), "the item is named without the raw newline"


# -- bounded messages ------------------------------------------------------------------------------------


def test_a_10_mb_key_is_cut_short_in_the_message_and_check_prints_little(tmp_path):
    data = a_dataset_with()
    data["events"][0]["k" * 10_000_000] = 1
    path = tmp_path / "bigkey.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    error = refused(path)
    problem = problem_on(error, "k" * 79 + "…")
    assert "unknown field" in problem.message and len(str(error)) < 2_000
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and len(done.stdout) + len(done.stderr) < 10_000
    assert time.monotonic() - started < 30


def test_every_part_of_a_problem_is_bounded():
    from viewer.dataset.errors import MAX_MESSAGE, MAX_QUOTED, Problem

    problem = Problem("f" * 5000 + ".toml", "event 'x'" * 1000, "k" * 10_000, "m" * 100_000)
    assert len(problem.file) <= MAX_QUOTED and len(problem.field) <= MAX_QUOTED
    assert len(problem.where) <= MAX_QUOTED + 20 and len(problem.message) <= MAX_MESSAGE
    assert problem.field.endswith("…") and problem.message.endswith("…")


# -- messages in the reader's terms ---------------------------------------------------------------------


def test_a_lone_surrogate_escape_is_named_by_line_column_and_field(tmp_path):
    data = a_dataset_with(events=[a_calendar_event("e5")])
    text = json.dumps(data, indent=1).replace('"title": "Event e5"', '"title": "Event \\ud800 e5"')
    path = tmp_path / "surrogate.json"
    path.write_text(text, encoding="utf-8")
    error = refused(path)
    (problem,) = error.problems
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "\\ud800" in l)
    assert problem.field == "title" and f"line {line}," in problem.message and "e5" in problem.where
    assert "surrogate pair" in problem.message and "set_int_max_str_digits" not in problem.message


def test_a_paired_surrogate_escape_is_one_character_and_loads(tmp_path):
    data = a_dataset_with(events=[a_calendar_event("e5")])
    text = json.dumps(data).replace('"title": "Event e5"', '"title": "Smile \\ud83d\\ude00"')
    path = tmp_path / "pair.json"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    assert load_dataset(path).event("e5").title == "Smile \U0001F600"


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_an_integer_of_5000_digits_is_named_by_line_column_and_field(tmp_path, suffix):
    data = a_dataset_with(events=[a_calendar_event("e5", order=7)])
    path = write_dataset(tmp_path, data, name=f"digits{suffix}")
    written = path.read_text(encoding="utf-8")
    path.write_text(written.replace("order = 7", "order = " + "9" * 5000).replace('"order": 7', '"order": ' + "9" * 5000),
                    encoding="utf-8")
    error = refused(path)
    (problem,) = error.problems
    assert problem.field == "order", str(problem)
    assert "5,000 digits" in problem.message and "line " in problem.message and "column " in problem.message
    assert "sys.set_int_max_str_digits" not in str(problem)


# -- bidi controls ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
@pytest.mark.parametrize("field", ["title", "summary", "people", "citations", "disputed"])
def test_bidi_controls_are_refused_in_displayed_text(tmp_path, char, field):
    event = a_calendar_event("e5")
    if field == "people":
        event["people"] = ["Ann", f"B{char}ob"]
    elif field == "citations":
        event["citations"] = [a_citation(), a_citation(quote=None, note=f"n{char}ote")]
    else:
        event[field] = f"ab{char}cd"
    path = write_dataset(tmp_path, a_dataset_with(events=[event]), name="bidi.json")
    (tmp_path / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    error = refused(path)
    (problem,) = error.problems
    expected = {"people": "people[1]", "citations": "citations[1].note"}.get(field, field)
    assert problem.where == "event 'e5'" and problem.field == expected
    assert f"U+{ord(char):04X}" in problem.message


def test_bidi_controls_are_refused_in_names_too(tmp_path):
    data = a_dataset_with()
    data["tracks"][0]["name"] = "Real\u202e life"
    data["sources"][0]["publisher"] = "Pub\u2067lisher"
    (tmp_path / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    error = refused(write_dataset(tmp_path, data, name="bidi.toml"))
    assert {(p.where, p.field) for p in error.problems} == {("track 'real'", "name"), ("source 'article'", "publisher")}


def test_a_bidi_control_cannot_be_in_an_id(tmp_path):
    (tmp_path / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    error = refused(write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("e\u202e5")]), name="id.json"))
    assert problem_on(error, "id").message.endswith("(starting with a letter or digit)")


def test_the_marks_that_only_nudge_direction_stay_allowed(tmp_path):
    (tmp_path / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    event = a_calendar_event("e5", summary="שלום\u200f world\u200e")
    assert load_dataset(write_dataset(tmp_path, a_dataset_with(events=[event]), name="ok.json")).event("e5").summary


def test_the_source_viewer_shows_a_bidi_control_as_a_visible_replacement():
    from viewer.qt.widgets.source_viewer import visible_controls

    text = "plain abc\u202edef end"
    shown = visible_controls(text)
    assert shown == "plain abc\ufffddef end" and len(shown) == len(text)
    assert visible_controls("no controls") == "no controls"
