"""`factline import`: TimelineJS3 JSON (both shapes) and the spreadsheet template as CSV, made into
a dataset the real loader accepts; bad rows named by row and column; nothing written on refusal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.app import main
from viewer.dataset import schema
from viewer.dataset.check import run_check
from viewer.dataset.load import load_dataset
from viewer.interchange.plain_text import plain_text
from viewer.interchange.timelinejs_in import ImportRefused, import_file, read_input
from viewer.interchange.timelinejs_rows import MAX_INPUT_BYTES

HEADER = ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
          "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
          "Background"]


def sheet(tmp_path: Path, rows: list[dict[str, str]], header: list[str] = HEADER, name: str = "sheet.csv") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def as_json(tmp_path: Path, data: object, name: str = "timeline.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def imported(source: Path, **options) -> tuple[dict, object]:
    """The written dataset as the loader reads it, keyed by event id, and the import's result."""
    target = source.with_name(source.stem + "-out.toml")
    result = import_file(source, target, **options)
    dataset = load_dataset(target)
    assert run_check([str(target)], False)[0] == 0  # `factline check` passes too
    return {e.id: e for e in dataset.events}, (result, dataset, target)


FULL_ROW = {"Year": "1990", "Month": "10", "Day": "4", "Time": "1:30:05 PM", "End Year": "", "End Month": "",
            "End Day": "", "End Time": "", "Display Date": "Autumn 1990", "Headline": "The <b>crash</b>",
            "Text": "<p>It   happened &amp; was <i>reported</i>.</p>", "Media": "https://example.org/a.jpg",
            "Media Credit": "AP Photo", "Media Caption": "The road", "Media Thumbnail": "https://example.org/t.jpg",
            "Type": "", "Group": "Real life", "Background": "#ffffff"}


def test_every_template_column_is_read(tmp_path):
    rows = [{"Headline": "Hit &amp; Run", "Text": "What <em>really</em> happened", "Type": "title"},
            FULL_ROW,
            {"Year": "1991", "Month": "3", "End Year": "1992", "End Month": "5", "End Day": "2", "End Time": "10:00",
             "Headline": "Trial", "Group": "Court"},
            {"Year": "1993", "Headline": "No group"}]
    events, (result, dataset, target) = imported(sheet(tmp_path, rows))
    assert dataset.title == "Hit & Run"
    assert dataset.description == "What really happened"
    crash = events["the-crash"]
    assert crash.title == "The crash"
    assert crash.summary == "It happened & was reported."
    assert crash.date.edtf == "1990-10-04T13:30:05"  # a time on a single full date is kept
    note = crash.citations[0].note
    assert "Imported from sheet.csv (line 3)" in note and "AP Photo" in note and "https://example.org/a.jpg" in note
    assert "The road" in note and "Autumn 1990" in note
    assert crash.citations[0].quote is None
    assert events["trial"].date.edtf == "1991-03/1992-05-02"  # an interval: times dropped (EDTF has none there)
    assert "End time given: 10:00:00 (not in the date)." in events["trial"].citations[0].note
    assert events["no-group"].date.edtf == "1993"
    tracks = {t.id: t.name for t in dataset.tracks}
    assert tracks == {"real-life": "Real life", "court": "Court", "events": "Events"}
    assert [s.id for s in dataset.sources.values()] == ["import"]
    assert dataset.sources["import"].title == "sheet.csv"
    assert result.events == 3 and not result.problems


def test_the_old_tag_column_is_the_group_and_columns_match_without_case(tmp_path):
    header = ["year", "MONTH", " Headline ", "Tag"]
    events, (_, dataset, _) = imported(sheet(tmp_path, [{"year": "2001", "MONTH": "9", " Headline ": "A",
                                                         "Tag": "Politics"}], header=header))
    assert events["a"].date.edtf == "2001-09"
    assert events["a"].track_id == "politics"


def test_era_rows_are_counted_not_imported(tmp_path, capsys):
    rows = [{"Year": "1990", "Headline": "Event"}, {"Year": "1980", "End Year": "1990", "Headline": "The 80s",
                                                    "Type": "era"}]
    source = sheet(tmp_path, rows)
    assert main(["import", str(source), "-o", str(tmp_path / "out.toml")]) == 0
    out = capsys.readouterr().out
    assert "1 event on 1 track" in out and "1 era not imported (Factline has no eras)" in out
    assert len(load_dataset(tmp_path / "out.toml").events) == 1


def test_bce_and_long_years(tmp_path):
    rows = [{"Year": "-44", "Month": "3", "Day": "15", "Headline": "Caesar"},
            {"Year": "-138000", "Headline": "Long ago"},
            {"Year": "0", "Headline": "Year zero"}]
    events, _ = imported(sheet(tmp_path, rows))
    assert events["caesar"].date.edtf == "-0044-03-15"
    assert events["long-ago"].date.edtf == "Y-138000"
    assert events["year-zero"].date.edtf == "0000"


def test_years_the_calendar_cannot_hold_are_refused_in_words(tmp_path):
    rows = [{"Year": "-13800000000", "Headline": "Big bang"}, {"Year": "-20000", "Month": "2", "Headline": "Ice"}]
    with pytest.raises(ImportRefused) as caught:
        import_file(sheet(tmp_path, rows), tmp_path / "out.toml")
    message = str(caught.value)
    assert "line 2, Year: expected a date Factline can place (Y-13800000000: years beyond ±10,000,000,000" in message
    assert "line 3, Month: expected no month or day with a year beyond ±9999" in message


def test_bad_rows_are_listed_by_line_and_column_and_nothing_is_written(tmp_path):
    rows = [{"Year": "1990", "Headline": "Fine"},
            {"Year": "nineteen", "Headline": "Words"},
            {"Year": "1990", "Month": "13", "Headline": "Month"},
            {"Year": "1990", "Month": "2", "Day": "30", "Headline": "Day"},
            {"Year": "1990", "Time": "25 o'clock", "Headline": "Time"},
            {"Headline": "No year"},
            {"Year": "1990"},
            {"Year": "1991", "End Year": "1990", "Headline": "Backwards"},
            {"Year": "1990", "Type": "slide", "Headline": "Type"}]
    source, target = sheet(tmp_path, rows), tmp_path / "out.toml"
    with pytest.raises(ImportRefused) as caught:
        import_file(source, target)
    message = str(caught.value)
    assert not target.exists()
    assert "8 problems; nothing was written (--valid-rows imports the 1 valid row)" in message
    for expected in ("line 3, Year: expected a whole number, not 'nineteen'",
                     "line 4, Month: expected a whole number from 1 to 12, not '13'",
                     "line 5, Day: expected a day from 1 to 28 in that month, not 30",
                     "line 6, Time: expected a time such as 13:30 or 1:30:05 PM, not \"25 o'clock\"",
                     "line 7, Year: expected a year (a whole number; negative for BCE)",
                     "line 8, Headline: expected a headline (or a text to make a title from)",
                     "line 9, End Year: expected a date Factline can place (1991/1990",
                     "line 10, Type: expected 'title', 'era' or nothing, not 'slide'"):
        assert expected in message
    assert caught.value.result.problems[0].where == "line 3"


def test_valid_rows_imports_the_others_and_lists_the_skipped(tmp_path, capsys):
    rows = [{"Year": "1990", "Headline": "Fine"}, {"Year": "1990", "Month": "0", "Headline": "Bad"},
            {"Year": "1995", "Headline": "Also fine"}]
    source, target = sheet(tmp_path, rows), tmp_path / "out.toml"
    assert main(["import", str(source), "-o", str(target)]) == 1
    assert "line 3, Month" in capsys.readouterr().err and not target.exists()
    assert main(["import", str(source), "-o", str(target), "--valid-rows"]) == 0
    out = capsys.readouterr().out
    assert "2 events on 1 track; 1 problem in the rows skipped" in out
    assert "sheet.csv: line 3, Month: expected a whole number from 1 to 12, not '0'" in out
    assert sorted(e.id for e in load_dataset(target).events) == ["also-fine", "fine"]


def test_a_line_break_inside_a_cell_keeps_the_line_numbers_right(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text('Year,Headline,Text\n1990,A,"two\nlines"\nbad,B,\n', encoding="utf-8")
    result = read_input(path)
    assert [str(p) for p in result.problems] == ["line 4, Year: expected a whole number, not 'bad'"]


def test_the_current_json_shape(tmp_path):
    data = {"title": {"text": {"headline": "The <i>case</i>", "text": "<p>Intro</p>"}},
            "events": [{"start_date": {"year": 1990, "month": 10, "day": 4, "hour": 8, "minute": 5},
                        "text": {"headline": "Crash", "text": "Body"}, "group": "Real life",
                        "media": {"url": "https://example.org/v", "credit": "Reuters", "caption": "Cap"},
                        "unique_id": "crash-1990"},
                       {"start_date": {"year": "1991"}, "end_date": {"year": "1993", "month": "6"},
                        "display_date": "The early 90s", "text": {"headline": "Years"}}],
            "eras": [{"start_date": {"year": 1990}, "end_date": {"year": 2000}, "text": {"headline": "Era"}}]}
    events, (result, dataset, _) = imported(as_json(tmp_path, data))
    assert dataset.title == "The case" and dataset.description == "Intro"
    assert events["crash-1990"].date.edtf == "1990-10-04T08:05:00"
    assert "Reuters" in events["crash-1990"].citations[0].note
    assert "events[0]" in events["crash-1990"].citations[0].note
    assert events["years"].date.edtf == "1991/1993-06"
    assert "The early 90s" in events["years"].citations[0].note
    assert events["years"].track_id == "events"
    assert result.eras == 1


def test_slides_instead_of_events(tmp_path):
    events, _ = imported(as_json(tmp_path, {"slides": [{"start_date": {"year": 2000}, "text": {"headline": "S"}}]}))
    assert events["s"].date.edtf == "2000"


def test_the_older_timelinejs_2_shape(tmp_path):
    data = {"timeline": {"headline": "Old one", "text": "About it", "type": "default",
                         "date": [{"startDate": "1990,10,4", "endDate": "1990,12", "headline": "Started",
                                   "text": "<b>bold</b>", "tag": "Work",
                                   "asset": {"media": "https://example.org/i.png", "credit": "Me", "caption": "C"}},
                                  {"startDate": "-44,3,15", "headline": "Ides"}],
                         "era": [{"startDate": "1990", "endDate": "2000", "headline": "Nineties"}]}}
    events, (result, dataset, _) = imported(as_json(tmp_path, data))
    assert dataset.title == "Old one" and dataset.description == "About it"
    assert events["started"].date.edtf == "1990-10-04/1990-12"
    assert events["started"].summary == "bold" and events["started"].track_id == "work"
    assert "Me" in events["started"].citations[0].note
    assert events["ides"].date.edtf == "-0044-03-15"
    assert result.eras == 1


def test_json_problems_name_the_event_index_and_field(tmp_path):
    data = {"events": [{"start_date": {"year": 1990, "month": "x"}, "text": {"headline": "A"}},
                       "not an object",
                       {"text": {"headline": "No date"}},
                       {"start_date": {"year": True}, "text": {"headline": 5}}]}
    with pytest.raises(ImportRefused) as caught:
        import_file(as_json(tmp_path, data), tmp_path / "out.toml")
    message = str(caught.value)
    assert "events[0].start_date.month: expected a whole number from 1 to 12, not 'x'" in message
    assert "events[1]: expected an object (a slide), not str" in message
    assert "events[2].start_date.year: expected a year" in message
    assert "events[3].text.headline: expected text, not int" in message


def test_html_is_stripped_with_a_real_parser():
    assert plain_text("<p>a<script>alert('x')</script>b</p>", 100) == "ab"
    assert plain_text("before<script>alert('x')</script>after", 100) == "beforeafter"
    assert plain_text("<style>p {color: red}</style>Text", 100) == "Text"
    # a broken tag is not an element: what is left is inert text, shown as it is, never markup
    assert plain_text("<scr<script>ipt>alert(1)</script>", 100) == "ipt>alert(1)"
    assert plain_text("x<script>never closed", 100) == "x"
    assert plain_text('<a href="x>y" title=">">link</a>', 100) == "link"
    assert plain_text("one<br>two\n\n  three&nbsp;&lt;b&gt;", 100) == "one two three <b>"
    assert plain_text("&amp;lt;", 100) == "&lt;"  # decoded once, not twice
    assert plain_text("x" * 50, 10) == "x" * 9 + "…"


def test_html_in_text_reaches_the_dataset_as_plain_text(tmp_path):
    rows = [{"Year": "1990", "Headline": "<img src=x onerror=alert(1)>Title",
             "Text": "Safe<script>document.write('evil')</script> text <!-- hidden -->"}]
    events, _ = imported(sheet(tmp_path, rows))
    assert events["title"].title == "Title"
    assert events["title"].summary == "Safe text"


def test_lengths_are_bounded_to_the_schema(tmp_path):
    rows = [{"Year": "1990", "Headline": "word " * 400, "Text": "long " * 10_000}]
    events, _ = imported(sheet(tmp_path, rows))
    event = next(iter(events.values()))
    assert len(event.title) <= schema.MAX_TITLE and event.title.endswith("…")
    assert len(event.summary) <= schema.MAX_TEXT


def test_a_row_without_headline_takes_its_title_from_the_text(tmp_path):
    events, _ = imported(sheet(tmp_path, [{"Year": "1990", "Text": "<p>Only a text here</p>"}]))
    assert events["only-a-text-here"].title == "Only a text here"


def test_repeated_titles_get_distinct_ids(tmp_path):
    events, _ = imported(sheet(tmp_path, [{"Year": "1990", "Headline": "Same"}, {"Year": "1991", "Headline": "Same"}]))
    assert sorted(events) == ["same", "same-2"]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("big.csv", None, "larger than 20 MB"),
    ("t.json", b"{not json", "not valid JSON"),
    ("t.json", b'{"something": []}', "not a TimelineJS timeline"),
    ("t.csv", b"Name,Value\nx,1\n", "not the TimelineJS template's header"),
    ("t.csv", b"", "empty"),
    ("t.csv", b"Year,Headline\n\xff\xfe,x\n", "not UTF-8"),
    ("t.xlsx", b"PK\x03\x04\xff", "unknown file type"),
])
def test_unusable_inputs_are_refused_in_words(tmp_path, name, content, expected):
    source = tmp_path / name
    if content is None:
        with source.open("wb") as stream:
            stream.truncate(MAX_INPUT_BYTES + 1)  # sparse: no 20 MB written
    else:
        source.write_bytes(content)
    with pytest.raises(ImportRefused, match=expected) as caught:
        import_file(source, tmp_path / "out.toml")
    assert name in str(caught.value)
    assert not (tmp_path / "out.toml").exists()


def test_an_existing_output_or_a_wrong_suffix_is_refused(tmp_path, capsys):
    source = sheet(tmp_path, [{"Year": "1990", "Headline": "A"}])
    existing = tmp_path / "there.toml"
    existing.write_text("keep", encoding="utf-8")
    assert main(["import", str(source), "-o", str(existing)]) == 1
    assert "already exists" in capsys.readouterr().err and existing.read_text(encoding="utf-8") == "keep"
    with pytest.raises(ImportRefused, match="ending in .toml"):
        import_file(source, tmp_path / "out.json")
    with pytest.raises(ImportRefused, match="not found"):
        import_file(tmp_path / "missing.csv", tmp_path / "out.toml")


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    from viewer.interchange import timelinejs_rows

    monkeypatch.setattr(timelinejs_rows, "MAX_ROWS", 2)
    source = sheet(tmp_path, [{"Year": "1990", "Headline": "A"}] * 3)
    with pytest.raises(ImportRefused, match="sheet.csv: 3 events, more than the 2 an import takes"):
        import_file(source, tmp_path / "out.toml")


def test_only_invalid_rows_write_nothing_even_with_valid_rows(tmp_path):
    source = sheet(tmp_path, [{"Year": "x", "Headline": "A"}])
    with pytest.raises(ImportRefused, match="no event to import"):
        import_file(source, tmp_path / "out.toml", valid_rows=True)
    assert not (tmp_path / "out.toml").exists()


def test_the_help_lists_import(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "factline import IN.json|IN.csv -o OUT.toml [--valid-rows]" in capsys.readouterr().out


def test_a_bad_month_is_one_problem_and_a_same_year_span_is_that_year(tmp_path):
    header = ("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
              "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n")
    source = tmp_path / "sheet.csv"
    source.write_text(header + "1901,13,1,,,,,,,Bad month,,,,,,,,\n1912,,,,1912,,,,,One year,,,,,,,,\n",
                      encoding="utf-8")
    result = import_file(source, tmp_path / "out.toml", valid_rows=True)
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    assert result.problems[0].field == "Month" and "13" in result.problems[0].expected
    assert 'when = "1912"' in (tmp_path / "out.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["plain", "café 東京 🎬", "", "a \"quoted\" word", "back\\slash", "tab\there",
                                  "line\nbreak", "del\x7fchar", "bell\x07", "'single'", "1990-10-21", "x = 1"])
def test_a_value_is_written_as_toml_that_reads_back_exactly(text):
    import tomllib

    import tomlkit

    from viewer.interchange.timelinejs_in import _toml_value

    written = _toml_value(text)
    assert tomllib.loads(f"x = {written}")["x"] == text
    assert written == tomlkit.item(text).as_string()  # what tomlkit alone wrote, escapes and all


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_reads_back_exactly(text):
    import tomllib

    from viewer.interchange.timelinejs_in import _toml_value

    assert tomllib.loads(f"x = {_toml_value(text)}")["x"] == text
