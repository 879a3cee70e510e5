"""The bundled Hit & Run dataset's facts, as corrected after the fact-check (issue #16), and the
verdict rule of docs/dataset-format.md ("Choosing a verdict"). Pure: no Qt.

Each test pins a fact the dataset once got wrong, so that an edit bringing the error back fails.
"""

from __future__ import annotations

import pytest

from conftest import BUNDLED
from viewer.dataset.check import run_check
from viewer.dataset.load import load_dataset
from viewer.core.dates import days_from_civil
from viewer.core.model import AxisKind, Dataset, Event, Link, Stance, Verdict

INFLUENCE = {"inspired-by", "based-on", "named-after"}
"""Link types that claim the plot point draws on the real event (the others only compare)."""


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(BUNDLED)


def links_from(data: Dataset, event_id: str) -> list[Link]:
    return [l for l in data.links_of(event_id) if l.from_id == event_id]


def the_link(data: Dataset, from_id: str, to_id: str) -> Link:
    [link] = [l for l in links_from(data, from_id) if l.to_id == to_id]
    return link


def cited(event: Event | Link) -> set[str]:
    return {c.source_id for c in event.citations}


def day(year: int, month: int, dd: int) -> float:
    return float(days_from_civil(year, month, dd))


def test_the_bundled_dataset_checks_with_every_quote_verified():
    code, text = run_check([str(BUNDLED)], as_json=False)
    assert code == 0, text
    dataset = load_dataset(BUNDLED)
    quotes = [c for c in dataset.all_citations() if c.quote is not None]
    assert quotes and dataset.quotes_verified == len(quotes)


# -- corrected facts ---------------------------------------------------------------------------


def test_the_cancellation_is_dated_20_september_2021_by_deadlines_report(data):
    event = data.event("cancelled")
    assert event.date.edtf == "2021-09-20"
    assert (event.date.start_earliest, event.date.end_latest) == (day(2021, 9, 20), day(2021, 9, 21))
    deadline = data.sources["deadline-2021-09-20"]
    assert "Deadline" in deadline.publisher and deadline.date == "2021-09-20"
    assert "deadline-2021-09-20" in cited(event)
    assert "22–23" not in (event.inference or ""), "the old 22–23 September dating is back"


def test_raz_in_new_york_is_uncorroborated_not_disputed(data):
    event = data.event("raz-in-new-york")
    assert event.disputed is None
    assert all(c.stance is Stance.SUPPORTS for c in event.citations)
    assert "uncorroborated" in event.inference.lower()
    # 'in his younger days' is all the article says: a wide range, not the dates of the LA stay
    assert event.date.edtf != data.event("raz-bodyguard-us").date.edtf
    assert event.date.start_earliest <= day(1989, 1, 1) and event.date.end_latest >= day(2000, 1, 1)


def test_the_nyt_origin_of_the_premise_is_an_event_and_linked(data):
    idea = data.event("hit-and-run-idea")
    assert "hit-and-run accident in the news" in idea.summary
    assert idea.date.start_earliest == day(2015, 1, 1) and idea.date.end_latest == day(2016, 1, 1)
    [nyt] = [c for c in idea.citations if c.source_id == "nyt-2021"]
    assert "news" in nyt.note and "2015" in nyt.note
    for plot_point in ("wife-killed", "investigation"):
        link = the_link(data, plot_point, "hit-and-run-idea")
        assert link.kind == "inspired-by"
        assert "nyt-2021" in cited(link)


def test_the_post_it_is_among_danis_locker_belongings_not_handed_over_at_the_funeral(data):
    event = data.event("funeral-clue")
    assert "belongings from her locker" in event.summary and "post-it" in event.summary
    assert "At Dani's funeral Segev receives" not in event.summary
    [recap] = [c for c in event.citations if c.source_id == "review-geek-e2"]
    assert "locker" in recap.note


def test_brickman_is_credited_and_the_partnership_is_not_netflixs_pairing(data):
    event = data.event("netflix-development")
    assert "Netflix pairs" not in event.summary and "Brickman is not" not in event.summary
    assert {"cinema-express-2021", "hollywood-reporter"} <= cited(event)
    assert "co-creator credit" in event.summary
    assert not any("no source confirming Jessica Brickman" in (c.note or "") for c in event.citations)


def test_the_articles_hedge_is_kept_where_the_show_draws_on_iris_azulais_death(data):
    link = the_link(data, "wife-killed", "iris-azulai-killed")
    assert "seemingly" in link.note and "likely" in link.note
    assert "seemingly" in data.event("wife-killed").inference


def test_the_shoot_and_the_bodyguard_years_carry_only_their_sourced_precision(data):
    assert data.event("tel-aviv-shoot").date.precision == "month"
    bodyguard = data.event("raz-bodyguard-us").date
    assert bodyguard.start_earliest == day(1993, 1, 1), "service ended in 1993: the start is not widened"


def test_segev_is_inspired_by_raz_not_mostly_true(data):
    event = data.event("segev-commando")
    assert event.verdict is Verdict.INSPIRED
    assert the_link(data, "segev-commando", "raz-unit-217").kind == "inspired-by"
    assert "second-stylus" in cited(event) and event.narrative.episode == 3


def test_segevs_past_is_stated_and_the_mercenary_part_is_invented(data):
    event = data.event("past-revealed")
    assert "mercenary" in event.summary and event.verdict is Verdict.INVENTED
    assert event.narrative.episode == 3
    assert all(l.kind == "parallels" for l in links_from(data, "past-revealed"))


def test_the_unit_217_dispute_cites_both_sides(data):
    event = data.event("raz-unit-217")
    # joined after her death (hedged, in ISRAEL21c's case) ...
    against = {c.source_id for c in event.citations if c.stance is Stance.DISPUTES}
    assert {"israel21c", "purepeople-2023", "jewish-chronicle"} <= against
    # ... or already there, having joined at 18 after school
    supports = {c.source_id for c in event.citations if c.stance is Stance.SUPPORTS}
    assert {"bild-2023", "magyar-nemzet-2023", "allocine"} <= supports
    assert "may have played a part" in event.disputed


def test_issacharoffs_loss_is_not_linked_to_the_wifes_death(data):
    assert not [l for l in data.links if l.to_id == "issacharoff-father"]


def test_the_investigation_arc_is_inspired_only_through_its_premise(data):
    influence = [l for l in links_from(data, "investigation") if l.kind in INFLUENCE]
    assert [l.to_id for l in influence] == ["hit-and-run-idea"]
    assert "invented" in data.event("investigation").inference


def test_batsheva_is_cited_to_sources_that_name_it_and_iris_azulai_is_not_brought_in(data):
    event = data.event("dani-dances")
    assert {"fiction-horizon", "jpost-2021"} <= cited(event)
    assert not any("Batsheva" in (c.note or "") for c in event.citations if c.source_id.startswith("review-geek"))
    assert "Iris" not in (event.inference or "")


def test_the_tour_guide_and_the_dance_are_judged_alike(data):
    assert data.event("segev-tour-guide").verdict is data.event("dani-dances").verdict is Verdict.INVENTED


def test_iris_azulais_day_rests_on_a_report_of_the_next_day(data):
    event = data.event("iris-azulai-killed")
    assert event.date.edtf == "1990-10-21"
    assert "baltimore-sun-1990" in cited(event)
    assert data.sources["baltimore-sun-1990"].date == "1990-10-22"


def test_faudas_dates_come_from_kedma_not_only_from_secondary_sites(data):
    assert "kedma-2019" in cited(data.event("fauda-premiere"))
    assert "kedma-2019" in cited(data.event("fauda-netflix"))
    assert "secondary" not in data.event("fauda-premiere").summary


def test_the_quoted_article_and_the_recaps_can_be_opened_at_their_published_address(data):
    assert data.sources["cinemaholic"].url == "https://thecinemaholic.com/is-hit-run-based-on-a-true-story/"
    for n in (1, 2, 3, 8, 9):
        assert data.sources[f"review-geek-e{n}"].url.endswith(f"/hitandrun-s1e{n}review/")
    assert all(s.url.startswith(("https://", "http://")) for s in data.sources.values() if s.url)


# -- the verdict rule (docs/dataset-format.md, "Choosing a verdict") -----------------------------


def influence_to_real_events(data: Dataset, event: Event) -> list[Link]:
    calendar = {t.id for t in data.tracks_on(AxisKind.CALENDAR)}
    return [l for l in links_from(data, event.id)
            if l.kind in INFLUENCE and data.event(l.to_id).track_id in calendar]


def test_no_plot_point_is_truer_than_its_links_to_real_events_allow(data):
    assert data.plot_points
    for event in data.plot_points:
        links = influence_to_real_events(data, event)
        if event.verdict in (Verdict.TRUE, Verdict.MOSTLY_TRUE):
            assert any(l.kind == "based-on" for l in links), f"{event.id}: {event.verdict.value} without a based-on link"
        elif event.verdict is Verdict.INSPIRED:
            assert links, f"{event.id}: inspired without an inspired-by, based-on or named-after link"
        else:
            assert not links, f"{event.id}: {event.verdict.value}, yet linked as drawing on {[l.to_id for l in links]}"


def test_every_influence_link_is_justified_by_a_citation(data):
    for link in data.links:
        if link.kind in INFLUENCE:
            assert link.citations, f"{link.from_id} -> {link.to_id}: {link.kind} without a citation"


def test_every_plot_point_gives_the_reason_for_its_verdict(data):
    for event in data.plot_points:
        assert (event.inference or "").startswith(f"Verdict: {event.verdict.value}"), event.id


def test_invented_plot_points_cite_a_statement_that_the_work_is_fiction(data):
    fiction = {"No, ‘Hit & Run’ is not based on a true story.", "Parts of the show seem like outright fiction",
               "is a fictional story crafted to entertain audiences with its twists and layered characters"}
    for event in data.plot_points:
        if event.verdict is Verdict.INVENTED:
            assert any(c.quote in fiction for c in event.citations), event.id
