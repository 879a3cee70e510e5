"""The timeline: the pane items that paint lanes, the links overlay, axes and the two-pane view."""
