"""The edits of events, links, tracks and episodes: each opens its form (or asks), and hands the
values to the controller's ``submit``, which asks the loader. Loaded on the first edit, so the
forms and the editing core stay out of start-up."""

from __future__ import annotations

from viewer.editing.fields import CitationFields, EventFields, LinkFields
from viewer.editing.operations import (AddCitation, AddEpisode, AddEvent, AddLink, AddTrack, DeleteEvent, EditEpisode,
                                       EditEvent, EditTrack, RemoveLink)
from viewer.qt.editing.event_form import CitationDialog, EventForm
from viewer.qt.editing.item_forms import EpisodeForm, TrackForm
from viewer.qt.editing.link_dialog import LinkDialog
from viewer.qt.editing.protocol import Button, EditController
from viewer.qt.plain import no_mnemonic


def add_event(controller: EditController, citation: CitationFields | None = None) -> None:
    def submit(fields: EventFields, first: CitationFields | None) -> str | None:
        first = citation or first
        if first is None or not first.source:
            return "Choose the source the event cites (add one with Add source… if there is none yet)."
        new_id = controller.edits.document.free_id("events", fields.title)
        problem = controller.submit(AddEvent(new_id, fields, first))
        if problem is None:
            controller.state.focus(new_id)
        return problem

    event = controller.selected_event()
    form = EventForm(controller.state.dataset, submit, parent=controller.window, track_id=event.track_id if event else None)
    if citation is not None:
        form.citation.set_fixed(citation.source, citation.quote or "")
        form.citation.setEnabled(False)
    controller.open_form(form)


def edit_event(controller: EditController) -> None:
    event = controller.selected_event()
    if event is not None:
        controller.open_form(EventForm(controller.state.dataset, lambda fields, _c: controller.submit(EditEvent(event.id, fields)),
                                  event, controller.window))


def add_citation(controller: EditController) -> None:
    event = controller.selected_event()
    if event is not None:
        controller.open_form(CitationDialog(controller.state.dataset, event.title,
                                       lambda c: controller.submit(AddCitation(event.id, c, event.title)), controller.window))


def delete_event(controller: EditController) -> None:
    event = controller.selected_event()
    if event is None:
        return
    links = controller.state.dataset.links_of(event.id)
    names = [controller.state.dataset.event(link.to_id if link.from_id == event.id else link.from_id).title for link in links]
    goes = (f"\nIts {len(links)} link{'s' if len(links) != 1 else ''} go{'es' if len(links) == 1 else ''} with it: "
            + "; ".join(f"‘{n}’" for n in names[:10]) + ("…" if len(names) > 10 else "")) if links else ""
    if controller.ask("Delete event", f"Delete ‘{event.title}’?{goes}\nUndo brings it back.",
                Button.Yes | Button.Cancel) == Button.Yes:
        problem = controller.submit(DeleteEvent(event.id, event.title))
        if problem:
            controller.tell("Could not delete the event", problem)


def link_to(controller: EditController) -> None:
    event = controller.selected_event()
    if event is not None and event.narrative is not None:
        dialog = LinkDialog(controller.state, event.id,
                            lambda link: controller.submit(AddLink(link, titles=_titles(controller, link))), controller.window)
        controller.open_form(dialog, modal=False)
        frame = controller.window.frameGeometry()  # over the detail panel, leaving the calendar pane to click in
        dialog.move(max(frame.left(), frame.right() - dialog.frameGeometry().width() - 16), frame.top() + 80)


def remove_link(controller: EditController) -> None:
    event = controller.selected_event()
    if event is None:
        return
    links = list(controller.state.dataset.links_of(event.id))
    dataset = controller.state.dataset
    labels = [f"‘{dataset.event(l.from_id).title}’ {l.kind} ‘{dataset.event(l.to_id).title}’" for l in links]
    choice = controller.choose("Remove link", "Which link?", labels)
    if choice is not None:
        link = links[choice]
        problem = controller.submit(RemoveLink(LinkFields(link.from_id, link.to_id, link.kind)))
        if problem:
            controller.tell("Could not remove the link", problem)


def add_track(controller: EditController) -> None:
    controller.open_form(TrackForm(lambda fields: controller.submit(AddTrack(fields)),
                              new_id=lambda name: controller.edits.document.free_id("tracks", name), parent=controller.window))


def edit_track(controller: EditController) -> None:
    tracks = controller.state.dataset.tracks
    choice = controller.choose("Edit track", "Which track?", [no_mnemonic(t.name) for t in tracks])
    if choice is not None:
        track = tracks[choice]
        controller.open_form(TrackForm(lambda fields: controller.submit(EditTrack(track.id, fields)), track, parent=controller.window))


def add_episode(controller: EditController) -> None:
    numbers = [e.number for e in controller.state.dataset.episodes]
    controller.open_form(EpisodeForm(lambda fields: controller.submit(AddEpisode(fields)), next_number=max(numbers, default=0) + 1,
                                parent=controller.window))


def edit_episode(controller: EditController) -> None:
    episodes = controller.state.dataset.episodes
    choice = controller.choose("Edit episode", "Which episode?",
                         [f"{e.number}" + (f" — {e.title}" if e.title else "") for e in episodes])
    if choice is not None:
        episode = episodes[choice]
        controller.open_form(EpisodeForm(lambda fields: controller.submit(EditEpisode(episode.number, fields)), episode,
                                    parent=controller.window))


def _titles(controller: EditController, link: LinkFields) -> tuple[str, str]:
    """The titles of a link's ends, for the Edit menu's "Undo Link ‘…’ to ‘…’"."""
    dataset = controller.state.dataset
    return tuple(dataset.event(i).title if dataset.has_event(i) else i for i in (link.from_id, link.to_id))


def _say_verified(controller: EditController, event_id: str) -> None:
    """After an event made from a passage: where its quote was verified in the source."""
    citation = controller.state.dataset.event(event_id).citations[0]
    if citation.span is not None:
        start, end = citation.span
        controller.window.statusBar().showMessage(
            f"Added the event; its quote is verified at characters {start:,}–{end:,} of the source", 10000)
