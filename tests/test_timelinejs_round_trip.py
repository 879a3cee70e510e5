"""Factline → TimelineJS3 → Factline: what a TimelineJS3 document can carry comes back — titles,
dates at the precision they were given, and tracks (as groups)."""

from __future__ import annotations

import re

from viewer.core.model import AxisKind
from viewer.dataset.load import load_dataset
from viewer.interchange.timelinejs_in import import_file
from viewer.interchange.timelinejs_out import write_timelinejs

_DAY = r"-?\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?"
PLAIN_DATE = re.compile(rf"\A{_DAY}(/{_DAY})?\Z")
"""A date TimelineJS3 can say exactly: a day, month or year, or an interval of two (not a
season, such as 2019-23, nor anything approximate or uncertain)."""


def test_titles_plain_dates_and_tracks_survive_a_round_trip_through_timelinejs3(bundled_dataset, tmp_path):
    exported = tmp_path / "story.json"
    write_timelinejs(bundled_dataset, exported)
    back_path = tmp_path / "back.toml"
    result = import_file(exported, back_path)
    assert not result.problems
    back = load_dataset(back_path)

    real = [e for e in bundled_dataset.events
            if bundled_dataset.track(e.track_id).axis is AxisKind.CALENDAR]
    assert len(back.events) == len(real), "every real event comes back (plot points have no air date here)"
    by_title = {e.title: e for e in back.events}
    assert set(by_title) == {e.title for e in real}
    track_names = {t.name for t in back.tracks}
    for event in real:
        returned = by_title[event.title]
        assert back.track(returned.track_id).name == bundled_dataset.track(event.track_id).name
        if PLAIN_DATE.match(event.date.edtf):  # exact in TimelineJS3: the same EDTF comes back
            assert returned.date.edtf == event.date.edtf, event.id
        else:  # approximate or uncertain: TimelineJS3 holds the span it may fall in
            assert returned.date.start_earliest <= event.date.end_latest
            assert returned.date.end_latest >= event.date.start_earliest
    assert track_names == {bundled_dataset.track(e.track_id).name for e in real}
    plain = [e for e in real if PLAIN_DATE.match(e.date.edtf)]
    assert len(plain) >= 10, "the comparison of exact dates covers most events"


def test_a_track_name_with_markup_characters_comes_back_as_written(tmp_path):
    # group is escaped twice on export (TimelineJS3 decodes it once more before showing it as HTML);
    # the import undoes both, so 'Ben & Jerry's <life>' is not 'Ben &amp; Jerry&#x27;s …'
    from conftest import a_dataset_with, write_dataset

    name = "Ben & Jerry's <life>"
    (tmp_path / "in").mkdir()
    path = write_dataset(tmp_path / "in", a_dataset_with(tracks=[{"id": "real", "name": name, "axis": "calendar",
                                                                  "color": "#3366cc"}]))
    dataset = load_dataset(path)
    exported = tmp_path / "story.json"
    write_timelinejs(dataset, exported)
    assert "&amp;amp;" in exported.read_text(encoding="utf-8")  # the export's double escape is there
    back_path = tmp_path / "back.toml"
    import_file(exported, back_path)
    back = load_dataset(back_path)
    assert [t.name for t in back.tracks] == [name]


def test_opening_a_timelinejs3_file_as_a_dataset_points_to_import(bundled_dataset, tmp_path):
    # it used to list 31 schema problems ('eras: unknown field', ...) field by field
    import pytest

    from viewer.dataset.load import DatasetError

    exported = tmp_path / "story.json"
    write_timelinejs(bundled_dataset, exported)
    with pytest.raises(DatasetError) as caught:
        load_dataset(exported)
    assert len(caught.value.problems) == 1
    assert "is a TimelineJS3 timeline, not a Factline dataset" in str(caught.value.problems[0])
    assert "factline import" in str(caught.value.problems[0])
