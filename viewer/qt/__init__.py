"""Everything that imports Qt: view state, the window, the timeline items, widgets and export."""
