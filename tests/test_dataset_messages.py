"""Messages a user sees for common hand-editing slips say what to write instead."""

from __future__ import annotations

import pytest

from conftest import a_calendar_event, a_dataset_with, to_toml
from viewer.dataset.load import DatasetError, load_dataset


def test_a_bare_toml_date_is_explained_as_needing_quotes(tmp_path):
    text = to_toml(a_dataset_with(events=[a_calendar_event("iris-killed", when="1990-10-21")]))
    text = text.replace('when = "1990-10-21"', "when = 1990-10-21")
    path = tmp_path / "hit-and-run.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "article.txt").write_text("was killed in a terror attack", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert [str(p) for p in caught.value.problems] == [
        "hit-and-run.toml: event 'iris-killed': when: is a TOML date (1990-10-21); "
        'write dates as quoted EDTF strings, e.g. "1990-10-21"'
    ]


def test_a_source_date_must_be_an_edtf_date(tmp_path):
    data = a_dataset_with(events=[a_calendar_event("e1")])
    data["sources"][0]["date"] = "2021-13"
    path = tmp_path / "d.json"
    import json

    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "article.txt").write_text("was killed in a terror attack", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    (problem,) = caught.value.problems
    assert (problem.where, problem.field) == ("source 'article'", "date")
    assert "'2021-13' is not an EDTF date" in problem.message


def test_check_json_names_snapshots_as_the_dataset_does_and_survives_a_closed_pipe(bundled_path):
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "viewer.app", "check", "--json", str(bundled_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["datasets"][0]
    snapshots = {s["id"]: s["snapshot"] for s in report["sources"]}
    assert snapshots["cinemaholic"] == "sources/is-hit-and-run-based-on-a-true-story.txt"
    bounds = next(e for e in report["events"] if e["id"] == "iris-azulai-killed")["bounds"]
    assert all(isinstance(v, float) for v in bounds.values())

    shell = f"{sys.executable} -m viewer.app check --json {bundled_path} | head -c 100 > /dev/null"
    piped = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in piped.stderr


def test_one_malformed_field_does_not_hide_the_other_problems_of_the_same_event(tmp_path):
    import json

    event = a_calendar_event("iris-killed", when="1990-13-21", colour="red",
                             citations=[{"source": "article", "quote": "was killed in a car crash"}])
    twin = a_calendar_event("iris-killed", when="1990")
    path = tmp_path / "d.json"
    path.write_text(json.dumps(a_dataset_with(events=[event, twin])), encoding="utf-8")
    (tmp_path / "article.txt").write_text("was killed in a terror attack", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    fields = sorted((p.where, p.field) for p in caught.value.problems)
    assert fields == [("event 'iris-killed'", "citations[0].quote"), ("event 'iris-killed'", "colour"),
                      ("event 'iris-killed'", "id"), ("event 'iris-killed'", "when")]


def test_a_malformed_field_is_reported_once_not_again_as_missing(tmp_path):
    import json

    path = tmp_path / "d.json"
    path.write_text(json.dumps(a_dataset_with(events=[a_calendar_event("e", when=1990)])), encoding="utf-8")
    (tmp_path / "article.txt").write_text("was killed in a terror attack", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert [(p.where, p.field) for p in caught.value.problems] == [("event 'e'", "when")]
