"""A dataset file being edited: its text, the edits made to it as reversible commands, and saving.
Pure: no Qt.

Every edit is checked by the loader itself — the new text goes through the same
:func:`~viewer.dataset.parse.parse_document` and :func:`~viewer.dataset.build.build_dataset` as a
file opened from disk — before it becomes a :class:`Command`; an edit the loader refuses raises
:class:`EditRefused` with the loader's problems and changes nothing. A command holds the text
before and after it, so undoing and redoing it gives back the very same text."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from viewer.core.files import write_atomically
from viewer.core.model import Dataset
from viewer.dataset.authoring import free_id, slug
from viewer.dataset.build import build_dataset
from viewer.dataset.errors import DatasetError, Problem
from viewer.dataset.parse import parse_document
from viewer.dataset.read import read_file
from viewer.editing.operations import NotInFile, Operation
from viewer.editing.tree import Tree, parse_tree

MAX_EDITABLE_BYTES = 4 * 1024 * 1024
"""Files up to this size are edited in the app. Each edit parses, renders and checks the whole
file, and each undo step keeps a copy of its text: a bigger file is edited in a text editor."""

UNDO_MEMORY = 256 * 1024 * 1024
"""About how much text the undo steps of one document may hold (see :func:`undo_limit`)."""

_DATASETS_KEPT = 4
"""Datasets built from recent texts, kept so that undo and redo need not build them again."""


class EditRefused(Exception):
    """An edit that would make the dataset invalid (the loader's problems say why), or that names
    something the file does not have. Nothing was changed."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


class NotEditable(Exception):
    """The file cannot be edited in the app (too big, or it does not load); the message says why."""


@dataclass(frozen=True, eq=False)
class Command:
    """One accepted edit: the text before and after it. ``apply`` and ``revert`` swap them in."""

    name: str
    before: str
    after: str

    def apply(self, document: DatasetDocument) -> Dataset:
        return document.replace_text(self.before, self.after)

    def revert(self, document: DatasetDocument) -> Dataset:
        return document.replace_text(self.after, self.before)


class DatasetDocument:
    """The text of a dataset file being edited, and what it was when last saved."""

    def __init__(self, path: Path, text: str, dataset: Dataset | None = None):
        self.path = path
        self.suffix = path.suffix.lower()
        self.text = text
        self.saved_text = text
        self._datasets: OrderedDict[str, Dataset] = OrderedDict()
        self._remember(text, dataset if dataset is not None else self._build(text))

    @classmethod
    def open(cls, path: str | Path) -> DatasetDocument:
        """The file as it is on disk; :class:`NotEditable` if it is too big to edit or does not load."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise NotEditable(f"cannot read {path}: {exc.strerror or exc}") from None
        if size > MAX_EDITABLE_BYTES:
            raise NotEditable(f"{path.name} is {size / 2**20:,.1f} MB; the app edits datasets up to "
                              f"{MAX_EDITABLE_BYTES // 2**20} MB (edit a bigger one in a text editor)")
        try:
            text = bytes(read_file(path)).decode("utf-8-sig")
            return cls(path, text)
        except (DatasetError, UnicodeDecodeError) as exc:
            raise NotEditable(f"{path.name} does not load, so it cannot be edited until it is fixed:\n{exc}") from None

    @property
    def modified(self) -> bool:
        """Whether the text differs from the file as last saved (or opened)."""
        return self.text != self.saved_text

    @property
    def dataset(self) -> Dataset:
        """The dataset the current text describes."""
        return self._dataset_of(self.text)

    def tree(self) -> Tree:
        """A parsed copy of the current text, to read items from or to change."""
        return parse_tree(self.text, self.suffix)

    def prepare(self, operation: Operation) -> Command:
        """The command for ``operation`` on the current text, once the loader accepts its result;
        :class:`EditRefused` (nothing changed) if it does not, or if the edit changes nothing."""
        tree = self.tree()
        try:
            operation.change(tree)
        except NotInFile as exc:
            raise EditRefused(f"{operation.name}: {exc}") from None
        after = tree.render()
        if after == self.text:
            raise EditRefused(f"{operation.name}: nothing to change")
        try:
            dataset = self._build(after)
        except DatasetError as exc:
            raise EditRefused(str(exc), exc.problems) from None
        self._remember(after, dataset)
        return Command(operation.name, self.text, after)

    def replace_text(self, expected: str, new: str) -> Dataset:
        """Swap in ``new`` for the current text, which must be ``expected`` (commands apply in order)."""
        if self.text is not expected and self.text != expected:
            raise RuntimeError("a command was applied out of order: the text is not the one it changed")
        self.text = new
        return self.dataset

    def save(self) -> None:
        """Write the current text to the file, atomically (WriteError says why it could not be)."""
        write_atomically(self.path, self.text.encode("utf-8"))
        self.saved_text = self.text

    def reset(self, text: str, dataset: Dataset | None = None) -> None:
        """Start again from ``text`` (the file as read from disk again): nothing is unsaved."""
        self.text = self.saved_text = text
        self._datasets.clear()
        self._remember(text, dataset if dataset is not None else self._build(text))

    def free_id(self, section: str, title: str) -> str:
        """A new id for an item of ``section`` made from ``title``, unused in that section."""
        taken = {str(item.get("id")) for item in self.tree().section(section)}
        return free_id(slug(title, section.rstrip("s")), taken)

    # -- datasets --------------------------------------------------------------------------------

    def _build(self, text: str) -> Dataset:
        raw = parse_document(text.encode("utf-8"), self.path.name, self.suffix)
        return build_dataset(raw, path=self.path)

    def _dataset_of(self, text: str) -> Dataset:
        dataset = self._datasets.get(text)
        if dataset is None:
            dataset = self._build(text)  # a snapshot may have changed meanwhile: DatasetError says so
        self._remember(text, dataset)
        return dataset

    def _remember(self, text: str, dataset: Dataset) -> None:
        self._datasets[text] = dataset
        self._datasets.move_to_end(text)
        while len(self._datasets) > _DATASETS_KEPT:
            self._datasets.popitem(last=False)


def undo_limit(text: str) -> int:
    """Undo steps to keep for a document of this text (each keeps about one copy of it)."""
    return max(20, min(500, UNDO_MEMORY // max(1, len(text))))
