"""Export: the sheet rendered to PNG/SVG/PDF (pdf.py) and printed (printing.py), the events as CSV, the dialog and the command line."""
