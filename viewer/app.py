"""Command line entry point: ``factline [DATASET]`` opens the app; ``check`` and ``export`` run headless."""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from viewer.core.words import count
from viewer.resources import (APP_ID, APP_NAME, BUNDLED_DATASET, DESKTOP_DIR, DESKTOP_FILE, ICONS_DIR, RESOURCES,
                              VERSION)

# The subcommands: each name, what it does and how it is called (the dispatch in main() and
# `factline --help` both read this table, so the help lists every one).
SUBCOMMANDS = {
    "check": ("validate datasets and verify every quote", "DATASET... [--json]"),
    "export": ("render the timeline to PNG, SVG or PDF, the events to CSV, or a TimelineJS3 document, without a display",
               "[DATASET] -o OUT.png|OUT.svg|OUT.pdf|OUT.csv [options] | -o OUT.json --format timelinejs"),
    "new": ("create a folder with a new dataset holding the usual three tracks", "DIR --title TITLE"),
    "add-source": ("add a saved web page or text file as a source, with its snapshot",
                   "DATASET FILE.html|FILE.txt [--title T] [--url U] [--id ID]"),
    "import": ("make a dataset from a TimelineJS3 JSON file or its spreadsheet template saved as CSV",
               "IN.json|IN.csv -o OUT.toml [--valid-rows]"),
}

USAGE = "\n".join(
    ["factline [DATASET] [--screenshot FILE.png] [--select EVENT_ID] [--size WxH]",
     *(f"       factline {name} {args}" for name, (_, args) in SUBCOMMANDS.items()),
     "       factline --install-desktop | --uninstall-desktop | --version | --help"])

EPILOG = "\n".join(
    ["commands:",
     *(f"  {name:<12}{what} (factline {name} --help)" for name, (what, _) in SUBCOMMANDS.items()),
     "",
     "With no command, factline opens its window on DATASET (default: the bundled Hit & Run dataset)."])

NO_DISPLAY_HINT = "Run it in a desktop session, or use 'factline export' / 'factline check', which need none."


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from viewer.memory import configure_allocator

    configure_allocator()
    if argv and argv[0] == "check":
        return _check(argv[1:])
    if argv and argv[0] == "export":
        from viewer.qt.export.cli import export_main

        return export_main(argv[1:])
    if argv and argv[0] == "new":
        return _author("new", argv[1:])
    if argv and argv[0] == "add-source":
        return _author("add-source", argv[1:])
    if argv and argv[0] == "import":
        return _import(argv[1:])
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


def _author(command: str, argv: list[str]) -> int:
    """``factline new`` and ``factline add-source``: print what was made, or why nothing was."""
    from viewer.dataset.authoring import AuthoringError, SourceFields, new_dataset
    from viewer.editing.sources import add_source_file

    what, _ = SUBCOMMANDS[command]
    parser = argparse.ArgumentParser(prog=f"factline {command}", description=what[0].upper() + what[1:] + ".")
    if command == "new":
        parser.add_argument("folder", metavar="DIR", help="a new or empty folder")
        parser.add_argument("--title", required=True, help="the dataset's title, e.g. 'Hit & Run (Netflix, 2021)'")
    else:
        parser.add_argument("dataset", metavar="DATASET", help="the .toml dataset to add the source to")
        parser.add_argument("file", metavar="FILE", help="a saved web page (.html, .htm) or a UTF-8 text file (.txt)")
        for option, meaning in (("title", "headline (default: the page's title)"),
                                ("url", "address (default: the page's canonical address)"),
                                ("id", "source id (default: made from the title)"),
                                ("author", "author (default: the page's author)"),
                                ("date", "publication date, EDTF (default: the page's date)")):
            parser.add_argument(f"--{option}", help=f"the source's {meaning}")
    args = parser.parse_args(argv)
    try:
        if command == "new":
            print(new_dataset(Path(args.folder), args.title))
        else:
            given = SourceFields(args.title, args.url, args.id, args.author, args.date)
            print(add_source_file(Path(args.dataset), Path(args.file), given))
    except AuthoringError as exc:
        print(f"factline {command}: {exc}", file=sys.stderr)
        return 1
    return 0


def _import(argv: list[str]) -> int:
    """``factline import``: print what was imported (and the rows skipped), or why nothing was."""
    from viewer.interchange.timelinejs_in import ImportRefused, import_file

    parser = argparse.ArgumentParser(prog="factline import", description=SUBCOMMANDS["import"][0].capitalize() + ".")
    parser.add_argument("input", metavar="IN", help="a TimelineJS .json file, or the TimelineJS template saved as .csv")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.toml", help="the new dataset (must not exist)")
    parser.add_argument("--valid-rows", action="store_true",
                        help="import the rows that are valid and list the others, instead of refusing the file")
    args = parser.parse_args(argv)
    try:
        result = import_file(Path(args.input), Path(args.output), valid_rows=args.valid_rows)
    except ImportRefused as exc:
        print(f"factline import: {exc}", file=sys.stderr)
        return 1
    print(f"{args.output}: {result.summary()}")
    if result.problems:
        print("Skipped:", *(f"  {line}" for line in result.problem_lines()), sep="\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factline", usage=USAGE, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="See how a 'true story' relates to the truth.")
    parser.add_argument("dataset", nargs="?", help="dataset file (.toml or .json)")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="save a screenshot of the window once it has drawn, then quit")
    parser.add_argument("--select", metavar="EVENT_ID", help="select this event at start-up")
    parser.add_argument("--size", metavar="WxH", default=None, help="window size, e.g. 1500x850")
    parser.add_argument("--install-desktop", action="store_true",
                        help="add Factline to this user's applications menu (a .desktop entry and its icon "
                             "under $XDG_DATA_HOME, by default ~/.local/share), then quit")
    parser.add_argument("--uninstall-desktop", action="store_true",
                        help="remove what --install-desktop added, then quit")
    parser.add_argument("--version", action="version", version=f"factline {VERSION}")
    return parser


def _open(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.install_desktop or args.uninstall_desktop:
        if args.install_desktop and args.uninstall_desktop:
            parser.error("--install-desktop and --uninstall-desktop: choose one")
        return _desktop_command(install=args.install_desktop)
    size = None
    if args.size:
        try:
            width, height = (int(v) for v in args.size.lower().split("x"))
            size = (width, height)
        except ValueError:
            parser.error(f"--size: expected WIDTHxHEIGHT such as 1500x850, got {args.size!r}")
    os.environ.setdefault("QT_API", "pyside6")
    problem = display_problem()
    if problem is not None:
        if args.screenshot:  # a screenshot needs no screen: draw offscreen
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:  # Qt would abort (exit 134) with a cryptic platform-plugin message; say what is wrong instead
            print(f"factline: {problem} {NO_DISPLAY_HINT}", file=sys.stderr)
            return 2
    from viewer.memory import pause_collector

    resume_collector = pause_collector()  # until the window has first painted (viewer.memory says why)
    try:
        from viewer.qt import import_check

        import_check.install()  # before pyqtgraph and numpy are imported (the module says why)
        from viewer.qt.start import run_app

        return run_app(Path(args.dataset) if args.dataset else BUNDLED_DATASET,
                       screenshot=Path(args.screenshot) if args.screenshot else None, select=args.select,
                       size=size, on_first_paint=resume_collector)
    finally:
        resume_collector()


# -- is there a display Qt can open? -------------------------------------------------------------
# Qt aborts the whole process (SIGABRT, exit 134) when no platform plugin can connect, so the
# display is probed before any QApplication exists: X11 with libxcb's own xcb_connect (what Qt's
# xcb plugin calls: the same display name parsing, socket and authorisation), Wayland by
# connecting to the compositor's socket. Both answer in milliseconds.

_NEEDS_NO_DISPLAY = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
_PROBE_SECONDS = 5.0


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """None when Qt can reach a display; otherwise the problem in words ("no display found (…)")."""
    env = os.environ if environ is None else environ
    requested = env.get("QT_QPA_PLATFORM", "")
    if requested:
        platforms = [p.split(":", 1)[0].strip() for p in requested.split(";") if p.strip()]
    elif env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        platforms = ["wayland", "xcb"]  # Qt's own order in a Wayland session
    else:
        platforms = ["xcb"]
    if not requested and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return "no display found (DISPLAY and WAYLAND_DISPLAY are not set)."
    reasons = []
    for platform in platforms:
        if platform in _NEEDS_NO_DISPLAY or platform not in ("xcb", "wayland", "wayland-egl"):
            return None  # not ours to judge: Qt reports its own platforms' problems
        reason = _x11_problem(env) if platform == "xcb" else _wayland_problem(env)
        if reason is None:
            return None
        reasons.append(reason)
    return f"no display found ({'; '.join(reasons)})."


def _x11_problem(env: Mapping[str, str]) -> str | None:
    display = env.get("DISPLAY", "")
    if not display:
        return "DISPLAY is not set"
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return f"cannot reach DISPLAY={display}: libxcb.so.1, which Qt needs for X11, is not installed"
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    answer: list[int] = []

    def probe() -> None:  # in a thread: a remote display that never answers must not hang us
        connection = xcb.xcb_connect(display.encode(), None)
        answer.append(xcb.xcb_connection_has_error(connection))
        xcb.xcb_disconnect(connection)

    thread = threading.Thread(target=probe, name="factline-display-probe", daemon=True)
    thread.start()
    thread.join(_PROBE_SECONDS)
    if not answer:
        return f"the X server at DISPLAY={display} did not answer within {_PROBE_SECONDS:g} s"
    if answer[0] == 0:
        return None
    if answer[0] == 5:  # XCB_CONN_CLOSED_PARSE_ERR
        return f"DISPLAY={display} is not a display name such as :0"
    return f"cannot connect to the X server at DISPLAY={display}"


def _wayland_problem(env: Mapping[str, str]) -> str | None:
    import socket

    name = env.get("WAYLAND_DISPLAY") or "wayland-0"
    if os.path.isabs(name):
        path = name
    elif env.get("XDG_RUNTIME_DIR"):
        path = os.path.join(env["XDG_RUNTIME_DIR"], name)
    else:
        return f"WAYLAND_DISPLAY={name} but XDG_RUNTIME_DIR is not set"
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(_PROBE_SECONDS)
            sock.connect(path)
    except OSError:
        return f"cannot connect to the Wayland compositor at {path}"
    return None


# -- the applications menu entry ------------------------------------------------------------------

def xdg_data_home(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset, empty or relative (the XDG spec)."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How the menu entry starts this same Factline: the frozen build, the `factline` script that
    is running, or this Python with the package (or a source checkout's main.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "factline" and script.is_file() and os.access(script, os.X_OK):
        return [str(script.absolute())]
    checkout_main = RESOURCES.parent / "main.py"
    if RESOURCES.name == "resources" and checkout_main.is_file():  # run from a source checkout
        return [sys.executable, str(checkout_main)]
    return [sys.executable, "-m", "viewer"]


def desktop_exec_argument(arg: str) -> str:
    """One argument of a .desktop Exec key, quoted as the Desktop Entry spec says."""
    arg = arg.replace("%", "%%")
    if re.search(r"""[\s"'\\><~|&;$*?#()`]""", arg):
        arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
    return arg.replace("\\", "\\\\")  # then the escape of every string value


def desktop_entry_text(command: list[str]) -> str:
    """The bundled .desktop entry, with Exec (and TryExec) naming ``command``."""
    lines = []
    for line in (DESKTOP_DIR / DESKTOP_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={desktop_exec_argument(command[0])}")
            line = "Exec=" + " ".join(desktop_exec_argument(a) for a in command) + " %f"
        elif line.startswith("TryExec="):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def desktop_files(data_home: Path) -> dict[Path, Path | None]:
    """Where each file goes under ``data_home``: target -> bundled source (None: the entry, written)."""
    files: dict[Path, Path | None] = {data_home / "applications" / DESKTOP_FILE: None}
    for icon in sorted(ICONS_DIR.glob(f"*/apps/{APP_ID}.*")):
        files[data_home / "icons" / "hicolor" / icon.relative_to(ICONS_DIR)] = icon
    return files


def install_desktop(data_home: Path, command: list[str]) -> list[Path]:
    """Install the menu entry and its icons for this user; returns the files written."""
    written = []
    for target, source in desktop_files(data_home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        data = desktop_entry_text(command).encode("utf-8") if source is None else source.read_bytes()
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_bytes(data)
        os.replace(temp, target)
        written.append(target)
    (data_home / "icons" / "hicolor").touch()  # tells icon caches that the theme changed
    return written


def uninstall_desktop(data_home: Path) -> list[Path]:
    removed = []
    for target in desktop_files(data_home):
        if target.exists():
            target.unlink()
            removed.append(target)
    return removed


def _desktop_command(install: bool) -> int:
    data_home = xdg_data_home()
    try:
        if install:
            files = install_desktop(data_home, launch_command())
            print(f"Installed {APP_NAME} in the applications menu ({count(len(files), 'file')}):")
        else:
            files = uninstall_desktop(data_home)
            print(f"Removed {APP_NAME}'s menu entry ({count(len(files), 'file')}):" if files else
                  f"{APP_NAME} had no menu entry under {data_home}.")
    except OSError as exc:
        print(f"factline: {'--install-desktop' if install else '--uninstall-desktop'}: {exc}", file=sys.stderr)
        return 1
    for path in files:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
