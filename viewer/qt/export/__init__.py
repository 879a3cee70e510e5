"""Export: the sheet rendered to PNG/SVG, the dialog and the command line."""
