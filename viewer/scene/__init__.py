"""Pure pixels with numpy: a dataset's columns per track, marks, aggregation, rows, labels and link geometry, shared by the window and the export. No Qt."""
