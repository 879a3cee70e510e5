"""The detail panel's HTML shows what a search matched: the words highlighted where they are
shown, and the fields named ('matches … in: source publisher'). Pure: no Qt."""

from __future__ import annotations

from conftest import a_calendar_event, a_citation, a_dataset_with, write_dataset
from viewer.core.detail_html import event_html, marked
from viewer.core.theme import LIGHT
from viewer.dataset.load import load_dataset

HIGHLIGHT = f'<span style="background-color: {LIGHT.highlight}; color: #000000;">'


def highlighted(html: str) -> list[str]:
    """The texts the HTML highlights."""
    parts = html.split(HIGHLIGHT)[1:]
    return [part.split("</span>", 1)[0] for part in parts]


def test_a_match_only_in_a_cited_sources_publisher_is_named_and_highlighted(bundled_dataset):
    event_id = "fauda-premiere"  # cites Allociné, and says nothing of it in its own text
    html = event_html(bundled_dataset, event_id, LIGHT, query="allocine")
    assert "Matches “allocine” in: source publisher" in html
    assert highlighted(html) == ["Allociné"]


def test_words_are_highlighted_in_each_field_they_match_accents_aside(tmp_path):
    event = a_calendar_event("e", summary="Le réalisateur parle à Allociné.", people=["Zoë Ré"],
                             citations=[a_citation(quote=None, note="Selon le realisateur.")])
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=[event])))
    html = event_html(dataset, "e", LIGHT, query="REALISATEUR zoe")
    assert highlighted(html) == ["réalisateur", "Zoë", "realisateur"]
    assert "in: summary, people, note" in html


def test_without_a_query_nothing_is_highlighted_or_named(bundled_dataset):
    html = event_html(bundled_dataset, "fauda-premiere", LIGHT)
    assert HIGHLIGHT not in html and "Matches" not in html
    assert event_html(bundled_dataset, "fauda-premiere", LIGHT, query="   ") == html


def test_highlighted_dataset_text_is_still_escaped(tmp_path):
    event = a_calendar_event("e", summary="<b>bold</b> & <img src=x onerror=alert(1)>")
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=[event])))
    html = event_html(dataset, "e", LIGHT, query="img")
    assert "<img" not in html and "&lt;" + HIGHLIGHT + "img</span> src=x" in html
    assert marked("a<b>c", ((1, 4),), LIGHT) == "a" + HIGHLIGHT + "&lt;b&gt;</span>c"
