"""The TimelineJS3 export opened by the real TimelineJS3 (pinned in tests/timelinejs/package.json) in
headless Chromium: it must load without a console error and draw one slide per exported slide.

`make test` installs Chromium and npm (.ci/packaging-tools.sh); TimelineJS3 is installed here with
``npm ci --ignore-scripts`` when tests/timelinejs/node_modules is missing. A missing tool fails the
test, as the packaging tests do: a skip would hide a broken set-up.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from viewer.core.dates import parse_date
from viewer.dataset.load import load_dataset
from viewer.interchange.timelinejs_out import timelinejs_document
from viewer.resources import BUNDLED_DATASET

HERE = Path(__file__).parent
PACKAGE = HERE / "timelinejs"
DIST = PACKAGE / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
HOSTILE = HERE / "hostile" / "markup-everywhere.toml"
REPORT_ID = "factline-report"

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}">
<script>
// every error the page meets, in the DOM for --dump-dom to carry out: console.error, uncaught
// exceptions, rejected promises and resources that failed to load (capture: they do not bubble)
window.factlineErrors = [];
(function () {{
  var original = console.error;
  console.error = function () {{
    window.factlineErrors.push("console.error: " + Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  }};
  window.addEventListener("error", function (e) {{
    var what = e.target && e.target !== window ? "failed to load " + (e.target.src || e.target.href) : e.message;
    window.factlineErrors.push("error: " + what);
  }}, true);
  window.addEventListener("unhandledrejection", function (e) {{
    window.factlineErrors.push("unhandled rejection: " + e.reason);
  }});
}})();
</script>
<script src="{js}"></script>
</head><body>
<div id="tl" style="width: 1200px; height: 700px"></div>
<pre id="{report}"></pre>
<script>
try {{
  // script_path: its fonts and languages from node_modules too (the default is a CDN: no network here)
  var timeline = new TL.Timeline("tl", {data}, {{script_path: "{script_path}"}});
}} catch (e) {{
  window.factlineErrors.push("exception: " + e + "\\n" + e.stack);
}}
setTimeout(function () {{
  var report = {{errors: window.factlineErrors, slides: document.querySelectorAll("#tl .tl-slide").length}};
  document.getElementById("{report}").textContent = JSON.stringify(report);
}}, 2000);
</script>
</body></html>
"""


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # .ci/packaging-tools.sh installs it; a skip would hide a broken set-up
        pytest.fail(f"{name} is not installed: run `bash .ci/packaging-tools.sh` (as root) or `make system-deps`")
    return found


@pytest.fixture(scope="module")
def timelinejs() -> Path:
    """TimelineJS3's dist folder, installed from the lock file on first use."""
    if not (DIST / "js" / "timeline.js").is_file():
        npm = _tool("npm")
        done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=PACKAGE,
                              capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"npm ci failed in {PACKAGE}:\n{done.stdout}\n{done.stderr}"
    assert (DIST / "js" / "timeline.js").is_file() and (DIST / "css" / "timeline.css").is_file()
    return DIST


class _Page(HTMLParser):
    """The report the page left, the slides drawn, and any element markup from the dataset made."""

    def __init__(self) -> None:
        super().__init__()
        self.report_text: list[str] = []
        self.in_report = False
        self.tags: list[str] = []
        self.sources: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.sources += [value or "" for name, value in attrs if name in ("src", "href")]
        self.in_report = ("id", REPORT_ID) in attrs

    def handle_endtag(self, tag):
        self.in_report = False

    def handle_data(self, data):
        self.text.append(data)
        if self.in_report:
            self.report_text.append(data)


def render(document: dict, dist: Path, folder: Path) -> _Page:
    """Open the document in TimelineJS3 in headless Chromium and read back what the page reported."""
    chromium = _tool("chromium")
    # the JSON is a JS literal; '<' only occurs inside its strings, and escaped it cannot end the script
    literal = json.dumps(document, ensure_ascii=False).replace("<", "\\u003c")
    page = folder / "page.html"
    page.write_text(PAGE.format(css=(dist / "css" / "timeline.css").as_uri(), js=(dist / "js" / "timeline.js").as_uri(),
                                data=literal, report=REPORT_ID,
                                script_path=(dist / "js").as_uri() + "/"), encoding="utf-8")
    with tempfile.TemporaryDirectory(dir=folder) as profile:
        done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--window-size=1280,800",
                               "--dump-dom", page.as_uri()],
                              capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
                              env={**os.environ, "HOME": profile})
    assert done.returncode == 0, f"chromium failed: {done.stderr[-2000:]}"
    parsed = _Page()
    parsed.feed(done.stdout)
    assert parsed.report_text, f"the page never reported (TimelineJS3 did not finish?):\n{done.stdout[-2000:]}"
    parsed.report = json.loads("".join(parsed.report_text))  # type: ignore[attr-defined]
    return parsed


def test_the_bundled_export_loads_in_timelinejs_with_a_slide_per_event(timelinejs, tmp_path):
    export = timelinejs_document(load_dataset(BUNDLED_DATASET))
    page = render(export.document, timelinejs, tmp_path)
    assert page.report["errors"] == []
    assert page.report["slides"] == export.slides == 1 + len(export.document["events"])


def test_markup_in_the_dataset_stays_text_in_timelinejs(timelinejs, tmp_path):
    export = timelinejs_document(load_dataset(HOSTILE))
    page = render(export.document, timelinejs, tmp_path)
    assert page.report["errors"] == []
    assert page.report["slides"] == export.slides
    # the dataset's <img>, <font>, <b> and javascript: link became no element and no request
    assert not {"img", "font", "b"} & set(page.tags)
    assert not [s for s in page.sources if "passwd" in s or "/dev/zero" in s or s.startswith("javascript:")]
    # … and reads as the dataset wrote it: in headlines, in the group labels and in dates in words
    shown = [" ".join(t.split()) for t in page.text]
    assert shown.count('<img src="/etc/passwd"> R&D') >= 2  # the real track's group label and a headline
    assert "<b>bold</b>" in " ".join(shown)


def test_plot_points_of_aired_episodes_are_drawn_at_their_air_dates(timelinejs, tmp_path):
    dataset = load_dataset(BUNDLED_DATASET)
    aired = tuple(dataclasses.replace(ep, aired=parse_date("2021-08-06")) for ep in dataset.episodes)
    export = timelinejs_document(dataclasses.replace(dataset, episodes=aired))
    assert export.left_out == 0 and export.slides == 1 + len(dataset.events)
    page = render(export.document, timelinejs, tmp_path)
    assert page.report["errors"] == []
    assert page.report["slides"] == export.slides


EVERY_FORM = ["1971", "2017-08", "1990-10-21", "1989~/1993", "[1986-06,1987]", "[1989..2000]", "2019-23", "199X",
              "1993/..", "../1990", "1990/", "-0500", "0000", "Y-170000", "2004-06-~11", "{1667,1668,1670..1672}",
              "1990-10-21/1990-11", "156X", "19XX"]


def test_every_form_of_date_loads_in_timelinejs(timelinejs, tmp_path):
    events = "".join(f'''
[[events]]
id = "e{i}"
track = "real"
title = "Date {when}"
when = "{when}"
[[events.citations]]
source = "paper"
note = "Says so."
''' for i, when in enumerate(EVERY_FORM))
    path = tmp_path / "dates.toml"
    path.write_text('format = "factline/1"\ntitle = "Every date"\n[[sources]]\nid = "paper"\ntitle = "A paper"\n'
                    '[[tracks]]\nid = "real"\nname = "Real"\naxis = "calendar"\ncolor = "#1f77b4"\n' + events,
                    encoding="utf-8")
    export = timelinejs_document(load_dataset(path))
    assert export.slides == 1 + len(EVERY_FORM)
    page = render(export.document, timelinejs, tmp_path)
    assert page.report["errors"] == []
    assert page.report["slides"] == export.slides
    shown = {" ".join(text.split()) for text in page.text}  # each date in words is a text of its own
    for words in ("about 1989–1993", "either June 1986 or 1987", "1993 onwards", "until 1990", "501 BCE",
                  "1 BCE", "the 1990s"):
        assert words in shown, words
