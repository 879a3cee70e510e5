"""Messages a user sees for common hand-editing slips say what to write instead."""

from __future__ import annotations

import pytest

from conftest import a_calendar_event, a_dataset_with, to_toml
from viewer.dataset import DatasetError, load_dataset


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


def test_a_plot_point_outside_the_listed_episodes_is_reported(tmp_path):
    import json

    from conftest import a_plot_point

    data = a_dataset_with(events=[a_plot_point("late", episode=12)])
    data["episodes"] = [{"number": n} for n in range(1, 10)]
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "article.txt").write_text("was killed in a terror attack", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    (problem,) = caught.value.problems
    assert str(problem) == "d.json: event 'late': episode: is 12, but the dataset lists episodes 1–9"


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
