"""The TimelineJS3 export (viewer.interchange.timelinejs_out, docs/timelinejs.md): slides, dates at their
precision, uncertain dates in words, plot points at air dates, escaping; the CLI and the dialog."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from viewer.dataset.load import DatasetError, load_dataset
from viewer.interchange.timelinejs_out import timelinejs_document, timelinejs_json
from viewer.qt.export.cli import export_main
from viewer.resources import BUNDLED_DATASET

HOSTILE = Path(__file__).parent / "hostile" / "markup-everywhere.toml"
OUR_TAGS = re.compile(r"</?(?:p|strong|ul|li|cite)>")

TINY = """
format = "factline/1"
title = "Tiny – a test"

[[sources]]
id = "paper"
title = "A paper"
publisher = "Press"

[[tracks]]
id = "real"
name = "Real life"
axis = "calendar"
color = "#1f77b4"

[[tracks]]
id = "screen"
name = "On screen"
axis = "narrative"
color = "#d62728"

[[episodes]]
number = 1
aired = "2021-08-06"

[[episodes]]
number = 2
{aired_2}

[[events]]
id = "range-of-months"
track = "real"
title = "From a month to a year"
when = "1990-10/1991"
[[events.citations]]
source = "paper"
note = "Says so."

[[events]]
id = "open-ended"
track = "real"
title = "Still going"
when = "1993/.."
[[events.citations]]
source = "paper"
note = "Says so."
stance = "disputes"

[[events]]
id = "pilot-scene"
track = "screen"
title = "In the pilot"
episode = 1
minute = 12
verdict = "inspired"
[[events.citations]]
source = "paper"
note = "Says so."

[[events]]
id = "second-scene"
track = "screen"
title = "In episode 2"
episode = 2
verdict = "invented"
[[events.citations]]
source = "paper"
note = "Says so."
"""


def tiny(tmp_path: Path, aired_2: str = "") -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY.replace("{aired_2}", aired_2), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bundled():
    return timelinejs_document(load_dataset(BUNDLED_DATASET))


def slide(export, event_id: str) -> dict:
    [found] = [s for s in export.document["events"] if s.get("unique_id") == event_id]
    return found


def test_the_bundled_dataset_has_a_title_slide_and_a_slide_per_real_event(bundled):
    dataset = load_dataset(BUNDLED_DATASET)
    real = len(dataset.events) - len(dataset.plot_points)
    assert bundled.slides == 1 + real == 1 + len(bundled.document["events"])
    assert list(bundled.document) == ["title", "events"]
    assert bundled.document["title"]["text"]["headline"] == "Hit &amp; Run (Netflix, 2021)"
    assert {s["group"] for s in bundled.document["events"]} == {"Real life", "Making of"}


def test_dates_state_only_their_precision(bundled):
    killed = slide(bundled, "iris-azulai-killed")
    assert killed["start_date"] == {"year": 1990, "month": 10, "day": 21}
    assert "end_date" not in killed and "display_date" not in killed
    assert slide(bundled, "raz-born")["start_date"] == {"year": 1971}
    assert slide(bundled, "netflix-announcement")["start_date"] == {"year": 2017, "month": 8}
    development = slide(bundled, "netflix-development")  # 2016/2019: a plain interval, TimelineJS words it
    assert (development["start_date"], development["end_date"]) == ({"year": 2016}, {"year": 2019})
    assert "display_date" not in development


def test_uncertain_dates_are_given_in_factlines_words_and_span_what_they_may_be(bundled):
    unit = slide(bundled, "raz-unit-217")  # 1989~/1993
    assert unit["display_date"] == "about 1989–1993"
    assert (unit["start_date"], unit["end_date"]) == ({"year": 1989}, {"year": 1993})
    founded = slide(bundled, "duvdevan-founded")  # [1986-06,1987]: one of two
    assert founded["display_date"] == "either June 1986 or 1987"
    assert (founded["start_date"], founded["end_date"]) == ({"year": 1986, "month": 6}, {"year": 1987, "month": 12})
    assert slide(bundled, "new-york-shoot")["display_date"] == "autumn 2019"
    assert slide(bundled, "issacharoff-army")["display_date"] == "the 1990s"


def test_an_approximate_year_keeps_its_stated_year_and_says_about(tmp_path):
    # docs/timelinejs.md: '1990~' is a slide in 1990 reading 'about 1990' (not 1989-1991)
    from conftest import a_calendar_event, a_dataset_with, write_dataset

    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("about", when="1990~"),
                                                          a_calendar_event("perhaps", when="1990?")]))
    export = timelinejs_document(load_dataset(path))
    about, perhaps = slide(export, "about"), slide(export, "perhaps")
    assert about["start_date"] == perhaps["start_date"] == {"year": 1990}
    assert "end_date" not in about and "end_date" not in perhaps
    assert about["display_date"].startswith("about 1990")


def test_an_intervals_ends_keep_their_own_precision_and_an_open_end_is_worded(tmp_path):
    export = timelinejs_document(load_dataset(tiny(tmp_path)))
    months = slide(export, "range-of-months")
    assert (months["start_date"], months["end_date"]) == ({"year": 1990, "month": 10}, {"year": 1991})
    open_ended = slide(export, "open-ended")
    assert open_ended["start_date"] == {"year": 1993} and "end_date" not in open_ended
    assert open_ended["display_date"] == "1993 onwards"
    assert "<strong>Disputes</strong>" in open_ended["text"]["text"]


def test_plot_points_without_an_air_date_are_left_out_and_counted(bundled):
    assert bundled.left_out == 18
    assert "18 plot points were left out" in bundled.document["title"]["text"]["text"]
    assert not [s for s in bundled.document["events"] if "air date" in s["group"]]


def test_plot_points_of_aired_episodes_are_slides_at_the_air_date(tmp_path):
    export = timelinejs_document(load_dataset(tiny(tmp_path)))
    assert export.left_out == 1 and export.slides == 1 + 3
    pilot = slide(export, "pilot-scene")
    assert pilot["group"] == "On screen (at the episode&amp;#x27;s air date)"  # escaped twice, see _flattened
    assert pilot["start_date"] == {"year": 2021, "month": 8, "day": 6}
    assert pilot["display_date"] == "Episode 1, shown at the air date of episode 1: 6 August 2021"
    assert "<strong>Verdict:</strong> Inspired" in pilot["text"]["text"]
    assert "1 plot point was left out" in export.document["title"]["text"]["text"]

    both = timelinejs_document(load_dataset(tiny(tmp_path, 'aired = "2021-08"')))
    assert both.left_out == 0 and slide(both, "second-scene")["start_date"] == {"year": 2021, "month": 8}


def test_an_air_date_that_is_not_edtf_is_a_problem_of_that_episode(tmp_path):
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny(tmp_path, 'aired = "next-week"'))
    assert "episode #2" in str(caught.value) and "aired" in str(caught.value)


def _texts(export) -> list[str]:
    title = export.document["title"]["text"]
    out = [title["headline"], title["text"]]
    for s in export.document["events"]:
        out += [s["text"]["headline"], s["text"]["text"], s["group"], s.get("display_date", "")]
    return out


def test_all_dataset_text_is_escaped(tmp_path):
    export = timelinejs_document(load_dataset(HOSTILE))
    for text in _texts(export):
        assert "<" not in OUR_TAGS.sub("", text), text  # no markup but the export's own
    img = slide(export, "img")
    assert img["text"]["headline"] == "&lt;img src=&quot;/etc/passwd&quot;&gt; R&amp;D"
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;" in img["text"]["text"]
    assert "“&lt;img src=&quot;/dev/zero&quot;&gt; was here.” (verified quote)" in img["text"]["text"]
    assert export.document["title"]["text"]["headline"].startswith("&lt;img src=&quot;/etc/passwd&quot;&gt;")


def test_the_json_keeps_unicode_and_a_fixed_key_order(bundled):
    text = timelinejs_json(load_dataset(BUNDLED_DATASET))
    assert "’" in text and "\\u2019" not in text
    assert json.loads(text) == bundled.document
    killed = slide(bundled, "iris-azulai-killed")
    assert list(killed) == ["start_date", "text", "group", "unique_id"]
    assert list(slide(bundled, "raz-unit-217")) == ["start_date", "end_date", "display_date", "text", "group",
                                                    "unique_id"]


def test_cli_writes_a_timelinejs_document(tmp_path, capsys):
    out = tmp_path / "story.json"
    assert export_main(["-o", str(out), "--format", "timelinejs"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["events"]
    assert "25 slides; 18 plot points without an air date left out" in capsys.readouterr().out


def test_cli_refuses_json_without_the_format_and_picture_options_with_it(tmp_path, capsys):
    out = tmp_path / "story.json"
    assert export_main(["-o", str(out)]) == 2
    assert "add --format timelinejs" in capsys.readouterr().err
    assert export_main(["-o", str(tmp_path / "x.png"), "--format", "timelinejs"]) == 2
    assert "name the output with .json" in capsys.readouterr().err
    assert export_main(["-o", str(out), "--format", "timelinejs", "--scale", "2"]) == 2
    assert "--scale: only for a PNG, SVG or PDF picture" in capsys.readouterr().err
    assert not out.exists()


def test_dialog_exports_timelinejs_with_the_picture_options_off(window, qtbot, tmp_path):
    from viewer.qt.export.dialog import TIMELINEJS, ExportDialog

    dialog = ExportDialog(window.state, window.timeline, window.settings, window, view_area=window.view_area)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "story.png"))
    dialog.format_combo.setCurrentText(TIMELINEJS)
    assert dialog.path_edit.text().endswith("story.json")
    assert not dialog.scale_combo.isEnabled() and not dialog.theme_combo.isEnabled()
    assert not dialog.whole_radio.isEnabled() and dialog.document_note.isVisibleTo(dialog)
    dialog.exported.connect(window._on_exported)
    dialog.run_export()
    assert dialog.result() == 1, dialog.error_label.text()
    assert json.loads((tmp_path / "story.json").read_text(encoding="utf-8"))["title"]
    assert "TimelineJS3, 25 slides" in window.statusBar().currentMessage()
    assert "links left out (TimelineJS3 cannot show them)" in window.statusBar().currentMessage()
    assert "it has no links" in dialog.document_note.text(), "said before exporting, too"

    dialog.path_edit.setText(str(tmp_path / "back.svg"))  # the extension picks the format back
    assert dialog.format_combo.currentText() == "SVG" and dialog.theme_combo.isEnabled()


def test_an_air_date_added_in_the_editor_is_written_in_order_and_read_back(tmp_path):
    import tomllib

    from viewer.dataset.authoring import new_dataset
    from viewer.editing.document import DatasetDocument
    from viewer.editing.fields import EpisodeFields
    from viewer.editing.operations import AddEpisode

    path = new_dataset(tmp_path / "case", "A case")
    document = DatasetDocument.open(path)
    document.prepare(AddEpisode(EpisodeFields(1, "Pilot", aired="2021-08-06"))).apply(document)
    document.save()
    assert list(tomllib.loads(path.read_text(encoding="utf-8"))["episodes"][0]) == ["number", "title", "aired"]
    assert load_dataset(path).episode(1).aired.edtf == "2021-08-06"


def test_a_date_with_a_time_keeps_its_day_and_time_and_a_note_is_not_called_support(tmp_path):
    from conftest import a_calendar_event, a_citation, a_dataset_with, write_dataset

    data = a_dataset_with(events=[
        a_calendar_event("landing", when="1969-07-20T20:17:40Z"),
        a_calendar_event("noted", when="1990", citations=[a_citation(quote=None, note="Imported; not checked.")]),
    ])
    document = timelinejs_document(load_dataset(write_dataset(tmp_path, data))).document
    slides = {s["unique_id"]: s for s in document["events"]}
    assert slides["landing"]["start_date"] == {"year": 1969, "month": 7, "day": 20, "hour": 20, "minute": 17,
                                               "second": 40}
    assert "end_date" not in slides["landing"], "one instant, not a day-long range"
    assert "<strong>Note</strong>" in slides["noted"]["text"]["text"]
    assert "Supports" not in slides["noted"]["text"]["text"], "a note asserts nothing the source says"
    assert "<strong>Supports</strong>" in slides["landing"]["text"]["text"], "a quote still supports"


# -- the counts in words: agreement, and links ---------------------------------------------------

LINK = """
[[links]]
from = "pilot-scene"
to = "range-of-months"
type = "inspired-by"
[[links.citations]]
source = "paper"
note = "Says so."
"""


def one_of_each(tmp_path: Path, links: int = 1) -> Path:
    """TINY with one real event, one plot point placed, one left out, and ``links`` links."""
    header, months, _open_ended, pilot, second = TINY.replace("{aired_2}", "").split("[[events]]")
    path = tmp_path / "one-of-each.toml"
    path.write_text("[[events]]".join([header, months, pilot, second]) + LINK * links, encoding="utf-8")
    return path


def test_the_title_slide_speaks_of_one_event_in_the_singular(tmp_path):
    text = timelinejs_document(load_dataset(one_of_each(tmp_path))).document["title"]["text"]["text"]
    assert "1 real-life event at its date, with its sources" in text
    assert "1 of 2 is shown at its episode's air date, in a group of its own" in text
    assert "1 plot point was left out because its episode has no air date" in text
    assert "their" not in text, text


def test_the_title_slide_speaks_of_many_in_the_plural(tmp_path):
    text = timelinejs_document(load_dataset(tiny(tmp_path))).document["title"]["text"]["text"]
    assert "2 real-life events at their dates, each with its sources" in text
    both = timelinejs_document(load_dataset(tiny(tmp_path, 'aired = "2021-08"'))).document["title"]["text"]["text"]
    assert "2 of 2 are shown at their episode's air date, in a group of their own." in both
    assert "left out" not in both, "none is left out: nothing to say"


def test_links_left_out_are_said_on_the_title_slide_and_in_the_summary(tmp_path):
    one = timelinejs_document(load_dataset(one_of_each(tmp_path)))
    assert one.links_left_out == 1
    assert "1 link between events is left out: TimelineJS3 cannot show it." in one.document["title"]["text"]["text"]
    assert one.summary == ("TimelineJS3, 3 slides; 1 plot point without an air date left out; "
                           "1 link left out (TimelineJS3 cannot show it)")
    none = timelinejs_document(load_dataset(tiny(tmp_path)))
    assert none.links_left_out == 0 and "link" not in none.summary
    assert "link" not in none.document["title"]["text"]["text"]


def test_the_cli_says_the_bundled_datasets_links_are_left_out(tmp_path, capsys):
    links = len(load_dataset(BUNDLED_DATASET).links)
    assert links > 1
    assert export_main(["-o", str(tmp_path / "story.json"), "--format", "timelinejs"]) == 0
    assert f"; {links} links left out (TimelineJS3 cannot show them)" in capsys.readouterr().out
