"""`factline check`: exit codes, the short report, and the shape of --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED, a_calendar_event, a_dataset_with, write_dataset
from viewer.dataset.check import run_check
from viewer.dataset.load import load_dataset
from viewer.core.quotes import normalise


def factline(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "viewer.app", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def test_the_bundled_dataset_passes_with_a_report_of_tracks_and_quotes():
    done = factline("check", str(BUNDLED))
    assert done.returncode == 0, done.stdout + done.stderr
    dataset = load_dataset(BUNDLED)
    quotes = [c for c in dataset.all_citations() if c.quote]
    assert f"quotes verified: {len(quotes)}/{len(quotes)}" in done.stdout
    for track in dataset.tracks:
        count = sum(1 for e in dataset.events if e.track_id == track.id)
        assert f"{track.name} ({track.axis.value}): {count} events" in done.stdout


def test_the_short_report_never_writes_each_event_out(monkeypatch):
    # the per-event report is ten times the load of a big file: only --json asks for it
    import viewer.dataset.check as check

    def refuse(dataset):
        raise AssertionError("dataset_to_json called for the short report")

    monkeypatch.setattr(check, "dataset_to_json", refuse)
    code, text = run_check([str(BUNDLED)], as_json=False)
    assert code == 0 and ": OK — " in text and "quotes verified:" in text


def test_an_invalid_dataset_exits_1_and_lists_every_problem(tmp_path):
    bad = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("iris-killed", when="1990-13"),
                                                         a_calendar_event("other", when="1990", track="nope")]),
                        name="hit-and-run.json")
    done = factline("check", str(bad))
    assert done.returncode == 1
    assert "hit-and-run.json: event 'iris-killed': when: '1990-13' is not an EDTF date" in done.stdout
    assert "hit-and-run.json: event 'other': track: unknown track 'nope'" in done.stdout


def test_one_invalid_file_among_several_makes_the_whole_check_fail(tmp_path):
    bad = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("e", when="nonsense")]))
    code, text = run_check([str(BUNDLED), str(bad)], as_json=False)
    assert code == 1
    assert "OK" in text and "INVALID" in text


def test_a_missing_file_and_a_usage_error_fail_clearly(tmp_path):
    missing = factline("check", str(tmp_path / "nowhere.toml"))
    assert missing.returncode == 1
    assert "file not found" in missing.stdout
    usage = factline("check")
    assert usage.returncode == 2
    assert "usage" in usage.stderr.lower()


def test_json_gives_each_event_its_bounds_position_citations_links_and_verdict():
    done = factline("check", "--json", str(BUNDLED))
    assert done.returncode == 0
    (report,) = json.loads(done.stdout)["datasets"]
    assert report["valid"] is True
    events = {e["id"]: e for e in report["events"]}
    dataset = load_dataset(BUNDLED)
    assert set(events) == {e.id for e in dataset.events}

    iris = events["iris-azulai-killed"]
    assert (iris["axis"], iris["when"], iris["earliest"], iris["latest"]) == ("calendar", "1990-10-21", "1990-10-21", "1990-10-21")
    assert iris["bounds"]["start_earliest"] < iris["bounds"]["end_latest"]
    quoted = [c for c in iris["citations"] if c["quote"]]
    assert quoted and all(c["verified"] for c in quoted)
    snapshot = dataset.sources["cinemaholic"].text
    for c in quoted:  # the offsets point at the quoted passage in the stored text
        start, end = c["offsets"]
        assert normalise(snapshot[start:end]).text == normalise(c["quote"]).text
    assert {"type": "inspired-by", "from": "wife-killed", "to": "iris-azulai-killed"} in iris["links"]

    plot = events["wife-killed"]
    assert plot["axis"] == "narrative" and plot["position"]["episode"] == 1
    assert plot["verdict"] == "inspired"
    assert 0 <= plot["earliest"] <= plot["latest"] <= 1


def test_json_for_an_invalid_dataset_lists_structured_problems(tmp_path):
    bad = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("iris-killed", when="1990-13")]))
    code, text = run_check([str(bad)], as_json=True)
    assert code == 1
    (report,) = json.loads(text)["datasets"]
    assert report["valid"] is False
    assert report["problems"] == [{"file": bad.name, "where": "event 'iris-killed'", "field": "when",
                                   "message": "'1990-13' is not an EDTF date (month 13 does not exist)"}]


@pytest.mark.parametrize("when, earliest, latest", [
    ("1993/..", "1993-01-01", None),
    ("../1990", None, "1990-12-31"),
    ("1989~/1993~", "1988-01-01", "1994-12-31"),
])
def test_json_open_and_approximate_ends(tmp_path, when, earliest, latest):
    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("e", when=when)]))
    code, text = run_check([str(path)], as_json=True)
    assert code == 0
    event = json.loads(text)["datasets"][0]["events"][0]
    assert (event["earliest"], event["latest"]) == (earliest, latest)
