"""EDTF strings -> numeric bounds (days since 1970-01-01) and wording. Pure: no Qt."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import a_calendar_event, a_dataset_with, write_dataset
from viewer.dataset.load import DatasetError, load_dataset
from viewer.core.dates import EdtfError, civil_from_days, days_from_civil, human_date, iso_from_days, parse_date

INF = math.inf


def day(year: int, month: int = 1, dom: int = 1) -> int:
    return days_from_civil(year, month, dom)


# -- calendar arithmetic ------------------------------------------------------------------------


def test_the_epoch_is_day_zero():
    assert days_from_civil(1970, 1, 1) == 0


def test_known_days_match_pythons_calendar():
    assert days_from_civil(1990, 10, 21) == 7598
    assert days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28) == 2  # 2000 is a leap year
    assert days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28) == 1  # 1900 is not


def test_year_zero_is_a_leap_year_before_year_one():
    assert days_from_civil(1, 1, 1) - days_from_civil(0, 1, 1) == 366


@given(st.integers(min_value=-1_000_000, max_value=1_000_000), st.integers(1, 12), st.integers(1, 31))
def test_civil_dates_round_trip_through_days_including_bce(year, month, dom):
    limit = days_from_civil(year + (month == 12), month % 12 + 1, 1) - days_from_civil(year, month, 1)
    dom = min(dom, limit)
    assert civil_from_days(days_from_civil(year, month, dom)) == (year, month, dom)


@given(st.integers(min_value=-400_000_000, max_value=400_000_000))
def test_days_round_trip_through_civil_dates(days):
    assert days_from_civil(*civil_from_days(days)) == days


@given(st.integers(min_value=-400_000_000, max_value=400_000_000))
def test_consecutive_days_are_consecutive_civil_dates(days):
    y, m, d = civil_from_days(days)
    ny, nm, nd = civil_from_days(days + 1)
    assert (ny, nm, nd) == (y, m, d + 1) or (nd == 1 and ((nm == m + 1 and ny == y) or (nm, m, ny) == (1, 12, y + 1)))


def test_iso_from_days_writes_bce_years_with_a_sign_and_open_ends_as_none():
    assert iso_from_days(day(1990, 10, 21) + 0.5) == "1990-10-21"
    assert iso_from_days(day(-500, 3, 4)) == "-0500-03-04"
    assert iso_from_days(INF) is None


# -- the EDTF forms of the issue, with exact bounds ----------------------------------------------


def test_a_year_spans_its_whole_year():
    b = parse_date("1990")
    assert (b.start_earliest, b.end_latest) == (day(1990), day(1991))
    assert (b.core_start, b.core_end) == (day(1990), day(1991))
    assert not b.is_interval and not b.approximate and not b.uncertain
    assert b.precision == "year"


def test_a_day_spans_one_day():
    b = parse_date("1990-10-21")
    assert (b.start_earliest, b.start_latest, b.end_earliest, b.end_latest) == (
        day(1990, 10, 21), day(1990, 10, 22), day(1990, 10, 21), day(1990, 10, 22))
    assert b.precision == "day"


def test_a_month_spans_its_days():
    b = parse_date("1990-02")
    assert (b.core_start, b.core_end) == (day(1990, 2), day(1990, 3))
    assert b.precision == "month"


def test_an_approximate_year_is_widened_by_a_year_either_side_but_keeps_its_core():
    b = parse_date("1990~")
    assert (b.start_earliest, b.end_latest) == (day(1989), day(1992))
    assert (b.core_start, b.core_end) == (day(1990), day(1991))
    assert b.approximate and not b.uncertain


def test_an_uncertain_year_is_flagged_uncertain_not_approximate():
    b = parse_date("1990?")
    assert b.uncertain and not b.approximate


def test_an_unspecified_digit_year_spans_the_decade():
    b = parse_date("199X")
    assert (b.start_earliest, b.end_latest) == (day(1990), day(2000))
    assert b.precision == "decade"


def test_an_interval_of_years_runs_from_the_start_of_one_to_the_end_of_the_other():
    b = parse_date("1989/1993")
    assert b.is_interval
    assert (b.start_earliest, b.start_latest) == (day(1989), day(1990))
    assert (b.end_earliest, b.end_latest) == (day(1993), day(1994))
    assert (b.core_start, b.core_end) == (day(1989), day(1994))


def test_an_interval_open_at_the_end_has_an_infinite_end():
    b = parse_date("1993/..")
    assert (b.start_earliest, b.start_latest) == (day(1993), day(1994))
    assert b.end_latest == INF and b.core_end == INF
    assert b.open_end and not b.open_start


def test_an_interval_open_at_the_start_has_an_infinite_start():
    b = parse_date("../1990")
    assert b.start_earliest == -INF and b.core_start == -INF
    assert (b.end_earliest, b.end_latest) == (day(1990), day(1991))
    assert b.open_start and not b.open_end


def test_an_interval_of_approximate_years_widens_both_ends():
    b = parse_date("1989~/1993~")
    assert (b.start_earliest, b.start_latest) == (day(1988), day(1991))
    assert (b.end_earliest, b.end_latest) == (day(1992), day(1995))
    assert (b.core_start, b.core_end) == (day(1989), day(1994))
    assert b.approximate


def test_a_bce_year_uses_astronomical_numbering():
    b = parse_date("-0500")
    assert (b.core_start, b.core_end) == (day(-500), day(-499))


def test_a_long_year_beyond_four_digits_is_supported():
    b = parse_date("Y-10000")
    assert (b.core_start, b.core_end) == (day(-10000), day(-9999))


def test_an_edtf_season_is_accepted_with_season_precision():
    b = parse_date("1990-21")
    assert b.precision == "season"
    assert day(1990, 3) <= b.core_start < b.core_end <= day(1990, 7)


def test_a_one_day_interval_is_valid():
    b = parse_date("1990-10-21/1990-10-21")
    assert (b.core_start, b.core_end) == (day(1990, 10, 21), day(1990, 10, 22))


def test_a_point_is_drawn_in_the_middle_of_its_stated_range():
    assert parse_date("1990-10-21").position == day(1990, 10, 21) + 0.5


# -- invalid dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "1990-13", "2001-02-29", "1993/1990", "hello", "", "1990-00", "1990-10-32", "../..",
    "1990/1989-12-31", "1990-10-21/1990-10-20", "2001-02-29~", "1990-13~",
])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(EdtfError):
        parse_date(text)


def test_a_leap_day_in_a_leap_year_is_accepted():
    assert parse_date("2000-02-29").core_start == day(2000, 2, 29)


def test_a_very_long_string_is_refused_before_parsing():
    with pytest.raises(EdtfError, match="at most"):
        parse_date("1" * 10_000)


def test_a_non_string_is_refused():
    with pytest.raises(EdtfError):
        parse_date(1990)  # type: ignore[arg-type]


@pytest.mark.parametrize(("when", "reason"), [
    ("1990-13", "is not an EDTF date"),
    ("2001-02-29", "is not an EDTF date"),
    ("1993/1990", "is not a valid interval"),
    ("hello", "is not an EDTF date"),
])
def test_a_bad_date_in_a_dataset_names_the_file_event_and_field(tmp_path: Path, when, reason):
    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("iris-killed", when=when)]),
                         name="hit-and-run.toml")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"hit-and-run.toml: event 'iris-killed': when: {when!r} {reason}")


# -- wording -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), [
    ("1990-10-21", "21 October 1990"),
    ("1990-10", "October 1990"),
    ("1990", "1990"),
    ("1990~", "about 1990"),
    ("1990?", "1990 (uncertain)"),
    ("1989~/1993~", "about 1989–1993"),
    ("1989/1993", "1989–1993"),
    ("199X", "the 1990s"),
    ("19XX", "some year from 1900 to 1999"),  # not "the 1900s", which reads as a decade
    ("1993/..", "1993 onwards"),
    ("../1990", "until 1990"),
    ("-0500", "501 BCE"),
    ("0000", "1 BCE"),
    ("Y-10000", "10,001 BCE"),
    ("1990-21", "spring 1990"),
    ("[1986-06,1987]", "either June 1986 or 1987"),
    ("[1973..2021]", "some time between 1973 and 2021"),
])
def test_human_date_words_a_date_at_its_real_precision(text, words):
    assert human_date(parse_date(text)) == words
