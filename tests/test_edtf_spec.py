"""Every example of the EDTF specification (Library of Congress, 2019; levels 0, 1 and 2): its
bounds, its words, and `factline check --json` on it. Pure: no Qt.

Bounds are written as the first and last day (inclusive) of the widened range, then of the
stated (core) range; docs/dataset-format.md documents the rules they follow."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import a_calendar_event, a_dataset_with, write_dataset
from viewer.core.dates import EdtfError, days_from_civil, human_date, iso_from_days, parse_date

ROOT = Path(__file__).resolve().parent.parent


def last_day(end: float) -> str | None:
    """The last day an exclusive end bound includes."""
    return iso_from_days(math.ceil(end) - 1) if math.isfinite(end) else None


def bounds_of(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    b = parse_date(text)
    return iso_from_days(b.start_earliest), last_day(b.end_latest), iso_from_days(b.core_start), last_day(b.core_end)


# (EDTF, widened first day, widened last day, stated first day, stated last day, words)
LEVEL_0 = [
    ("1985-04-12", "1985-04-12", "1985-04-12", "1985-04-12", "1985-04-12", "12 April 1985"),
    ("1985-04", "1985-04-01", "1985-04-30", "1985-04-01", "1985-04-30", "April 1985"),
    ("1985", "1985-01-01", "1985-12-31", "1985-01-01", "1985-12-31", "1985"),
    ("1985-04-12T23:20:30", "1985-04-12", "1985-04-12", "1985-04-12", "1985-04-12", "12 April 1985, 23:20:30"),
    ("1985-04-12T23:20:30Z", "1985-04-12", "1985-04-12", "1985-04-12", "1985-04-12", "12 April 1985, 23:20:30 UTC"),
    # placed at the instant in UTC: 03:20:30 on the 13th
    ("1985-04-12T23:20:30-04", "1985-04-13", "1985-04-13", "1985-04-13", "1985-04-13",
     "12 April 1985, 23:20:30 (UTC−04:00)"),
    ("1985-04-12T23:20:30+04:30", "1985-04-12", "1985-04-12", "1985-04-12", "1985-04-12",
     "12 April 1985, 23:20:30 (UTC+04:30)"),
    ("1964/2008", "1964-01-01", "2008-12-31", "1964-01-01", "2008-12-31", "1964–2008"),
    ("2004-06/2006-08", "2004-06-01", "2006-08-31", "2004-06-01", "2006-08-31", "June 2004–August 2006"),
    ("2004-02-01/2005-02-08", "2004-02-01", "2005-02-08", "2004-02-01", "2005-02-08",
     "1 February 2004–8 February 2005"),
    ("2004-02-01/2005-02", "2004-02-01", "2005-02-28", "2004-02-01", "2005-02-28", "1 February 2004–February 2005"),
    ("2004-02-01/2005", "2004-02-01", "2005-12-31", "2004-02-01", "2005-12-31", "1 February 2004–2005"),
    ("2005/2006-02", "2005-01-01", "2006-02-28", "2005-01-01", "2006-02-28", "2005–February 2006"),
]

LEVEL_1 = [
    ("Y170000002", "+170000002-01-01", "+170000002-12-31", "+170000002-01-01", "+170000002-12-31", "170,000,002"),
    ("Y-170000002", "-170000002-01-01", "-170000002-12-31", "-170000002-01-01", "-170000002-12-31",
     "170,000,003 BCE"),
    ("2001-21", "2001-03-01", "2001-05-31", "2001-03-01", "2001-05-31", "spring 2001"),
    ("2001-22", "2001-06-01", "2001-08-31", "2001-06-01", "2001-08-31", "summer 2001"),
    ("2001-23", "2001-09-01", "2001-11-30", "2001-09-01", "2001-11-30", "autumn 2001"),
    ("2001-24", "2001-12-01", "2002-02-28", "2001-12-01", "2002-02-28", "winter 2001"),
    ("1984?", "1983-01-01", "1985-12-31", "1984-01-01", "1984-12-31", "1984 (uncertain)"),
    ("2004-06~", "2004-05-01", "2004-07-31", "2004-06-01", "2004-06-30", "about June 2004"),
    ("2004-06-11%", "2004-06-09", "2004-06-13", "2004-06-11", "2004-06-11", "about 11 June 2004 (uncertain)"),
    ("201X", "2010-01-01", "2019-12-31", "2010-01-01", "2019-12-31", "the 2010s"),
    ("20XX", "2000-01-01", "2099-12-31", "2000-01-01", "2099-12-31", "some year from 2000 to 2099"),
    ("2004-XX", "2004-01-01", "2004-12-31", "2004-01-01", "2004-12-31", "some month of 2004"),
    ("1985-04-XX", "1985-04-01", "1985-04-30", "1985-04-01", "1985-04-30", "some day in April 1985"),
    ("1985-XX-XX", "1985-01-01", "1985-12-31", "1985-01-01", "1985-12-31", "some day in 1985"),
    ("1985-04-12/..", "1985-04-12", None, "1985-04-12", None, "12 April 1985 onwards"),
    ("1985-04/..", "1985-04-01", None, "1985-04-01", None, "April 1985 onwards"),
    ("1985/..", "1985-01-01", None, "1985-01-01", None, "1985 onwards"),
    ("../1985-04-12", None, "1985-04-12", None, "1985-04-12", "until 12 April 1985"),
    ("../1985-04", None, "1985-04-30", None, "1985-04-30", "until April 1985"),
    ("../1985", None, "1985-12-31", None, "1985-12-31", "until 1985"),
    ("1985-04-12/", "1985-04-12", None, "1985-04-12", None, "from 12 April 1985 (end unknown)"),
    ("1985-04/", "1985-04-01", None, "1985-04-01", None, "from April 1985 (end unknown)"),
    ("1985/", "1985-01-01", None, "1985-01-01", None, "from 1985 (end unknown)"),
    ("/1985-04-12", None, "1985-04-12", None, "1985-04-12", "until 12 April 1985 (start unknown)"),
    ("/1985-04", None, "1985-04-30", None, "1985-04-30", "until April 1985 (start unknown)"),
    ("/1985", None, "1985-12-31", None, "1985-12-31", "until 1985 (start unknown)"),
    ("1984~/2004-06", "1983-01-01", "2004-06-30", "1984-01-01", "2004-06-30", "about 1984–June 2004"),
    ("1984/2004-06~", "1984-01-01", "2004-07-31", "1984-01-01", "2004-06-30", "1984–about June 2004"),
    ("1984~/2004~", "1983-01-01", "2005-12-31", "1984-01-01", "2004-12-31", "about 1984–2004"),
    ("-1984?/2004%", "-1985-01-01", "2006-12-31", "-1984-01-01", "2004-12-31",
     "1985 BCE (uncertain)–about 2004 (uncertain)"),
    ("1984?/2004-06~", "1983-01-01", "2004-07-31", "1984-01-01", "2004-06-30", "1984 (uncertain)–about June 2004"),
    ("1984-06?/2004-08?", "1984-05-01", "2004-09-30", "1984-06-01", "2004-08-31", "June 1984–August 2004 (uncertain)"),
    ("1984-06-02?/2004-08-08~", "1984-06-01", "2004-08-09", "1984-06-02", "2004-08-08",
     "2 June 1984 (uncertain)–about 8 August 2004"),
    ("1984-06-02?/", "1984-06-01", None, "1984-06-02", None, "from 2 June 1984 (uncertain) (end unknown)"),
    ("-1985", "-1985-01-01", "-1985-12-31", "-1985-01-01", "-1985-12-31", "1986 BCE"),
]

LEVEL_2 = [
    ("Y-17E7", "-170000000-01-01", "-170000000-12-31", "-170000000-01-01", "-170000000-12-31", "170,000,001 BCE"),
    ("1950S2", "1900-01-01", "1999-12-31", "1950-01-01", "1950-12-31", "some year from 1900 to 1999, estimated 1950"),
    ("Y171010000S3", "+171000000-01-01", "+171999999-12-31", "+171010000-01-01", "+171010000-12-31",
     "some year from 171,000,000 to 171,999,999, estimated 171,010,000"),
    ("Y3388E2S3", "+338000-01-01", "+338999-12-31", "+338800-01-01", "+338800-12-31",
     "some year from 338,000 to 338,999, estimated 338,800"),
    ("2001-25", "2001-03-01", "2001-05-31", "2001-03-01", "2001-05-31", "spring 2001 (northern hemisphere)"),
    ("2001-26", "2001-06-01", "2001-08-31", "2001-06-01", "2001-08-31", "summer 2001 (northern hemisphere)"),
    ("2001-27", "2001-09-01", "2001-11-30", "2001-09-01", "2001-11-30", "autumn 2001 (northern hemisphere)"),
    ("2001-28", "2001-12-01", "2002-02-28", "2001-12-01", "2002-02-28", "winter 2001 (northern hemisphere)"),
    ("2001-29", "2001-09-01", "2001-11-30", "2001-09-01", "2001-11-30", "spring 2001 (southern hemisphere)"),
    ("2001-30", "2001-12-01", "2002-02-28", "2001-12-01", "2002-02-28", "summer 2001 (southern hemisphere)"),
    ("2001-31", "2001-03-01", "2001-05-31", "2001-03-01", "2001-05-31", "autumn 2001 (southern hemisphere)"),
    ("2001-32", "2001-06-01", "2001-08-31", "2001-06-01", "2001-08-31", "winter 2001 (southern hemisphere)"),
    ("2001-33", "2001-01-01", "2001-03-31", "2001-01-01", "2001-03-31", "the first quarter of 2001"),
    ("2001-34", "2001-04-01", "2001-06-30", "2001-04-01", "2001-06-30", "the second quarter of 2001"),
    ("2001-35", "2001-07-01", "2001-09-30", "2001-07-01", "2001-09-30", "the third quarter of 2001"),
    ("2001-36", "2001-10-01", "2001-12-31", "2001-10-01", "2001-12-31", "the fourth quarter of 2001"),
    ("2001-37", "2001-01-01", "2001-04-30", "2001-01-01", "2001-04-30", "January–April 2001"),
    ("2001-38", "2001-05-01", "2001-08-31", "2001-05-01", "2001-08-31", "May–August 2001"),
    ("2001-39", "2001-09-01", "2001-12-31", "2001-09-01", "2001-12-31", "September–December 2001"),
    ("2001-40", "2001-01-01", "2001-06-30", "2001-01-01", "2001-06-30", "the first half of 2001"),
    ("2001-41", "2001-07-01", "2001-12-31", "2001-07-01", "2001-12-31", "the second half of 2001"),
    ("[1667,1668,1670..1672]", "1667-01-01", "1672-12-31", "1667-01-01", "1672-12-31", "one of 1667, 1668 or 1670–1672"),
    ("[1667,1760-12]", "1667-01-01", "1760-12-31", "1667-01-01", "1760-12-31", "either 1667 or December 1760"),
    ("{1667,1668,1670..1672}", "1667-01-01", "1672-12-31", "1667-01-01", "1672-12-31", "all of 1667, 1668 and 1670–1672"),
    ("{1960,1961-12}", "1960-01-01", "1961-12-31", "1960-01-01", "1961-12-31", "both 1960 and December 1961"),
    ("2004-06~-11", "2004-05-11", "2004-07-11", "2004-06-11", "2004-06-11", "11 June 2004 (year and month approximate)"),
    ("2004?-06-11", "2003-06-11", "2005-06-11", "2004-06-11", "2004-06-11", "11 June 2004 (year uncertain)"),
    ("?2004-06-~11", "2003-06-10", "2005-06-12", "2004-06-11", "2004-06-11",
     "11 June 2004 (day approximate; year uncertain)"),
    ("2004-%06-11", "2004-04-11", "2004-08-11", "2004-06-11", "2004-06-11", "11 June 2004 (month approximate and uncertain)"),
    ("2004-~06-~11", "2004-06-10", "2004-06-12", "2004-06-11", "2004-06-11", "2004, about 11 June"),
    ("156X-12-25", "1560-12-25", "1569-12-25", "1560-12-25", "1569-12-25", "25 December of the 1560s"),
    ("15XX-12-25", "1500-12-25", "1599-12-25", "1500-12-25", "1599-12-25", "25 December of some year from 1500 to 1599"),
    ("XXXX-12-XX", "0000-12-01", "9999-12-31", "0000-12-01", "9999-12-31",
     "some day in December of some year from 1 BCE to 9999"),
    ("1XXX-XX", "1000-01-01", "1999-12-31", "1000-01-01", "1999-12-31", "some month of some year from 1000 to 1999"),
    ("1XXX-12", "1000-12-01", "1999-12-31", "1000-12-01", "1999-12-31", "December of some year from 1000 to 1999"),
    ("1984-1X", "1984-10-01", "1984-12-31", "1984-10-01", "1984-12-31", "some month from October to December 1984"),
    ("2004-06-~01/2004-06-~20", "2004-05-31", "2004-06-21", "2004-06-01", "2004-06-20",
     "1 June 2004 (day approximate)–20 June 2004 (day approximate)"),
    ("2004-06-XX/2004-07-03", "2004-06-01", "2004-07-03", "2004-06-01", "2004-07-03", "some day in June 2004–3 July 2004"),
]

SPEC = LEVEL_0 + LEVEL_1 + LEVEL_2

# Level 2 forms that are valid EDTF but that no single place on a calendar can stand for
REFUSED = [
    ("[..1760-12-03]", "set open at its start"),
    ("[1760-12..]", "set open at its end"),
    ("[1760-01,1760-02,1760-12..]", "set open at its end"),
    ("[..1984]", "set open at its start"),
    ("{..1984}", "set open at its start"),
]


@pytest.mark.parametrize(("text", "lo", "hi", "core_lo", "core_hi", "words"), SPEC, ids=[row[0] for row in SPEC])
def test_each_specification_example_has_its_documented_bounds_and_words(text, lo, hi, core_lo, core_hi, words):
    assert bounds_of(text) == (lo, hi, core_lo, core_hi)
    assert human_date(parse_date(text)) == words


@pytest.mark.parametrize(("text", "why"), REFUSED, ids=[row[0] for row in REFUSED])
def test_open_sets_are_refused_naming_the_form_and_why(text, why):
    with pytest.raises(EdtfError) as caught:
        parse_date(text)
    message = str(caught.value)
    assert why in message and "cannot place" in message and text in message
    assert "does not exist" not in message


def test_intervals_and_sets_are_drawn_as_their_kind():
    assert parse_date("1964/2008").is_interval and parse_date("1985/..").open_end and parse_date("../1985").open_start
    assert not parse_date("[1667,1668,1670..1672]").is_interval  # one moment, somewhere in the set
    assert not parse_date("{1960,1961-12}").is_interval


def test_a_date_time_is_placed_at_its_instant_in_utc():
    noon_utc = parse_date("1985-04-12T12:00:00Z")
    assert noon_utc.core_start == days_from_civil(1985, 4, 12) + 0.5
    assert parse_date("1985-04-12T14:00:00+02:00").core_start == noon_utc.core_start
    assert parse_date("1985-04-12T08:00:00-04").core_start == noon_utc.core_start
    assert noon_utc.core_end - noon_utc.core_start == pytest.approx(1 / 86400)  # stated to the second
    assert noon_utc.precision == "second"


@pytest.mark.parametrize(("text", "why"), [
    ("1985-04-12T24:00:00", "is not a time of day"),
    ("1985-04-12T23:20", "hh:mm:ss"),
    ("1985-04-12 23:20:30", "after a 'T'"),
    ("1985-04-12T10:00:00/1985-04-13", "only in a single date"),
    ("1985-04-12T10:00:00+15:00", "not a time zone offset"),
])
def test_times_that_are_not_level_0_date_times_are_refused_saying_why(text, why):
    with pytest.raises(EdtfError, match="not an EDTF date") as caught:
        parse_date(text)
    assert why in str(caught.value)


@pytest.mark.parametrize(("text", "why"), [
    ("2001-42", "month 42 does not exist: months are 01–12, and 21–41 are seasons"),
    ("2001-13", "(month 13 does not exist)"),
    ("2001-21-05", "which has no days"),
    ("1985-02-3X", "never happens"),
    ("XXX1-02-29", "never happens"),
    ("1950S5", "significant"),
    ("1950S2~", "significant digits already say"),
    ("Y2020", "five or more digits"),
    ("Y1E99", "not supported"),
    ("1990s", "write the 1990s as '199X'"),
    ("P1Y", "durations"),
    ("[]", "empty"),
    ("1990//1991", "one '/'"),
])
def test_malformed_forms_are_refused_with_a_reason(text, why):
    with pytest.raises(EdtfError) as caught:
        parse_date(text)
    assert why in str(caught.value)


# -- widening fits the precision -------------------------------------------------------------------


def day(y: int, m: int = 1, d: int = 1) -> int:
    return days_from_civil(y, m, d)


@pytest.mark.parametrize(("text", "lo", "hi"), [
    # one unit of the finest stated component; '%' two; the end bound is exclusive
    ("2020-02-17~", day(2020, 2, 16), day(2020, 2, 19)),       # a day: ±1 day
    ("2020-02-17?", day(2020, 2, 16), day(2020, 2, 19)),
    ("2020-02-17%", day(2020, 2, 15), day(2020, 2, 20)),       # ±2 days
    ("2020-03-01~", day(2020, 2, 29), day(2020, 3, 3)),        # across a leap day
    ("2004-06~", day(2004, 5, 1), day(2004, 8, 1)),            # a month: ±1 whole month (to 31 July)
    ("2004-01%", day(2003, 11, 1), day(2004, 4, 1)),           # ±2 months, across a year end
    ("1990~", day(1989), day(1992)),                           # a year: ±1 year
    ("1990%", day(1988), day(1993)),
    ("2001-21~", day(2000, 12, 1), day(2001, 9, 1)),           # a season: ±3 months
    ("2001-37~", day(2000, 9, 1), day(2001, 9, 1)),            # a quadrimester: ±4 months
    ("2001-41~", day(2001, 1, 1), day(2002, 7, 1)),            # a semester: ±6 months
    ("199X~", day(1980), day(2010)),                           # a decade: ±10 years
    ("19XX?", day(1800), day(2100)),                           # a century: ±100 years
    ("Y170000002~", day(170000001), day(170000004)),
])
def test_a_qualifier_widens_by_one_unit_of_the_dates_precision(text, lo, hi):
    b = parse_date(text)
    assert (b.start_earliest, b.end_latest) == (lo, hi)
    assert b.start_earliest < b.core_start < b.core_end < b.end_latest


def test_a_qualifier_left_of_a_component_widens_that_component_alone():
    # '~' before the day: the day is about the 11th, the year and month are sure
    b = parse_date("2004-06-~11")
    assert (b.start_earliest, b.end_latest) == (day(2004, 6, 10), day(2004, 6, 13))
    assert human_date(b) == "11 June 2004 (day approximate)"
    # '?' before the year and '~' before the day: a year either way and a day either way
    b = parse_date("?2004-06-~11")
    assert (b.start_earliest, b.end_latest) == (day(2003, 6, 10), day(2005, 6, 13))


def test_an_interval_widens_each_end_at_its_own_precision():
    b = parse_date("1984-06-02?/2004-08~")
    assert (b.start_earliest, b.start_latest) == (day(1984, 6, 1), day(1984, 6, 4))
    assert (b.end_earliest, b.end_latest) == (day(2004, 7, 1), day(2004, 10, 1))


# -- factline check --json on every example ---------------------------------------------------------


def check_json(path: Path) -> tuple[int, dict, str]:
    done = subprocess.run([sys.executable, "-m", "viewer.app", "check", "--json", str(path)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    return done.returncode, json.loads(done.stdout), done.stderr


def test_check_json_is_valid_json_with_the_bounds_of_every_specification_example(tmp_path):
    events = [a_calendar_event(f"e{i}", when=row[0]) for i, row in enumerate(SPEC)]
    code, report, stderr = check_json(write_dataset(tmp_path, a_dataset_with(events=events)))
    assert code == 0 and stderr == ""
    [dataset] = report["datasets"]
    by_id = {e["id"]: e for e in dataset["events"]}
    for i, (text, lo, hi, *_rest) in enumerate(SPEC):
        event = by_id[f"e{i}"]
        assert (event["when"], event["earliest"], event["latest"]) == (text, lo, hi), text


def test_check_json_stays_valid_json_for_refused_and_malformed_dates(tmp_path):
    # '1984-1X' made the edtf library print to stdout; nothing may reach it but the report
    texts = [text for text, _ in REFUSED] + ["1984-1X~X", "2001-25-01", "1985-04-12T10:00", "1990s", "[1667,,]"]
    events = [a_calendar_event(f"e{i}", when=text) for i, text in enumerate(texts)]
    code, report, stderr = check_json(write_dataset(tmp_path, a_dataset_with(events=events)))
    assert code == 1 and stderr == ""
    problems = report["datasets"][0]["problems"]
    assert [p["where"] for p in problems] == [f"event 'e{i}'" for i in range(len(texts))]
    assert all(p["field"] == "when" and repr(text) in p["message"] for p, text in zip(problems, texts))


def test_check_json_for_the_form_that_made_the_edtf_library_print(tmp_path):
    code, report, stderr = check_json(write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("e", when="1984-1X")])))
    assert code == 0 and stderr == ""
    assert report["datasets"][0]["events"][0]["earliest"] == "1984-10-01"
