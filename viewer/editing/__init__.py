"""Editing a dataset file, pure: no Qt.

A :class:`~viewer.editing.document.DatasetDocument` holds the file's text; each edit is an
operation (:mod:`viewer.editing.operations`) that changes a parsed copy of it — TOML through
tomlkit, so comments, order and formatting of untouched parts survive; JSON with a stable key
order — and becomes a reversible :class:`~viewer.editing.document.Command` only once the
loader's own rules accept the new text. The Qt side wraps commands in QUndoCommand."""
