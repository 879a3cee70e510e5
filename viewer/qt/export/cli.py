"""``factline export``: render a dataset's timeline to PNG, SVG or PDF, or list its events as CSV,
with no display at all; or write it as a TimelineJS3 document (``--format timelinejs``, no Qt
needed: viewer.interchange.timelinejs_out).

Every problem ends in a non-zero exit and a one-line message on stderr (a dataset's problems are
listed one per line under it); nothing is written unless the whole picture is.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from viewer.core.words import count

PAGES = ("sheet", "a4", "letter")
"""As viewer.qt.export.sheet.PAGES (not imported here: the parser loads no Qt)."""

EXIT_USAGE = 2
EXIT_FAILED = 1
FORMATS = ("png", "svg", "pdf", "csv", "timelinejs")
PICTURE_ONLY = ("width", "height", "scale", "range", "episodes", "select", "page")
"""Options of a picture that a TimelineJS3 document has no use for (its viewer zooms and selects)."""


class _Usage(Exception):
    """Bad command-line arguments (reported in one line, not argparse's two)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise _Usage(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="factline export",
        description="Render the timeline (title, legend, verdict summary, both panes, sources) to PNG, SVG or "
                    "PDF, list its events as CSV, or write it as a TimelineJS3 document (--format timelinejs).",
    )
    parser.add_argument("dataset", nargs="?", metavar="DATASET",
                        help="dataset file (.toml or .json); default: the bundled Hit & Run dataset")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.png|OUT.svg|OUT.pdf|OUT.csv|OUT.json",
                        help="file to write; the format follows the extension unless --format is given")
    parser.add_argument("--format", choices=FORMATS, metavar="{png,svg,pdf,csv,timelinejs}",
                        help="png, svg, pdf, csv, or timelinejs (a TimelineJS3 JSON document, OUT.json); default: "
                             "the output's extension")
    parser.add_argument("--width", type=int, metavar="W", help="width in pixels (with --height)")
    parser.add_argument("--height", type=int, metavar="H", help="height in pixels (with --width)")
    parser.add_argument("--scale", type=float, metavar="S",
                        help="scale of the default 1600×900 layout: 1, 2, 4 … (instead of --width/--height)")
    parser.add_argument("--range", metavar="START/END",
                        help="calendar range as ISO or EDTF dates, both ends included, e.g. 1988/1996 or "
                             "1990-10-01/1990-11-30 (default: the whole timeline)")
    parser.add_argument("--episodes", metavar="FIRST/LAST",
                        help="narrative range in episodes, both included, e.g. 3/5, or one episode, e.g. 4 "
                             "(default: every episode); combines with --range")
    parser.add_argument("--select", metavar="EVENT_ID", help="draw this event as selected")
    parser.add_argument("--page", choices=PAGES, default=None,
                        help="PDF page: sheet (the page is the picture's own size; the default), or a4 or letter "
                             "landscape with the picture fitted and centred")
    parser.add_argument("--theme", choices=("light", "dark"), default="light", help="colour theme (default: light)")
    return parser


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"factline export: error: {message}", file=sys.stderr)
    return code


def _check_format(args: argparse.Namespace) -> None:
    """--format and the output's extension agree; a TimelineJS3 document takes no picture options."""
    suffix = Path(args.output).suffix.lower()
    if args.format is None:
        if suffix == ".json":
            raise _Usage(f"{args.output} would be a TimelineJS3 document: add --format timelinejs")
        return
    if args.format == "timelinejs":
        if suffix != ".json":
            raise _Usage(f"--format timelinejs writes JSON: name the output with .json, not {suffix or 'no extension'}")
        given = [f"--{name}" for name in PICTURE_ONLY if getattr(args, name) is not None]
        if given or args.theme != "light":
            raise _Usage(f"{', '.join(given or ['--theme'])}: only for a PNG, SVG or PDF picture, not --format timelinejs")
    elif suffix != f".{args.format}":
        raise _Usage(f"--format {args.format} writes .{args.format}, but the output is {args.output}")


def export_timelinejs(args: argparse.Namespace) -> int:
    """Load the dataset and write it as a TimelineJS3 document, atomically; no Qt involved."""
    from viewer.resources import BUNDLED_DATASET
    from viewer.dataset.load import DatasetError, load_dataset
    from viewer.core.files import WriteError, check_target
    from viewer.interchange.timelinejs_out import write_timelinejs

    output = Path(args.output)
    dataset_path = Path(args.dataset) if args.dataset else BUNDLED_DATASET
    try:
        check_target(output)  # fail before loading anything
        dataset = load_dataset(dataset_path)
        result = write_timelinejs(dataset, output)
    except WriteError as exc:
        return _fail(str(exc))
    except DatasetError as exc:
        print(f"factline export: error: cannot load {dataset_path}: {count(len(exc.problems), 'problem')}",
              file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {output} ({result.summary})")
    return 0


def _ranges_joined(argv: list[str]) -> list[str]:
    """``--range -0200/-0100`` as ``--range=-0200/-0100``: argparse takes a value that starts with
    '-' for an option and refuses it, and a range before year 1 always starts so (EDTF's years)."""
    joined, rest = [], list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--":  # what follows is positional, as argparse reads it
            return joined + [arg] + rest
        if arg in ("--range", "--episodes") and rest and rest[0].startswith("-") and rest[0][1:2].isdigit():
            arg = f"{arg}={rest.pop(0)}"
        joined.append(arg)
    return joined


def export_main(argv: list[str]) -> int:
    """Parse arguments, load the dataset, render offscreen, write atomically; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(_ranges_joined(argv))
        if (args.width is None) != (args.height is None):
            raise _Usage("give both --width and --height")
        if args.scale is not None and args.width is not None:
            raise _Usage("give either --width/--height or --scale, not both")
        _check_format(args)
    except _Usage as exc:
        return _fail(f"{exc} (see factline export --help)", EXIT_USAGE)
    if args.format == "timelinejs":
        return export_timelinejs(args)

    # headless by design: the offscreen platform needs no display; it must be chosen before the
    # QApplication exists (Qt otherwise aborts without a display)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_API", "pyside6")
    from viewer.qt import import_check

    import_check.install()  # before pyqtgraph and numpy are imported (the module says why)
    from PySide6.QtWidgets import QApplication

    from viewer.resources import BUNDLED_DATASET
    from viewer.dataset.load import DatasetError, load_dataset
    from viewer.core.files import WriteError, check_target
    from viewer.core.ranges import RangeError, episode_count, parse_episodes, parse_range
    from viewer.qt.export.sheet import ExportError, ExportOptions, cut_titles_warning, export, export_format
    from viewer.core.theme import THEMES

    output = Path(args.output)
    dataset_path = Path(args.dataset) if args.dataset else BUNDLED_DATASET
    try:
        if export_format(output) != "pdf" and args.page is not None:  # fail before loading anything
            raise ExportError(f"--page is for PDF output, not {output.name}")
        check_target(output)
        calendar_range = parse_range(args.range) if args.range else None
        narrative_range = parse_episodes(args.episodes) if args.episodes else None
    except (ExportError, RangeError, WriteError) as exc:
        return _fail(str(exc))
    try:
        dataset = load_dataset(dataset_path)
    except DatasetError as exc:
        print(f"factline export: error: cannot load {dataset_path}: {count(len(exc.problems), 'problem')}",
              file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    if args.select and not dataset.has_event(args.select):
        return _fail(f"--select: no event {args.select!r} in {dataset_path.name}")
    if narrative_range is not None:
        episodes = episode_count(dataset)
        if episodes == 0:
            return _fail(f"--episodes {args.episodes}: {dataset_path.name} has no episodes")
        if narrative_range[1] > episodes:
            return _fail(f"--episodes {args.episodes}: {dataset_path.name} has {count(episodes, 'episode')}")

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "factline"])
    app.setApplicationName("Factline")
    options = ExportOptions(
        width=args.width, height=args.height, scale=args.scale,
        whole=calendar_range is None and narrative_range is None,
        calendar_range=calendar_range, narrative_range=narrative_range,
        selected=args.select, theme=THEMES[args.theme], page=args.page or "sheet",
    )
    try:
        result = export(dataset, output, options)
    except ExportError as exc:
        return _fail(str(exc))
    except Exception as exc:  # a bug, not the user's doing: still one line, traceback on request
        if os.environ.get("FACTLINE_DEBUG"):
            raise
        return _fail(f"unexpected {type(exc).__name__} while exporting {output}: {exc} "
                     "(set FACTLINE_DEBUG=1 for the traceback); nothing was written")
    print(f"wrote {result.path} ({result.describe()})")
    warning = cut_titles_warning(result)
    if warning:
        print(f"factline export: warning: {warning}", file=sys.stderr)
    return 0
