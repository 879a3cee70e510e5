"""Editing in the window: edit mode, forms, saving, undo (Qt side of viewer.editing)."""
