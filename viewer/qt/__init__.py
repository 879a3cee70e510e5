"""Everything that imports Qt: view state, the window, the timeline items, widgets and export."""

from viewer.qt import import_check as _import_check

_import_check.install()  # before any of the modules below (and pyqtgraph, numpy) is imported
