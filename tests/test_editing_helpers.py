"""The date helper of the event form (EDTF built from plain choices, previewed in words) and new
sources' snapshots (safe names, never over another file). Pure: no Qt."""

from __future__ import annotations

import hashlib

import pytest

from viewer.core.dates import EdtfError, parse_date
from viewer.dataset.pages import Page
from viewer.editing.sources import SnapshotRefused, pasted_page, plan_source, write_snapshot
from viewer.editing.when import Day, build_edtf, describe_when


@pytest.mark.parametrize("text, words", [
    ("1990~", "about 1990 — 1989 to 1991"),
    ("1990-10-21", "21 October 1990"),
    ("1989/1993", "1989–1993 — 1989 to 1993"),
    ("199X", "the 1990s — 1990 to 1999"),
    ("[1986-06,1987]", "either June 1986 or 1987 — June 1986 to December 1987"),
    ("1993/..", "1993 onwards — from 1993, open-ended"),
])
def test_a_date_is_previewed_in_words_with_the_span_it_allows(text, words):
    assert describe_when(text) == words


def test_a_date_that_is_not_edtf_is_explained():
    with pytest.raises(EdtfError, match="month 13 does not exist"):
        describe_when("1990-13")


@pytest.mark.parametrize("args, expected", [
    (("year", Day(1990)), "1990"),
    (("year", Day(1990), None, True), "1990~"),
    (("month", Day(1990, 10), Day(1991, 2), False, True), "1990-10?/1991-02?"),
    (("day", Day(1990, 10, 21), None, True, True), "1990-10-21%"),
    (("decade", Day(1993)), "199X"),
    (("day", Day(1993, 1, 2), None, False, False, True), "1993-01-02/.."),
])
def test_the_date_helper_builds_edtf_the_loader_reads(args, expected):
    built = build_edtf(*args)
    assert built == expected
    parse_date(built)  # the loader's own date rules accept it


def test_a_new_snapshot_gets_a_safe_unused_name_and_never_overwrites(tmp_path):
    dataset = tmp_path / "case.toml"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "the-story.txt").write_text("someone else's file", encoding="utf-8")
    page = Page("The main text.\n")
    planned = plan_source(dataset, page, "../../The Story?", taken_ids={"x"})
    assert planned.fields.id == "the-story"
    assert planned.target == tmp_path / "sources" / "the-story-2.txt"
    assert planned.fields.snapshot == "sources/the-story-2.txt"
    assert planned.fields.sha256 == hashlib.sha256(b"The main text.\n").hexdigest()
    write_snapshot(planned)
    assert planned.target.read_text(encoding="utf-8") == "The main text.\n"
    assert (tmp_path / "sources" / "the-story.txt").read_text(encoding="utf-8") == "someone else's file"
    with pytest.raises(SnapshotRefused, match="cannot write"):
        write_snapshot(planned)  # the name is taken now: refused, not overwritten


def test_pasted_text_must_hold_text():
    with pytest.raises(SnapshotRefused, match="holds no text"):
        pasted_page("  \n ")
    assert pasted_page("Some words.").text == "Some words."
