"""Editing a dataset file (viewer.editing): only what changed is written anew, every edit is checked
by the loader's own rules, and each one is undone and redone to the very same text. Pure: no Qt."""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import a_calendar_event, a_dataset_with, a_plot_point, write_dataset
from viewer.dataset.authoring import new_dataset
from viewer.dataset.load import load_dataset
from viewer.editing.document import MAX_EDITABLE_BYTES, DatasetDocument, EditRefused, NotEditable
from viewer.editing.fields import (CitationFields, EpisodeFields, EventFields, LinkFields, SourceFields,
                                   TrackFields)
from viewer.editing.operations import (AddCitation, AddEpisode, AddEvent, AddLink, AddSource, AddTrack, DeleteEvent,
                                       EditEpisode, EditEvent, EditTrack, RemoveLink)
from viewer.editing.tree import toml_string


def event_fields(document: DatasetDocument, event_id: str) -> EventFields:
    tree = document.tree()
    return EventFields.of(tree.section("events")[tree.find("events", "id", event_id)])


def changed_lines(before: str, after: str) -> list[int]:
    """Line numbers (1-based, in ``before``) that the change replaced or removed; insertions count
    at the line they precede."""
    lines: list[int] = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            lines.extend(range(i1 + 1, max(i2, i1 + 1) + 1))
    return lines


def table_lines(text: str, header: str, key_line: str) -> range:
    """The lines of the ``header`` table whose body holds ``key_line`` (up to the next table of its kind)."""
    lines = text.splitlines()
    at = lines.index(key_line)
    start = max(i for i in range(at) if lines[i] == header)
    end = next((i for i in range(at, len(lines)) if lines[i] == header), len(lines))
    return range(start + 1, end + 1)


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


# -- editing the bundled dataset --------------------------------------------------------------------

def test_editing_one_event_of_the_bundled_dataset_changes_only_its_lines_and_keeps_every_comment(live_copy):
    document = DatasetDocument.open(live_copy)
    before = document.text
    old = event_fields(document, "duvdevan-founded")
    command = document.prepare(EditEvent("duvdevan-founded", dataclasses.replace(
        old, title="Unit 217 (Duvdevan) is set up", when="1986~", summary=None, people=("Ehud Barak",))))
    command.apply(document)
    document.save()

    saved = live_copy.read_text(encoding="utf-8")
    assert saved == document.text and not document.modified
    event_range = table_lines(before, "[[events]]", 'id = "duvdevan-founded"')
    changed = changed_lines(before, saved)
    assert changed and set(changed) <= set(event_range)
    assert comments(saved) == comments(before)
    edited = load_dataset(live_copy).event("duvdevan-founded")
    assert (edited.title, edited.summary, edited.people) == ("Unit 217 (Duvdevan) is set up", None, ("Ehud Barak",))
    assert 'when = "1986~"' in saved.splitlines()


def test_an_unchanged_form_changes_nothing_and_says_so(live_copy):
    document = DatasetDocument.open(live_copy)
    with pytest.raises(EditRefused, match="nothing to change"):
        document.prepare(EditEvent("raz-born", event_fields(document, "raz-born")))


def test_a_long_text_is_wrapped_as_the_bundled_file_writes_it_and_reads_back_whole(live_copy):
    document = DatasetDocument.open(live_copy)
    summary = " ".join(["Raz serves in the unit for some years, as the press reports it."] * 4)
    command = document.prepare(EditEvent("raz-born", dataclasses.replace(event_fields(document, "raz-born"),
                                                                           summary=summary)))
    lines = [line for line in command.after.splitlines() if line.startswith('summary = """Raz serves')]
    assert lines and lines[0].endswith(" \\") and len(lines[0]) <= 100
    assert tomllib.loads(command.after)["events"][0]["summary"] == summary


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_written_as_a_toml_string_reads_back_exactly(text):
    assert tomllib.loads(f"x = {toml_string(text).as_string()}")["x"] == text


# -- undo and redo of every kind of edit ------------------------------------------------------------

def _every_kind_of_edit(document: DatasetDocument) -> list:
    raz = event_fields(document, "raz-born")
    return [
        AddEvent("raz-moves-abroad", EventFields(track="real-life", title="Raz moves abroad", when="1994~",
                                                 people=("Lior Raz",)),
                 CitationFields("cinemaholic", quote="The show is the brainchild of Lior Raz and journalist Avi Issacharoff")),
        EditEvent("raz-born", dataclasses.replace(raz, title="Lior Raz is born (1971)", disputed=None)),
        RemoveLink(LinkFields("wife-killed", "iris-azulai-killed", "inspired-by")),
        DeleteEvent("iris-azulai-killed", "Iris Azulai is killed in Jerusalem"),
        AddCitation("raz-born", CitationFields("jta-1990", note="Gives no date of birth.", stance="disputes")),
        AddTrack(TrackFields("press", "In the press", "calendar", "#336699")),
        EditTrack("making-of", TrackFields("making-of", "Making the show", "calendar", "#E08A1E")),
        AddEpisode(EpisodeFields(10, "An episode that is not in the show", 48)),
        EditEpisode(2, EpisodeFields(2, "Love and Loss", 52.5)),
        AddLink(LinkFields("wife-killed", "raz-born", "parallels", "A note on the link.")),
        AddSource(SourceFields("a-new-source", "A new source", publisher="A publisher", date="2024-05")),
    ]


@pytest.mark.parametrize("kind", range(11), ids=["add-event", "edit-event", "remove-link", "delete-event", "add-citation",
                                                 "add-track", "edit-track", "add-episode", "edit-episode",
                                                 "add-link", "add-source"])
def test_undo_then_redo_of_each_kind_of_edit_gives_back_the_identical_file(live_copy, kind):
    document = DatasetDocument.open(live_copy)
    original, original_dataset = document.text, document.dataset
    operation = _every_kind_of_edit(document)[kind]
    command = document.prepare(operation)
    assert document.text == original  # preparing changes nothing
    edited_dataset = command.apply(document)
    edited = document.text
    assert edited != original and document.modified
    assert edited_dataset != original_dataset  # the edit shows in the dataset, not only in the text

    undone = command.revert(document)
    assert document.text == original and not document.modified
    assert undone.events == original_dataset.events and undone.links == original_dataset.links
    command.apply(document)
    assert document.text == edited
    document.save()
    assert load_dataset(live_copy) is not None  # the saved file is one the loader accepts
    assert comments(edited) == comments(original)  # no edit loses a comment


def test_each_kind_of_edit_does_what_it_says(live_copy):
    document = DatasetDocument.open(live_copy)
    results = []
    for operation in _every_kind_of_edit(document):
        results.append(document.prepare(operation).apply(document))
    dataset = results[-1]
    assert dataset.event("raz-moves-abroad").citations[0].span is not None  # the quote was verified
    assert dataset.event("raz-born").title == "Lior Raz is born (1971)" and dataset.event("raz-born").disputed is None
    assert not dataset.has_event("iris-azulai-killed")
    assert not any("iris-azulai-killed" in (link.from_id, link.to_id) for link in dataset.links)
    assert dataset.event("raz-born").citations[-1].source_id == "jta-1990"
    assert dataset.track("press").name == "In the press"
    assert (dataset.track("making-of").name, dataset.track("making-of").color) == ("Making the show", "#e08a1e")
    assert dataset.episode(10).minutes == 48 and dataset.episode(2).title == "Love and Loss"
    assert any((link.from_id, link.to_id, link.kind) == ("wife-killed", "raz-born", "parallels")
               for link in dataset.links)
    assert dataset.sources["a-new-source"].date == "2024-05"


def test_deleting_an_event_removes_the_links_the_dataset_names_for_it(live_copy):
    document = DatasetDocument.open(live_copy)
    links, all_links = document.dataset.links_of("iris-azulai-killed"), document.dataset.links
    assert len(links) >= 2
    dataset = document.prepare(DeleteEvent("iris-azulai-killed")).apply(document)
    assert dataset.links == tuple(link for link in all_links if link not in links)


def test_deleting_the_last_event_before_a_section_keeps_the_section_comment(live_copy):
    document = DatasetDocument.open(live_copy)
    before = document.text
    lines = before.splitlines()
    header = lines.index("# Real life: Avi Issacharoff")
    event_id = next(re.match(r'id = "(.*)"', lines[i]).group(1) for i in range(header, 0, -1)
                    if lines[i].startswith('id = "'))
    command = document.prepare(DeleteEvent(event_id))
    assert comments(command.after) == comments(before)
    assert f'id = "{event_id}"' not in command.after.splitlines()
    after = command.after.splitlines()
    assert after[after.index("# Real life: Avi Issacharoff") + 2] == "[[events]]"


COMMENTED = """\
format = "factline/1"
title = "Commented"

[[sources]]
id = "s"
title = "A source"

[[tracks]]
id = "real"
name = "Real"
axis = "calendar"
color = "#000000"

# Events: the first section

[[events]]
id = "a"
track = "real"
title = "A"
when = "1990"

  [[events.citations]]
  source = "s"
  note = "A note."

# The second section

# b is the one with the comment right above it
[[events]]
id = "b"
track = "real"
title = "B"
when = "1991"

  [[events.citations]]
  source = "s"
  note = "A note."

# The third section

[[events]]
id = "c"
track = "real"
title = "C"
when = "1992"

  [[events.citations]]
  source = "s"
  note = "A note."
"""


def test_a_removed_tables_own_comment_goes_with_it_and_section_comments_stay(tmp_path):
    path = tmp_path / "commented.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    document = DatasetDocument.open(path)
    without_b = document.prepare(DeleteEvent("b")).after
    assert comments(without_b) == ["# Events: the first section", "# The second section", "# The third section"]
    without_a = document.prepare(DeleteEvent("a")).after
    assert comments(without_a) == comments(COMMENTED)
    assert without_a.index("# The second section") < without_a.index('id = "b"')
    assert [e["id"] for e in tomllib.loads(without_a)["events"]] == ["b", "c"]
    without_c = document.prepare(DeleteEvent("c")).after
    assert comments(without_c) == comments(COMMENTED)  # set apart by a blank line: a section's, kept
    assert without_c.rstrip().endswith("# The third section")


def test_a_table_added_after_a_commented_one_leaves_the_comments_above_what_they_introduce(tmp_path):
    path = tmp_path / "commented.toml"
    path.write_text(COMMENTED.replace("[[tracks]]", "# Tracks next\n\n[[tracks]]"), encoding="utf-8")
    document = DatasetDocument.open(path)
    added = document.prepare(AddSource(SourceFields("t", "Another source"))).after
    assert added.index('id = "t"') < added.index("# Tracks next") < added.index("[[tracks]]")
    assert "\n\n[[sources]]\nid = \"t\"" in added


# -- refused edits ----------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (lambda doc: EditEvent("raz-born", dataclasses.replace(event_fields(doc, "raz-born"), when="1990-13-01")),
     "event 'raz-born': when: '1990-13-01' is not an EDTF date"),
    (lambda doc: EditEvent("raz-born", dataclasses.replace(event_fields(doc, "raz-born"), title="   ")),
     "event 'raz-born': title: is empty"),
    (lambda doc: AddEvent("raz-born", EventFields(track="real-life", title="Born again", when="1971"),
                          CitationFields("jta-1990", note="A note.")),
     "id: duplicate id"),
    (lambda doc: AddLink(LinkFields("wife-killed", "wife-killed")), "a link must join two different events"),
    (lambda doc: AddEvent("quoted", EventFields(track="real-life", title="Quoted", when="1990"),
                          CitationFields("cinemaholic", quote="Words the article never wrote")),
     "not found verbatim in the snapshot of source 'cinemaholic'"),
    (lambda doc: EditEvent("nobody", EventFields(track="real-life", title="Nobody", when="1990")),
     "the dataset has no event 'nobody'"),
])
def test_an_invalid_edit_is_refused_with_the_loaders_message_and_changes_nothing(live_copy, change, message):
    on_disk = live_copy.read_bytes()
    document = DatasetDocument.open(live_copy)
    before = document.text
    with pytest.raises(EditRefused) as refused:
        document.prepare(change(document))
    assert message in str(refused.value)
    assert document.text == before and not document.modified
    assert live_copy.read_bytes() == on_disk


def test_a_refusal_carries_the_loaders_problems_with_their_fields(live_copy):
    document = DatasetDocument.open(live_copy)
    with pytest.raises(EditRefused) as refused:
        document.prepare(EditEvent("raz-born", dataclasses.replace(event_fields(document, "raz-born"), when="soon")))
    assert [(p.where, p.field) for p in refused.value.problems] == [("event 'raz-born'", "when")]


def test_a_file_too_big_to_edit_or_that_does_not_load_is_not_editable(tmp_path, live_copy):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_EDITABLE_BYTES + 1))
    with pytest.raises(NotEditable, match="edits datasets up to"):
        DatasetDocument.open(big)
    live_copy.write_text(live_copy.read_text(encoding="utf-8").replace('when = "1971"', 'when = "1971-13"'), encoding="utf-8")
    with pytest.raises(NotEditable, match="does not load"):
        DatasetDocument.open(live_copy)


def test_a_command_applied_out_of_order_is_refused(live_copy):
    document = DatasetDocument.open(live_copy)
    first = document.prepare(AddTrack(TrackFields("a", "A", "calendar", "#000000")))
    second = document.prepare(AddTrack(TrackFields("b", "B", "calendar", "#000000")))
    first.apply(document)
    with pytest.raises(RuntimeError, match="out of order"):
        second.apply(document)


# -- a new dataset, from nothing --------------------------------------------------------------------

def test_a_new_dataset_is_filled_from_empty_sections_and_loads(tmp_path):
    path = new_dataset(tmp_path / "case", "A case")
    (path.parent / "sources").mkdir()
    (path.parent / "sources" / "piece.txt").write_text("The town flooded in the spring of 1953.\n", encoding="utf-8")
    document = DatasetDocument.open(path)
    for operation in (
        AddSource(SourceFields("piece", "A piece", snapshot="sources/piece.txt")),
        AddEvent("flood", EventFields(track="real-life", title="The town floods", when="1953-03/1953-05"),
                 CitationFields("piece", quote="The town flooded in the spring of 1953.")),
        AddEpisode(EpisodeFields(1, "Pilot")),
        AddEvent("the-flood-on-screen", EventFields(track="on-screen", title="A flood", episode=1, minute=12,
                                                    verdict="inspired"),
                 CitationFields("piece", note="Our own reading.")),
        AddLink(LinkFields("the-flood-on-screen", "flood")),
    ):
        document.prepare(operation).apply(document)
    document.save()
    dataset = load_dataset(path)
    assert [e.id for e in dataset.events] == ["flood", "the-flood-on-screen"]
    assert dataset.links[0].from_id == "the-flood-on-screen" and dataset.episode(1).title == "Pilot"
    assert dataset.event("the-flood-on-screen").narrative.minute == 12
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["events"][1] == {"id": "the-flood-on-screen", "track": "on-screen", "title": "A flood", "episode": 1,
                                 "minute": 12, "verdict": "inspired",
                                 "citations": [{"source": "piece", "note": "Our own reading."}]}


def test_deleting_the_only_event_leaves_an_empty_list_the_loader_accepts(tmp_path):
    data = a_dataset_with(events=[a_calendar_event("only")])
    path = write_dataset(tmp_path, data, name="one.toml")
    document = DatasetDocument.open(path)
    dataset = document.prepare(DeleteEvent("only")).apply(document)
    assert len(dataset.events) == 0
    assert tomllib.loads(document.text)["events"] == []


# -- JSON ---------------------------------------------------------------------------------------------

def test_json_is_written_in_the_documented_key_order_whatever_order_the_file_had(tmp_path):
    data = a_dataset_with(events=[a_calendar_event("e1"), a_plot_point("p1")],
                          links=[{"type": "inspired-by", "to": "e1", "from": "p1"}])
    shuffled = {key: data[key] for key in reversed(list(data))}
    shuffled["events"] = [{key: e[key] for key in reversed(list(e))} for e in data["events"]]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(shuffled), encoding="utf-8")
    (tmp_path / "article.txt").write_text(__import__("conftest").SNAPSHOT_TEXT, encoding="utf-8")
    document = DatasetDocument.open(path)
    command = document.prepare(AddEpisode(EpisodeFields(1, "One")))
    written = json.loads(command.after)
    assert list(written) == ["format", "title", "sources", "tracks", "episodes", "events", "links"]
    assert list(written["events"][0]) == ["id", "track", "title", "when", "citations"]
    assert list(written["links"][0]) == ["from", "to", "type"]
    assert list(written["events"][1]["citations"][0]) == ["source", "note"]
    assert DatasetDocument(path, command.after).tree().render() == command.after  # stable: the same text again
    assert command.after.endswith("}\n")


def test_a_json_edit_is_checked_by_the_loader_too(tmp_path):
    path = write_dataset(tmp_path, a_dataset_with(), name="case.json")
    document = DatasetDocument.open(path)
    with pytest.raises(EditRefused, match="a link must join two different events"):
        document.prepare(AddLink(LinkFields("iris-killed", "iris-killed")))


def test_ids_for_new_items_are_made_from_titles_and_never_taken(live_copy):
    document = DatasetDocument.open(live_copy)
    assert document.free_id("events", "Lior Raz is born") == "lior-raz-is-born"
    assert document.free_id("events", "Raz born!") == "raz-born-2"
    assert document.free_id("events", "???") == "event"


def test_quotes_keep_exactly_the_selected_text(live_copy):
    document = DatasetDocument.open(live_copy)
    quote = "Lior was also part of Unit 217,\nthe elite counter-terrorism outfit"
    dataset = document.prepare(AddCitation("raz-born", CitationFields("cinemaholic", quote=quote))).apply(document)
    assert dataset.event("raz-born").citations[-1].quote == quote
    assert Path(live_copy).read_text(encoding="utf-8") != document.text  # not saved yet
