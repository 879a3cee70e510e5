"""Command line entry point: ``factline [DATASET]`` opens the app; ``check`` and ``export`` run headless."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from viewer.resources import BUNDLED_DATASET

USAGE = """\
factline [DATASET]                      open the app (default: the bundled Hit & Run dataset)
factline check DATASET... [--json]      validate datasets and verify every quote
factline export [DATASET] -o OUT.png|OUT.svg [options]   render the timeline without a display
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from viewer.memory import configure_allocator

    configure_allocator()
    if argv and argv[0] == "check":
        return _check(argv[1:])
    if argv and argv[0] == "export":
        from viewer.qt.export.cli import export_main

        return export_main(argv[1:])
    return _open(argv)


def _check(argv: list[str]) -> int:
    from viewer.dataset.check import run_check

    parser = argparse.ArgumentParser(prog="factline check", description="Validate datasets and verify quotes.")
    parser.add_argument("datasets", nargs="+", metavar="DATASET", help=".toml or .json dataset files")
    parser.add_argument("--json", action="store_true", help="print the normalised dataset(s) as JSON")
    args = parser.parse_args(argv)
    code, text = run_check(args.datasets, args.json)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # 'factline check --json x | head': the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def _open(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="factline", usage=USAGE,
                                     description="See how a 'true story' relates to the truth.")
    parser.add_argument("dataset", nargs="?", help="dataset file (.toml or .json)")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="save a screenshot of the window once it has drawn, then quit")
    parser.add_argument("--select", metavar="EVENT_ID", help="select this event at start-up")
    parser.add_argument("--size", metavar="WxH", default=None, help="window size, e.g. 1500x850")
    args = parser.parse_args(argv)
    size = None
    if args.size:
        try:
            width, height = (int(v) for v in args.size.lower().split("x"))
            size = (width, height)
        except ValueError:
            parser.error(f"--size: expected WIDTHxHEIGHT such as 1500x850, got {args.size!r}")
    os.environ.setdefault("QT_API", "pyside6")
    if not _has_display():
        if args.screenshot:  # a screenshot needs no screen: draw offscreen
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:  # Qt would abort with a cryptic xcb message; say what is wrong instead
            print("factline: no display found (DISPLAY and WAYLAND_DISPLAY are not set). Run it in a "
                  "desktop session, or use 'factline export' / 'factline check', which need none.",
                  file=sys.stderr)
            return 2
    from viewer.qt.start import run_app

    return run_app(Path(args.dataset) if args.dataset else BUNDLED_DATASET,
                   screenshot=Path(args.screenshot) if args.screenshot else None, select=args.select, size=size)


def _has_display() -> bool:
    return bool(os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    raise SystemExit(main())
