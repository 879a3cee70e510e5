"""Guards the pinned Qt binding against the refcount bug of PySide6 6.12.0 on Python 3.11.

There, every Qt call that returns nothing decrements the refcount of ``None``; after some
thousands of calls the process aborts with "Fatal Python error: none_dealloc", so a short test
run passes and the app dies in real use (../shared/research/qt-notes.md). Painting a timeline
makes thousands of such calls per frame, so this is checked directly.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter, QPen

CALLS = 10_000
CHUNK = 1_000
"""Checked every CHUNK calls: with the bug, None's refcount (about 5,000 at start) reaches zero
and aborts the whole test run well before 10,000 calls, so the drift must be caught early."""


def test_ten_thousand_void_qt_calls_leave_the_refcount_of_none_intact():
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(0)
    pens = [QPen(QColor("#1f77b4")), QPen(QColor("#d62728"))]
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for done in range(0, CALLS, CHUNK):
            for i in range(CHUNK):
                painter.setPen(pens[i & 1])  # returns None: the kind of call that drifted in 6.12.0
            # Other code touches None too, so allow a little noise; the bug loses one
            # reference per call.
            drift = before - sys.getrefcount(None)
            assert drift < 100, f"refcount of None fell by {drift} over {done + CHUNK:,} void Qt calls"
    finally:
        painter.end()
