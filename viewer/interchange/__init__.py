"""Other timeline formats in and out of Factline's dataset format (TimelineJS3 JSON, its
spreadsheet template as CSV). Pure: no Qt; above viewer.dataset, whose loader checks every result."""
