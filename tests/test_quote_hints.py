"""Quotes copied from the web verify in a dataset, and one that does not gets the closest passage
in the problem (so the banner and the error dialog show it) and in `factline check`. Pure: no Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SNAPSHOT_TEXT, a_calendar_event, a_citation, a_dataset_with, write_dataset
from viewer.dataset.check import run_check
from viewer.dataset.build import MAX_QUOTE_HINTS
from viewer.dataset.load import DatasetError, load_dataset

ROOT = Path(__file__).resolve().parent.parent
ONE_WORD_CHANGED = "Noa Gil, was murdered in a terror attack"


def a_bad_quote(tmp_path: Path, quote: str = ONE_WORD_CHANGED) -> Path:
    event = a_calendar_event("noa-killed", citations=[a_citation(quote=quote)])
    return write_dataset(tmp_path, a_dataset_with(events=[event]))


def test_a_quote_with_one_word_changed_is_refused_with_the_closest_passage_and_the_word(tmp_path):
    with pytest.raises(DatasetError) as caught:
        load_dataset(a_bad_quote(tmp_path))
    [problem] = caught.value.problems
    assert problem.field == "citations[0].quote"
    assert problem.message.startswith(f"not found verbatim in the snapshot of source 'article': {ONE_WORD_CHANGED!r}; "
                                      "closest passage (")
    assert problem.message.endswith("alike): 'Noa Gil, was killed in a terror attack'; "
                                    "the quote has 'murdered' where the source has 'killed'")
    assert problem.hint is not None
    start, end = problem.hint.span
    assert SNAPSHOT_TEXT[start:end] == "Noa Gil, was killed in a terror attack"
    assert "the quote has 'murdered'" in str(caught.value)  # what the banner and the dialog show


def test_check_prints_the_hint_and_its_json_gives_it_structured(tmp_path):
    path = a_bad_quote(tmp_path)
    code, text = run_check([str(path)], as_json=False)
    assert code == 1 and "the quote has 'murdered' where the source has 'killed'" in text
    done = subprocess.run([sys.executable, "-m", "viewer.app", "check", "--json", str(path)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 1 and done.stderr == ""
    [problem] = json.loads(done.stdout)["datasets"][0]["problems"]
    hint = problem["hint"]
    assert hint["passage"] == "Noa Gil, was killed in a terror attack"
    assert hint["differences"] == [{"quote": "murdered", "source": "killed"}]
    assert 80 <= hint["score"] < 100
    assert SNAPSHOT_TEXT[hint["offsets"][0]:hint["offsets"][1]] == hint["passage"]


def test_a_quote_like_nothing_in_the_snapshot_gets_no_hint(tmp_path):
    with pytest.raises(DatasetError) as caught:
        load_dataset(a_bad_quote(tmp_path, "Entirely different words about other matters"))
    [problem] = caught.value.problems
    assert problem.hint is None and "closest passage" not in problem.message


def test_only_the_first_quotes_that_fail_are_searched_for_a_closest_passage(tmp_path):
    events = [a_calendar_event(f"e{i}", citations=[a_citation(quote=f"Noa Gil, was murdered {i} times")])
              for i in range(MAX_QUOTE_HINTS + 5)]
    with pytest.raises(DatasetError) as caught:
        load_dataset(write_dataset(tmp_path, a_dataset_with(events=events)))
    hinted = [p.hint is not None for p in caught.value.problems]
    assert len(hinted) == MAX_QUOTE_HINTS + 5
    assert all(hinted[:MAX_QUOTE_HINTS]) and not any(hinted[MAX_QUOTE_HINTS:])


def test_quotes_copied_from_web_pages_and_pdfs_verify_and_point_at_their_characters(tmp_path):
    snapshot = ("Le re\u0301alisateur a dit a\u0300 Allocine\u0301 que c'e\u0301tait une histoire vraie.\n"
                "It was the \ufb01rst \ufb01nd of a terror\u00adist inqui\u200bry.\n")
    quotes = ["Le réalisateur a dit à Allociné", "the first find", "terrorist inquiry"]
    event = a_calendar_event("e", citations=[a_citation(quote=q) for q in quotes])
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=[event]), snapshot=snapshot))
    spans = [c.span for c in dataset.event("e").citations]
    assert [snapshot[a:b] for a, b in spans] == [
        "Le re\u0301alisateur a dit a\u0300 Allocine\u0301", "the \ufb01rst \ufb01nd", "terror\u00adist inqui\u200bry"]
