"""Factline benchmark: load, frame times against an empty-window floor, 4K export, memory, startup.

    python bench/run.py                       # full: N = 1k, 10k, 100k, 1M (make bench)
    python bench/run.py --quick --json FILE   # N = 1k and 100k, under a minute (make bench-quick)

Everything but startup runs in this one process, offscreen, on 1920x1080 windows:

- ``load``: seconds for ``load_dataset`` on a synthetic JSON file of N events (bench/synthetic.py);
  ``cpu_seconds`` beside it is the process CPU time, which other load on the machine disturbs less.
  ``decode_floor_s``: reading the same file and decoding it with msgspec into plain Python objects
  (gc paused, as the loader pauses it) in a process of its own, just before the load and again
  once the window is closed (the mean of the two; both in ``decode_floor_range_s``); ``ratio`` is
  the load over it.
- ``frames``: median milliseconds of a frame after a range change at full view, 2% and 0.1% of the
  full range, for Factline with N events (``median_ms``) and for the same window with the same
  tracks and axes but no events (``floor_ms``). The two windows are measured alternately, frame
  by frame, over the same ranges. A frame = set the ranges of both panes + run the event loop until
  the timeline's viewport has painted them (one paint, as in the running app; a second would count).
- ``export_4k``: seconds to render the timeline at 3840x2160 and encode the PNG (bench/bench_export.py
  if present, else this file's own renderer; the JSON says which).
- ``rss``: peak resident memory while loading, showing, navigating and exporting N events, above
  the empty window, per event (``bytes_per_event``); ``before_export_bytes_per_event`` is the peak
  before the 4K export began, and ``retained_bytes_per_event`` what stays resident afterwards.
- ``search``: from 20k events, seconds from making the window to its search index being ready
  (built in the background; the frames are measured after it), then, after the memory readings,
  the first search and later ones typed into the search box.
- ``check``: ``factline check FILE`` (run_check, its short report) against ``load_dataset`` of the
  same file, alternating in this process, at 100k (3 pairs) and 1M (1 pair).
- ``startup``: seconds from process start to the first paint of ``factline`` on the bundled dataset
  and of a bare PySide6 window holding one empty pyqtgraph PlotWidget, alternating, median of 5.
  Factline pauses the garbage collector until its first paint (viewer.memory.pause_collector),
  which also speeds its imports of pyqtgraph and numpy; ``bare_paused_s`` (a diagnosis, not the
  target's floor) is the bare window with the collector paused the same way.
- ``peers``: vis-timeline in headless Chromium on the same data at 1k, 10k and 100k
  (bench/peers/run.js; run when Chromium, Node and bench/peers/node_modules are there — ``make
  bench-peers`` installs them — and skipped with --quick unless --peers is given).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FACTLINE_SETTINGS", "memory")  # never touch the user's settings
os.environ.setdefault("QT_API", "pyside6")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import synthetic  # noqa: E402  (bench/synthetic.py)

PEERS = HERE / "peers"
PEER_SIZES = (1000, 10_000, 100_000)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

WIDTH, HEIGHT = 1920, 1080
ZOOMS = {"full": 1.0, "2%": 0.02, "0.1%": 0.001}
CENTRES = (0.5, 0.35, 0.62, 0.44, 0.71, 0.28, 0.55, 0.4, 0.66, 0.31, 0.58, 0.47)
"""Where zoomed frames are centred (share of the full range), cycled: each frame is a new range."""
TARGETS = {"frame_100k_ms": 16.0, "frame_ratio_100k": 1.5, "frame_ratio_1m": 2.0, "frame_1m_ms": 33.0,
           "load_100k_s": 1.0, "load_1m_s": 10.0, "bytes_per_event_1m": 250.0, "export_100k_s": 0.6, "startup_ratio": 1.15,
           "load_floor_ratio": 3.0, "check_ratio": 1.2, "first_search_s": 0.5, "later_search_s": 0.1}


# ---------------------------------------------------------------------------------------------
# Memory


def _status(field: str) -> int:
    """A /proc/self/status field in bytes (VmRSS, VmHWM), or 0 where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to clear_refs); False if not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Windows and frames


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def make_window(dataset):
    from viewer.qt.main_window import MainWindow

    window = MainWindow(dataset)
    window.resize(WIDTH, HEIGHT)
    window.show()
    _settle(_app())
    return window


def empty_like(dataset):
    """The same tracks, episodes and axes with no events: the floor every frame is compared with."""
    from viewer.core.model import Dataset

    return Dataset(path=None, title=dataset.title, sources={}, tracks=dataset.tracks, events=(),
                   episodes=dataset.episodes)


def match_ranges(source, target) -> dict:
    """Give ``target``'s panes the limits of ``source``'s, and return each pane's full range."""
    full = {}
    for a, b in zip(source.timeline.panes, target.timeline.panes):
        limits = a.view_box.state["limits"]
        b.view_box.setLimits(xMin=limits["xLimits"][0], xMax=limits["xLimits"][1],
                             minXRange=limits["xRange"][0], maxXRange=limits["xRange"][1])
        full[a.kind] = source.timeline.full_range(a)
    return full


_PAINT_COUNTERS: dict[int, object] = {}


def _paints(window) -> object:
    """A counter of the paint events the window's timeline viewport receives."""
    from PySide6.QtCore import QEvent, QObject

    key = id(window)
    if key not in _PAINT_COUNTERS:
        class Counter(QObject):
            count = 0

            def eventFilter(self, obj, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        counter = Counter()
        window.timeline.viewport().installEventFilter(counter)
        _PAINT_COUNTERS[key] = counter
    return _PAINT_COUNTERS[key]


def frame(app, window, full: dict, share: float, centre: float) -> float:
    """Milliseconds from changing both panes' ranges to the end of the paint that shows them.

    The range change queues an update and the event loop paints it, once, as in the running app
    (an earlier version also called ``viewport.repaint()``, which painted a second time, so
    every frame was counted twice). The loop runs until that paint has happened."""
    counter = _paints(window)
    painted = counter.count
    start = time.perf_counter()
    for pane in window.timeline.panes:
        lo, hi = full[pane.kind]
        span = (hi - lo) * share
        mid = lo + (hi - lo) * (centre if share < 1 else 0.5 + (centre - 0.5) * 0.02)
        pane.set_x_range(mid - span / 2, mid + span / 2)
    # a range clamped to the limits changes nothing and would not paint: ask for the paint anyway
    # (update() queues it, and it merges with the one the range change queued)
    window.timeline.viewport().update()
    for _ in range(50):
        app.processEvents()
        if counter.count > painted:
            break
    else:
        raise RuntimeError("the range change was never painted")
    return (time.perf_counter() - start) * 1000


def measure_frames(app, window, floor, frames: int) -> list[dict]:
    full = match_ranges(window, floor)
    rows = []
    for zoom, share in ZOOMS.items():
        ours, base = [], []
        for i in range(frames + 3):  # the first three warm caches and are dropped
            centre = CENTRES[i % len(CENTRES)]
            a = frame(app, window, full, share, centre)
            b = frame(app, floor, full, share, centre)
            if i >= 3:
                ours.append(a)
                base.append(b)
        # diagnosis, not a target: the same frames with the inspiration links overlay hidden
        window.timeline.links.setVisible(False)
        bare = [frame(app, window, full, share, CENTRES[i % len(CENTRES)]) for i in range(frames)]
        window.timeline.links.setVisible(True)
        rows.append({"zoom": zoom, "median_ms": round(statistics.median(ours), 2),
                     "floor_ms": round(statistics.median(base), 2), "frames": frames,
                     "without_links_ms": round(statistics.median(bare), 2)})
    window.timeline.fit_all()
    floor.timeline.fit_all()
    return rows


# ---------------------------------------------------------------------------------------------
# Loading's floor


_FLOOR_CHILD = r"""
import gc, sys, time
import msgspec
gc.disable()
start = time.perf_counter()
data = msgspec.json.decode(open(sys.argv[1], "rb").read())
print(time.perf_counter() - start)
"""


def decode_floor(path: Path) -> float:
    """Seconds to read the file and decode it with msgspec into plain Python objects (dicts,
    lists, strings), the garbage collector paused as the loader pauses it: what no loader of
    this file into Python can beat. In a process of its own, so that its objects touch neither
    this process's memory figures nor its heap."""
    out = subprocess.run([sys.executable, "-c", _FLOOR_CHILD, str(path)], capture_output=True, text=True,
                         check=True, timeout=600)
    return float(out.stdout.strip())


def measure_check(path: Path, repeats: int) -> dict:
    """``factline check FILE`` (its short report) against the app's own load of the same file,
    in this process, alternating: median seconds of each and of their ratio."""
    from viewer.dataset.check import run_check
    from viewer.dataset.load import load_dataset
    from viewer.memory import return_free_memory

    loads, checks = [], []
    for _ in range(repeats):
        for job, times in ((lambda: load_dataset(path, release_memory=return_free_memory), loads),
                           (lambda: run_check([str(path)], as_json=False), checks)):
            start = time.perf_counter()
            job()
            times.append(time.perf_counter() - start)
            gc.collect()
            return_free_memory()
    return {"check_s": round(statistics.median(checks), 3), "load_s": round(statistics.median(loads), 3),
            "ratio": round(statistics.median(c / l for c, l in zip(checks, loads)), 2),
            "ratios": [round(c / l, 2) for c, l in zip(checks, loads)], "runs": repeats}


# ---------------------------------------------------------------------------------------------
# Search

SEARCHES = ("harbour", "fire trial", "no. 12345", "person 42", "register", "zzz")
"""The first query, then the later ones (common and rare words, several words, none found)."""


def wait_for_index(app, window, shown_at: float) -> float | None:
    """Seconds from making the window (``shown_at``) until its search index, built in the
    background, is ready; None for a small dataset (indexed on its first keystroke in milliseconds)."""
    from viewer.qt.indexer import BACKGROUND_FROM

    if len(window.state.dataset.events) < BACKGROUND_FROM:
        return None
    while window.search.indexer.is_building():
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - shown_at


def measure_search(app, window) -> dict:
    """The first search and the later ones, each typed into the search box and run to the end of
    its highlighting (the index is ready)."""
    times = []
    for query in SEARCHES:
        start = time.perf_counter()
        window.search.field.setText(query)  # searches, highlights and queues the repaint
        _settle(app, 2)
        times.append(time.perf_counter() - start)
        assert window.search.count.text() != "indexing…"
    window.search.field.clear()
    _settle(app)
    return {"first_s": round(times[0], 3),
            "later_median_s": round(statistics.median(times[1:]), 3), "later_max_s": round(max(times[1:]), 3),
            "later_s": [round(t, 3) for t in times[1:]]}


# ---------------------------------------------------------------------------------------------
# Export


def export_4k(window) -> tuple[float, str]:
    """Seconds to export a 3840x2160 PNG of ``window``'s dataset (median of 3), and how."""
    try:
        from bench_export import export_4k_seconds  # bench/bench_export.py (another engineer's)
    except ImportError:
        export_4k_seconds = None
    if export_4k_seconds is not None:
        try:
            return (float(export_4k_seconds(window.dataset, window.state.columns)),
                    "bench/bench_export.py, from the window as the app's Export does (its columns reused)")
        except Exception as exc:  # noqa: BLE001 (another engineer's code in progress: fall back, say so)
            print(f"[bench] bench_export failed ({exc!r}); using run.py's own export", file=sys.stderr)
    return statistics.median(_own_export(window) for _ in range(3)), "bench/run.py: render at 2x + PNG encode"


def _own_export(window) -> float:
    """Render a 1920x1080 TimelineView at device-pixel ratio 2 into a 3840x2160 image, encode PNG."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QWidget

    from viewer.qt.timeline.view import TimelineView

    view = TimelineView(window.state)
    view.resize(WIDTH, HEIGHT)
    _settle(_app(), 2)
    start = time.perf_counter()
    view.fit_all()
    image = QImage(WIDTH * 2, HEIGHT * 2, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(2.0)
    image.fill(QColor(window.state.theme.background))
    QWidget.render(view, image)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    elapsed = time.perf_counter() - start
    assert buffer.size() > 10_000, "the exported PNG is suspiciously small"
    view.deleteLater()
    return elapsed


# ---------------------------------------------------------------------------------------------
# Startup (subprocesses)

_CHILD = r"""
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FACTLINE_SETTINGS", "memory")
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])

def report():
    print(f"PAINTED {time.time():.6f}", flush=True)
    os._exit(0)

class FirstPaint(QObject):
    seen = False
    def eventFilter(self, obj, ev):
        # the first paint of a graphics view's viewport: the timeline (or the plot) is on screen;
        # the report runs once that paint has finished
        if not self.seen and ev.type() == QEvent.Type.Paint:
            parent = obj.parent()
            if parent is not None and parent.inherits("QGraphicsView"):
                self.seen = True
                QTimer.singleShot(0, report)
        return False

watcher = FirstPaint()
app.installEventFilter(watcher)
if sys.argv[1] == "factline":
    from viewer.app import main
    main([])
else:
    if sys.argv[1] == "bare-paused":  # as viewer.app pauses it until the first paint
        import gc
        gc.disable()
    import pyqtgraph as pg
    from PySide6.QtWidgets import QMainWindow
    window = QMainWindow()
    window.setCentralWidget(pg.PlotWidget())
    window.resize(1400, 820)
    window.show()
    app.exec()
"""


def _startup_once(mode: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.time()
    out = subprocess.run([sys.executable, "-c", _CHILD, mode], capture_output=True, text=True, env=env,
                         timeout=120, cwd=str(ROOT))
    for line in out.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{mode} never painted:\n{out.stdout}\n{out.stderr}")


def measure_startup(runs: int = 5) -> dict:
    # Compile Factline's modules first, as the first run on any machine does: the bare window's
    # pyqtgraph was compiled when pip installed it, and PYTHONDONTWRITEBYTECODE (set on some
    # machines) would otherwise make every Factline start compile ~50 modules again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "viewer")], check=True)
    factline, bare, paused = [], [], []
    _startup_once("bare")  # warm the file cache for both
    _startup_once("factline")
    for _ in range(runs):
        factline.append(_startup_once("factline"))
        bare.append(_startup_once("bare"))
        paused.append(_startup_once("bare-paused"))  # diagnosis: what the collector's pause alone gives
    f, b, p = statistics.median(factline), statistics.median(bare), statistics.median(paused)
    return {"factline_s": round(f, 3), "bare_s": round(b, 3), "ratio": round(f / b, 2), "runs": runs,
            "bare_paused_s": round(p, 3), "ratio_to_paused": round(f / p, 2)}


# ---------------------------------------------------------------------------------------------
# Peers (bench/peers): vis-timeline in headless Chromium


def peers_missing() -> str | None:
    """Why the peer benchmark cannot run here, or None when it can."""
    import shutil

    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (make bench-peers installs it)"
    if shutil.which("node") is None:
        return "no node (make bench-peers says how to install it)"
    if not (PEERS / "node_modules" / "vis-timeline").is_dir():
        return "bench/peers/node_modules is not installed (make bench-peers)"
    return None


def measure_peers(sizes: list[int], data_dir: Path, frames: int, timeout: float) -> dict:
    """vis-timeline's figures (bench/peers/run.js's JSON) on the same synthetic files."""
    sys.path.insert(0, str(PEERS))
    import vis_items  # bench/peers/vis_items.py

    out_dir = data_dir.parent / "peers"
    for n in sizes:
        vis_items.write_items(n, data_dir, out_dir)
    target = out_dir / "results.json"
    command = ["node", str(PEERS / "run.js"), "--items", str(out_dir), "--frames", str(frames),
               "--timeout", str(timeout), "--json", str(target), "--sizes", *map(str, sizes)]
    # each measurement is capped by run.js; this cap is for the whole run, should Chromium hang
    budget = len(sizes) * 2 * (4 * timeout + 60)
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True, timeout=budget)
    for line in done.stderr.splitlines():
        if line.startswith("[peers]"):
            print(line, file=sys.stderr, flush=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench/peers/run.js failed:\n{done.stderr[-2000:]}")
    return json.loads(target.read_text())


# ---------------------------------------------------------------------------------------------
# The run


def machine() -> dict:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    import numpy
    import PySide6
    import pyqtgraph

    return {"platform": platform.platform(), "cpu": model, "cores": os.cpu_count(),
            "python": platform.python_version(), "pyside6": PySide6.__version__,
            "pyqtgraph": pyqtgraph.__version__, "numpy": numpy.__version__,
            "qpa": os.environ.get("QT_QPA_PLATFORM"), "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}


def run(sizes: list[int], frames: int, data_dir: Path, startup_runs: int, peers: bool = False,
        peer_timeout: float = 60.0) -> dict:
    from viewer.dataset.load import load_dataset
    from viewer.memory import configure_allocator, return_free_memory

    configure_allocator()  # as the app does at start-up (viewer.app)
    app = _app()
    results: dict = {"frames": [], "load": [], "export_4k": [], "rss": [], "check": [], "search": [], "startup": {},
                     "machine": machine()}
    first = load_dataset(synthetic.write_dataset(1000, data_dir))
    floor = make_window(empty_like(first))
    del first
    for n in sizes:
        path = synthetic.write_dataset(n, data_dir)
        print(f"[bench] N={n:,}: {path.name} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr, flush=True)
        floor_before = decode_floor(path)
        gc.collect()
        baseline = _status("VmRSS")
        peak_reset = _reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        dataset = load_dataset(path, release_memory=return_free_memory)
        return_free_memory()  # as the app does after a load
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        load_row = {"n": n, "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3)}
        results["load"].append(load_row)
        start = time.perf_counter()
        window = make_window(dataset)
        return_free_memory()  # as the app does once a big file's columns are laid out (viewer.qt.loader)
        window_s = time.perf_counter() - start
        del dataset
        index_ready = wait_for_index(app, window, start)  # before the frames: indexing would slow them
        for row in measure_frames(app, window, floor, frames):
            results["frames"].append({"n": n, **row})
        shown_peak = _status("VmHWM") if peak_reset else 0  # loaded, shown and navigated; not yet exported
        seconds, how = export_4k(window)
        results["export_4k"].append({"n": n, "seconds": round(seconds, 3), "how": how})
        peak = _status("VmHWM") if peak_reset else 0
        retained = _status("VmRSS")
        if index_ready is not None:  # after the memory readings: a search can light up a million events
            results["search"].append({"n": n, "index_ready_s": round(index_ready, 3), **measure_search(app, window)})
        results["rss"].append({
            "n": n, "bytes_per_event": round((peak - baseline) / n, 1) if peak else None,
            "before_export_bytes_per_event": round((shown_peak - baseline) / n, 1) if shown_peak else None,
            "retained_bytes_per_event": round((retained - baseline) / n, 1),
            "peak_mb": round(peak / 1e6, 1), "baseline_mb": round(baseline / 1e6, 1),
            "window_build_s": round(window_s, 3)})
        print(f"[bench]   load {wall:.2f}s, window {window_s:.2f}s", file=sys.stderr, flush=True)
        window.close()
        window.deleteLater()
        _settle(app)
        del window
        gc.collect()
        floors = sorted((floor_before, decode_floor(path)))  # before and after: the machine's load moves
        if n >= 100_000:
            results["check"].append({"n": n, **measure_check(path, 3 if n <= 100_000 else 1)})
        load_row.update(decode_floor_s=round(sum(floors) / 2, 3), decode_floor_range_s=[round(f, 3) for f in floors],
                        ratio=round(wall / (sum(floors) / 2), 2))
    if startup_runs:
        print("[bench] startup", file=sys.stderr, flush=True)
        results["startup"] = measure_startup(startup_runs)
    peer_sizes = [n for n in sizes if n in PEER_SIZES]
    if peers and peer_sizes:
        missing = peers_missing()
        if missing:
            print(f"[bench] peers skipped: {missing}", file=sys.stderr, flush=True)
            results["peers"] = {"skipped": missing}
        else:
            results["peers"] = measure_peers(peer_sizes, data_dir, frames, peer_timeout)
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return results


def _ok(good: bool) -> str:
    return "✓" if good else "✗"


def table(results: dict) -> str:
    """The results as a markdown table, each number beside its target."""
    lines = ["| N | zoom | frame ms | floor ms | ratio | without links ms | target |",
             "|---:|---|---:|---:|---:|---:|---|"]
    for row in results["frames"]:
        n, ms, floor = row["n"], row["median_ms"], row["floor_ms"]
        ratio = ms / floor if floor else float("inf")
        if n >= 1_000_000:
            target = f"≤ 33 ms {_ok(ms <= TARGETS['frame_1m_ms'])}, ≤ 2× {_ok(ratio <= TARGETS['frame_ratio_1m'])}"
        elif n >= 100_000:
            target = f"≤ 16 ms {_ok(ms <= TARGETS['frame_100k_ms'])}, ≤ 1.5× {_ok(ratio <= TARGETS['frame_ratio_100k'])}"
        else:
            target = ""
        lines.append(f"| {n:,} | {row['zoom']} | {ms:.1f} | {floor:.1f} | {ratio:.2f}× | "
                     f"{row.get('without_links_ms', float('nan')):.1f} | {target} |")
    lines += ["", "| N | load s (cpu s) | decode floor s | load / floor | export 4K s | peak bytes/event (before the export) | retained bytes/event | targets |",
              "|---:|---:|---:|---:|---:|---:|---:|---|"]
    exports = {r["n"]: r for r in results["export_4k"]}
    rss = {r["n"]: r for r in results["rss"]}
    for row in results["load"]:
        n = row["n"]
        marks = []
        if n == 100_000:
            marks.append(f"load ≤ 1 s {_ok(row['seconds'] <= TARGETS['load_100k_s'])}")
            marks.append(f"export ≤ 0.6 s {_ok(exports[n]['seconds'] <= TARGETS['export_100k_s'])}")
        if n == 1_000_000:
            marks.append(f"load ≤ 10 s {_ok(row['seconds'] <= TARGETS['load_1m_s'])}")
            marks.append(f"≤ 3× the decode floor {_ok(row.get('ratio', float('inf')) <= TARGETS['load_floor_ratio'])}")
            per = rss[n]["bytes_per_event"]
            marks.append(f"≤ 250 B/event {_ok(per is not None and per <= TARGETS['bytes_per_event_1m'])}")
        per = rss[n]["bytes_per_event"]
        before = rss[n].get("before_export_bytes_per_event")
        lines.append(f"| {n:,} | {row['seconds']:.2f} ({row['cpu_seconds']:.2f}) | {row['decode_floor_s']:.2f} | "
                     f"{row['ratio']:.2f}× | {exports[n]['seconds']:.2f} | "
                     f"{per if per is not None else 'n/a'} ({before if before is not None else 'n/a'}) | "
                     f"{rss[n]['retained_bytes_per_event']} | {', '.join(marks)} |")
    for row in results.get("search", []):
        lines += ["", f"Search at {row['n']:,} events: index ready {row['index_ready_s']:.2f} s after the window was made "
                      f"(built in the background); first search {row['first_s']:.3f} s (target ≤ 0.5 s "
                      f"{_ok(row['first_s'] <= TARGETS['first_search_s'])}), later ones {row['later_median_s']:.3f} s median, "
                      f"{row['later_max_s']:.3f} s at most (target ≤ 0.1 s {_ok(row['later_median_s'] <= TARGETS['later_search_s'])} "
                      f"for the median, {_ok(row['later_max_s'] <= TARGETS['later_search_s'])} for the slowest)."]
    for row in results.get("check", []):
        lines += ["", f"`factline check` of {row['n']:,} events: {row['check_s']:.2f} s against {row['load_s']:.2f} s for the "
                      f"app's own load → {row['ratio']:.2f}× (target ≤ 1.2× {_ok(row['ratio'] <= TARGETS['check_ratio'])}), "
                      f"median of {row['runs']} alternating ({', '.join(f'{r:.2f}×' for r in row['ratios'])})."]
    start = results.get("startup") or {}
    if start:
        lines += ["", f"Startup to first paint: factline {start['factline_s']:.2f} s, bare PlotWidget window "
                      f"{start['bare_s']:.2f} s → {start['ratio']:.2f}× (target ≤ 1.15× "
                      f"{_ok(start['ratio'] <= TARGETS['startup_ratio'])}), median of {start['runs']}."]
        if "bare_paused_s" in start:
            lines[-1] += (f" Diagnosis: the bare window with the garbage collector paused as Factline pauses it "
                          f"{start['bare_paused_s']:.2f} s → {start['ratio_to_paused']:.2f}×.")
    peers = results.get("peers") or {}
    if peers.get("rows"):
        lines += ["", peer_table(results)]
    elif peers.get("skipped"):
        lines += ["", f"Peers not measured: {peers['skipped']}."]
    m = results["machine"]
    lines += ["", f"Machine: {m['cpu']} ({m['cores']} cores), {m['platform']}, Python {m['python']}, "
                  f"PySide6 {m['pyside6']}, pyqtgraph {m['pyqtgraph']}, numpy {m['numpy']}, QPA {m['qpa']}; "
                  f"load average {m['loadavg_at_start']} at start, {m.get('loadavg_at_end')} at end."]
    return "\n".join(lines)


def _vis_frame(row: dict | None) -> str:
    if row is None:
        return "—"
    if row.get("status") != "ok":
        return row["status"]
    return (f"{row['median_ms']:.1f} ms ({row['q1_ms']:.1f}–{row['q3_ms']:.1f}), {row['median_ms'] / row['empty_page_ms']:.1f}× "
            f"its empty page, {row['median_ms'] / row['empty_timeline_ms']:.1f}× its empty timeline"
            + (f"; redrew in {row['redrew']} of {row['frames']}" if row.get("redrew", row["frames"]) < row["frames"] else ""))


def peer_table(results: dict) -> str:
    """vis-timeline beside Factline: first render and frames at each zoom, with the ratios."""
    peers = results["peers"]
    ours = {(r["n"], r["zoom"]): r for r in results["frames"]}
    windows = {r["n"]: r.get("window_build_s") for r in results["rss"]}
    loads = {r["n"]: r["seconds"] for r in results["load"]}
    lines = [f"vis-timeline {peers['versions']['vis-timeline']} in headless {peers['versions']['chromium']} "
             f"(each measurement capped at {peers['timeout_s']:g} s):", "",
             "| N | clustering | what | vis-timeline | Factline | vis / Factline |", "|---:|---|---|---|---|---:|"]
    for row in peers["rows"]:
        n, mode = row["n"], "on" if row["cluster"] else "off"
        window = windows.get(n)
        ours_first = f"{window * 1000:.0f} ms window (+ {loads[n]:.2f} s load)" if window else "—"
        if row["first_render_ms"] is None:
            lines.append(f"| {n:,} | {mode} | first render | {row['status']} | {ours_first} | — |")
        else:
            ratio = f"{row['first_render_ms'] / (window * 1000):.1f}×" if window else "—"
            lines.append(f"| {n:,} | {mode} | first render | {row['first_render_ms']:,} ms | {ours_first} | {ratio} |")
        frames = {f["zoom"]: f for f in row["frames"]}
        for zoom in ZOOMS:
            vis, mine = frames.get(zoom), ours.get((n, zoom))
            factline = (f"{mine['median_ms']:.1f} ms, {mine['median_ms'] / mine['floor_ms']:.2f}× its floor" if mine else "—")
            ratio = (f"{vis['median_ms'] / mine['median_ms']:.1f}×" if vis and vis.get("status") == "ok" and mine else "—")
            lines.append(f"| {n:,} | {mode} | frame at {zoom} | {_vis_frame(vis)} | {factline} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Factline benchmark (see bench/run.py's docstring).")
    parser.add_argument("--quick", action="store_true", help="N = 1k and 100k only (under a minute)")
    parser.add_argument("--sizes", type=int, nargs="+", help="override the sizes")
    parser.add_argument("--frames", type=int, default=20, help="frames per zoom and window (≥ 20)")
    parser.add_argument("--startup-runs", type=int, default=5, help="0 skips the startup measurement")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=None,
                        help="measure vis-timeline too (default: yes, but not with --quick)")
    parser.add_argument("--peer-timeout", type=float, default=60.0, help="seconds each peer measurement may take")
    parser.add_argument("--data", type=Path, default=HERE / "out" / "data", help="where synthetic datasets are kept")
    args = parser.parse_args()
    sizes = args.sizes or ([1000, 100_000] if args.quick else [1000, 10_000, 100_000, 1_000_000])
    peers = args.peers if args.peers is not None else not args.quick
    results = run(sizes, max(args.frames, 1), args.data, args.startup_runs, peers, args.peer_timeout)
    results["quick"] = args.quick
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
