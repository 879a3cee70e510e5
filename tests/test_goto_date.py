"""Go to date: what people type -> a range on the calendar, or a clear message. Pure: no Qt."""

from __future__ import annotations

import math

import pytest

from viewer.core.dates import days_from_civil, iso_from_days, parse_date
from viewer.core.goto_date import GotoError, parse_typed_date


def first_and_last(typed: str) -> tuple[str | None, str | None]:
    target = parse_typed_date(typed)
    return iso_from_days(target.lo), iso_from_days(math.ceil(target.hi) - 1)


@pytest.mark.parametrize(("typed", "first", "last", "words"), [
    # ordinary dates (python-dateutil), at the precision typed: a month is the month, not its first day
    ("21 Oct 1990", "1990-10-21", "1990-10-21", "21 October 1990"),
    ("October 1990", "1990-10-01", "1990-10-31", "October 1990"),
    ("Oct 21, 1990", "1990-10-21", "1990-10-21", "21 October 1990"),
    ("August 6, 2021", "2021-08-06", "2021-08-06", "6 August 2021"),
    ("6 August 2021 10:30", "2021-08-06", "2021-08-06", "6 August 2021"),
    ("February 2000", "2000-02-01", "2000-02-29", "February 2000"),  # relativedelta: to the month's real end
    ("  21   oct   1990 ", "1990-10-21", "1990-10-21", "21 October 1990"),
    # EDTF as a dataset writes it
    ("2021-08-06", "2021-08-06", "2021-08-06", "6 August 2021"),
    ("1990", "1990-01-01", "1990-12-31", "1990"),
    ("199X", "1990-01-01", "1999-12-31", "the 1990s"),
    ("1990-21", "1990-03-01", "1990-05-31", "spring 1990"),
    ("1993/..", "1993-01-01", "1993-12-31", "1993 onwards"),  # an open interval: where it is known
    # approximate and natural-language dates (the edtf library's reader), widened as datasets are
    ("circa 1990", "1989-01-01", "1991-12-31", "about 1990"),
    ("c. 1990", "1989-01-01", "1991-12-31", "about 1990"),
    ("around March 1990", "1990-02-01", "1990-04-30", "about March 1990"),
    ("circa 21 Oct 1990", "1990-10-20", "1990-10-22", "about 21 October 1990"),
    ("1990s", "1990-01-01", "1999-12-31", "the 1990s"),
    ("the 1990s", "1990-01-01", "1999-12-31", "the 1990s"),
    ("spring 1990", "1990-03-01", "1990-05-31", "spring 1990"),
    ("in the summer of 1962", "1962-06-01", "1962-08-31", "summer 1962"),
    ("19th century", "1800-01-01", "1899-12-31", "some year from 1800 to 1899"),
    ("1990-1993", "1990-01-01", "1993-12-31", "1990–1993"),
    # before the common era: 44 BC is the astronomical year -43
    ("44 BC", "-0043-01-01", "-0043-12-31", "44 BCE"),
    ("circa 44 BCE", "-0044-01-01", "-0042-12-31", "about 44 BCE"),
    ("1 BC", "0000-01-01", "0000-12-31", "1 BCE"),
])
def test_typed_dates_go_to_the_range_they_name(typed, first, last, words):
    assert first_and_last(typed) == (first, last)
    assert parse_typed_date(typed).words == words


def test_an_ordinary_date_has_the_bounds_its_edtf_form_has():
    for typed in ("21 Oct 1990", "October 1990", "February 2000", "December 1999"):
        target = parse_typed_date(typed)
        bounds = parse_date(target.edtf)
        assert (target.lo, target.hi) == (bounds.core_start, bounds.core_end), typed


def test_the_centre_is_the_middle_of_the_range():
    target = parse_typed_date("October 1990")
    assert target.centre == (days_from_civil(1990, 10, 1) + days_from_civil(1990, 11, 1)) / 2


@pytest.mark.parametrize(("typed", "message"), [
    ("31 Feb", "There is no 31 February: February has 28 or 29 days."),
    ("31 Feb 1990", "There is no 31 February: February has 28 or 29 days."),
    ("29 Feb 2001", "There is no 29 February 2001: 2001 is not a leap year."),
    ("31 April 1990", "There is no 31 April: April has 30 days."),
    ("next year", "'next year' depends on today's date; type the date itself, e.g. 21 Oct 1990"),
    ("yesterday", "depends on today's date"),
    ("21 Oct", "Which year? Type it too, e.g. '21 Oct 1990'."),
    ("the 21st", "Which year?"),
    ("hello", "'hello' is not a date Factline can read; try 21 Oct 1990, October 1990, 1990s, circa 1990"),
    ("", "Type a date, e.g. 21 Oct 1990"),
    ("   ", "Type a date"),
    ("0 BC", "There is no year 0 BC"),
    ("March 15, 44 BC", "type only the year ('44 BC', 'circa 44 BC'), or EDTF ('-0043-03-15'"),
    ("1" * 200, "a date needs fewer than"),
])
def test_bad_input_is_answered_with_a_clear_message(typed, message):
    with pytest.raises(GotoError) as caught:
        parse_typed_date(typed)
    assert message in str(caught.value)


def test_nothing_the_libraries_might_print_reaches_stdout_or_stderr(capfd):
    for typed in ("circa 1990", "1984-1X", "c. 44 bc", "around 12 Oct 1492", "early 1990s", "next year", "31 Feb",
                  "uncertain 1990?", "23rd dynasty", "1990?", "c 1990-1995"):
        try:
            parse_typed_date(typed)
        except GotoError:
            pass
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
