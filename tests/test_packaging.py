"""Installing and running Factline like a desktop application (issue #20): the wheel and sdist,
the command line (--version, --help, python -m viewer), the desktop entry, icons and AppStream
metainfo, --install-desktop, a display that cannot be reached, the standalone build, and counts
in words ("1 link", "34,769 events")."""

from __future__ import annotations

import ast
import os
import re
import shutil
import site
import socket
import struct
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, a_calendar_event, a_dataset_with, a_plot_point, write_dataset
from viewer import app as cli
from viewer.core.words import count, number
from viewer.dataset.check import run_check
from viewer.resources import (APP_ID, DESKTOP_DIR, DESKTOP_FILE, DISTRIBUTION, ICON_SIZES, METAINFO_FILE, VERSION,
                              icon_png, icon_svg)

QT_ABORT = (134, -6)  # Qt's abort() when no platform plugin can start: exit 134 from a shell, -6 here


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a user's shell: no display, no test-only settings, none of the source tree."""
    drop = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH", "XDG_SESSION_TYPE", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["FACTLINE_SETTINGS"] = str(tmp_path / "settings.ini")
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # `make test` installs these (.ci/packaging-tools.sh); a skip would hide a broken set-up
        pytest.fail(f"{name} is not installed: run `bash .ci/packaging-tools.sh` (as root) or `make system-deps`")
    return found


# -- counts in words ------------------------------------------------------------------------------

def test_count_agrees_in_number_and_groups_thousands():
    assert count(1, "link") == "1 link"
    assert count(2, "link") == "2 links"
    assert count(0, "link") == "0 links"
    assert count(34769, "event") == "34,769 events"
    assert count(1, "verified quote") == "1 verified quote"
    assert count(3, "verified quote") == "3 verified quotes"
    assert count(2, "story") == "2 stories" and count(2, "day") == "2 days"
    assert count(2, "box") == "2 boxes" and count(12, "match") == "12 matches"
    assert count(2, "person", "people") == "2 people" and count(1, "person", "people") == "1 person"
    assert count(1_234_567, "source") == "1,234,567 sources"
    assert number(1000) == "1,000" and number(999) == "999"


def test_the_check_summary_says_1_link_and_groups_thousands(tmp_path):
    events = [a_calendar_event(f"e{i}", when="1990") for i in range(1200)] + [a_plot_point("p1", episode=1)]
    links = [{"from": "p1", "to": "e0", "type": "inspired-by"}]
    path = write_dataset(tmp_path, a_dataset_with(events=events, links=links), name="many.json")
    code, text = run_check([str(path)], as_json=False)
    assert code == 0, text
    assert "1,201 events, 1 link, 1 source" in text
    assert "Real life (calendar): 1,200 events" in text
    assert "On screen (narrative): 1 event\n" in text + "\n"
    assert "quotes verified: 1,200/1,200" in text
    assert not re.search(r"\b1 (links|sources|events)\b", text)


def test_one_problem_is_one_problem(tmp_path):
    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("e", when="nonsense")]), name="bad.json")
    code, text = run_check([str(path)], as_json=False)
    assert code == 1
    assert "INVALID — 1 problem:" in text


# -- the command line ------------------------------------------------------------------------------

def source_env(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path, PYTHONPATH=str(ROOT))  # the checkout, run from another folder


def test_version_and_python_dash_m_viewer(tmp_path):
    done = run([sys.executable, "-m", "viewer", "--version"], tmp_path, source_env(tmp_path))
    assert (done.returncode, done.stdout.strip()) == (0, f"factline {VERSION}"), done.stderr
    # the version has one source: pyproject reads it (dynamic), the About box shows it
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = { attr = "viewer.resources.VERSION" }' in pyproject
    assert f'name = "{DISTRIBUTION}"' in pyproject


def test_help_lists_every_subcommand(tmp_path):
    # every `argv[0] == "NAME"` that main() dispatches on must be in the table the help is made from
    source = (ROOT / "viewer" / "app.py").read_text(encoding="utf-8")
    main_source = ast.get_source_segment(source, next(n for n in ast.parse(source).body
                                                       if isinstance(n, ast.FunctionDef) and n.name == "main"))
    dispatched = set(re.findall(r'argv\[0\] == "([a-z-]+)"', main_source))
    assert dispatched == set(cli.SUBCOMMANDS) == {"check", "export", "new", "add-source", "import"}
    done = run([sys.executable, "-m", "viewer", "--help"], tmp_path, source_env(tmp_path))
    assert done.returncode == 0, done.stderr
    for name, (what, _) in cli.SUBCOMMANDS.items():
        assert re.search(rf"^\s+{name}\s+{re.escape(what)}", done.stdout, re.M), f"{name} missing from --help"
        sub = run([sys.executable, "-m", "viewer", name, "--help"], tmp_path, source_env(tmp_path))
        assert sub.returncode == 0 and f"factline {name}" in sub.stdout, sub.stderr
    for option in ("--version", "--install-desktop", "--uninstall-desktop", "--screenshot"):
        assert option in done.stdout


# -- a display that cannot be reached ------------------------------------------------------------

def free_display_number() -> int:
    """An X display number that no server listens on (a socket path or an abstract socket)."""
    for n in range(99, 400):
        if os.path.exists(f"/tmp/.X11-unix/X{n}"):
            continue
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            try:
                sock.connect(f"\0/tmp/.X11-unix/X{n}")
            except OSError:
                return n
    pytest.fail("no free X display number")


@pytest.mark.parametrize("platform", [None, "xcb"])
def test_a_wrong_display_gets_the_no_display_message_not_an_abort(tmp_path, platform):
    display = f":{free_display_number()}"
    env = clean_env(tmp_path, DISPLAY=display)
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    started = time.monotonic()
    done = run([sys.executable, "-m", "viewer"], tmp_path, env | {"PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode not in QT_ABORT, done.stderr
    assert done.returncode == 2, done.stderr
    assert f"factline: no display found (cannot connect to the X server at DISPLAY={display})" in done.stderr
    assert "factline export" in done.stderr  # what to do instead, as without any display
    assert "Could not load the Qt platform plugin" not in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 30


def test_no_display_and_a_dead_wayland_socket_are_named(tmp_path):
    assert cli.display_problem({}) == "no display found (DISPLAY and WAYLAND_DISPLAY are not set)."
    problem = cli.display_problem({"WAYLAND_DISPLAY": "wayland-77", "XDG_RUNTIME_DIR": str(tmp_path)})
    assert problem is not None and f"cannot connect to the Wayland compositor at {tmp_path}/wayland-77" in problem
    assert "DISPLAY=nonsense is not a display name" in cli.display_problem({"DISPLAY": "nonsense"})
    assert cli.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    # a screenshot still draws offscreen when the display is wrong
    out = tmp_path / "shot.png"
    done = run([sys.executable, "-m", "viewer", "--size", "900x600", "--screenshot", out], tmp_path,
               source_env(tmp_path) | {"DISPLAY": f":{free_display_number()}"})
    assert done.returncode == 0, done.stderr
    assert png_size(out) == (900, 600)


def test_a_live_x_server_passes_the_probe_and_the_window_opens_on_it(tmp_path):
    xvfb = tool("Xvfb")
    n = free_display_number()
    server = subprocess.Popen([xvfb, f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while cli.display_problem({"DISPLAY": f":{n}"}) is not None:
            assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        out = tmp_path / "on-x.png"  # with a display, --screenshot uses it (xcb), not offscreen
        done = run([sys.executable, "-m", "viewer", "--size", "800x500", "--screenshot", out], tmp_path,
                   source_env(tmp_path) | {"DISPLAY": f":{n}"})
        assert done.returncode == 0, done.stderr
        assert png_size(out) == (800, 500)
    finally:
        server.terminate()
        server.wait(10)


# -- the QApplication's identity -------------------------------------------------------------------

def test_the_application_names_its_desktop_entry_and_icon(qapp):
    from viewer.qt.start import identify_app

    before = (qapp.applicationName(), qapp.applicationVersion(), qapp.organizationName(), qapp.desktopFileName(),
              qapp.windowIcon())
    try:
        identify_app(qapp)
        assert (qapp.applicationName(), qapp.applicationVersion(), qapp.organizationName()) == \
            ("Factline", VERSION, "Factline")
        assert qapp.desktopFileName() == APP_ID == DESKTOP_FILE.removesuffix(".desktop")
        icon = qapp.windowIcon()
        assert not icon.isNull()
        sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
        assert {(s, s) for s in ICON_SIZES} <= sizes
        assert icon.pixmap(48, 48).toImage().pixelColor(24, 24).alpha() == 255  # drawn, not blank
    finally:
        name, version, organisation, desktop, icon = before
        qapp.setApplicationName(name)
        qapp.setApplicationVersion(version)
        qapp.setOrganizationName(organisation)
        qapp.setDesktopFileName(desktop)
        qapp.setWindowIcon(icon)


# -- desktop entry, icons, AppStream -----------------------------------------------------------------

def test_the_desktop_entry_validates_and_names_the_icon():
    entry = DESKTOP_DIR / DESKTOP_FILE
    done = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    keys = dict(line.split("=", 1) for line in entry.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert keys["Icon"] == APP_ID
    assert keys["Exec"].split()[0] == "factline"  # the command pip installs
    assert keys["Type"] == "Application" and keys["Terminal"] == "false"


def test_the_metainfo_validates_and_agrees_with_the_entry_and_version():
    metainfo = DESKTOP_DIR / METAINFO_FILE
    done = subprocess.run([tool("appstreamcli"), "validate", "--no-net", str(metainfo)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not re.search(r"^[EW]:", done.stdout, re.M), done.stdout  # no errors, no warnings
    root = ET.parse(metainfo).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP_FILE
    assert root.findtext("provides/binary") == "factline"
    assert root.findtext("project_license") == "MIT"
    assert root.find("releases/release").get("version") == VERSION  # bump both together


def test_every_icon_size_is_a_png_of_that_size_and_the_svg_is_square():
    for size in ICON_SIZES:
        assert png_size(icon_png(size)) == (size, size)
    svg = ET.parse(icon_svg()).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(v) for v in svg.get("viewBox").split())
    assert width == height


def test_install_desktop_puts_the_entry_and_icons_under_xdg_data_home(tmp_path):
    data_home = tmp_path / "data home"  # a space, as in many home folders
    env = source_env(tmp_path) | {"XDG_DATA_HOME": str(data_home)}
    done = run([sys.executable, "-m", "viewer", "--install-desktop"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    entry = data_home / "applications" / DESKTOP_FILE
    check = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    for size in ICON_SIZES:
        icon = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert icon.read_bytes() == icon_png(size).read_bytes()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    exec_line = next(line for line in entry.read_text(encoding="utf-8").splitlines() if line.startswith("Exec="))
    # run from a checkout: this Python and its main.py, by absolute path, whatever the folder
    assert exec_line == f"Exec={sys.executable} {ROOT / 'main.py'} %f"
    assert str(entry) in done.stdout
    # and it goes away again
    done = run([sys.executable, "-m", "viewer", "--uninstall-desktop"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert not entry.exists() and not list((data_home / "icons").rglob(f"{APP_ID}.*"))


def test_exec_arguments_are_quoted_as_the_desktop_spec_says(tmp_path):
    assert cli.desktop_exec_argument("/usr/bin/factline") == "/usr/bin/factline"
    assert cli.desktop_exec_argument("/home/a b/bin/factline") == '"/home/a b/bin/factline"'
    assert cli.desktop_exec_argument("/opt/$x/100%") == '"/opt/\\\\$x/100%%"'
    entry = tmp_path / DESKTOP_FILE
    entry.write_text(cli.desktop_entry_text(["/home/a b/$HOME/py", "-m", "viewer"]), encoding="utf-8")
    done = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_xdg_data_home_defaults_to_local_share():
    home = Path.home()
    assert cli.xdg_data_home({}) == home / ".local" / "share"
    assert cli.xdg_data_home({"XDG_DATA_HOME": ""}) == home / ".local" / "share"
    assert cli.xdg_data_home({"XDG_DATA_HOME": "relative/dir"}) == home / ".local" / "share"  # the spec: ignored
    assert cli.xdg_data_home({"XDG_DATA_HOME": "/srv/data"}) == Path("/srv/data")


# -- the wheel and the sdist -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The sdist, and the wheel built from that sdist (so the sdist must be complete)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "would be ignored" not in done.stdout + done.stderr  # setuptools' "data folder as package" warning
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_the_wheel_carries_the_bundled_data_inside_the_package(built):
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"viewer/bundled/{path.relative_to(ROOT / 'resources').as_posix()}" in names
    assert not any(n.startswith("resources/") for n in names)  # never a top-level 'resources' in site-packages
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert dist_info == f"factline_viewer-{VERSION}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(built["wheel"]).read(f"{dist_info}/METADATA").decode()
    assert f"Name: {DISTRIBUTION}" in metadata and "License-Expression: MIT" in metadata
    entry_points = zipfile.ZipFile(built["wheel"]).read(f"{dist_info}/entry_points.txt").decode()
    assert "factline = viewer.app:main" in entry_points


def test_the_sdist_holds_every_tracked_file(built):
    prefix = f"factline_viewer-{VERSION}/"
    members = {m[len(prefix):] for m in tarfile.open(built["sdist"]).getnames() if m.startswith(prefix)}
    for required in ("LICENSE", "README.md", "Makefile", "pyproject.toml", "tests/conftest.py",
                     "tests/hostile/README.md", "docs/dataset-format.md", "resources/datasets/hit-and-run.toml"):
        assert required in members
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True)
    if listed.returncode != 0:  # an unpacked sdist is no git checkout: the list above must do
        return
    missing = sorted(f for f in listed.stdout.splitlines() if f not in members and f != ".gitignore"
                     and (ROOT / f).exists())
    assert not missing, f"not in the sdist: {missing}"


@pytest.fixture(scope="module")
def fresh_venv(built, tmp_path_factory) -> Path:
    """A new venv with only the wheel installed. Its dependencies (Qt & co.) come from the test's
    own environment through a .pth line, so this runs in seconds and offline; that environment's
    .pth files (an editable install of the checkout) are not run there, so `viewer` is the wheel's."""
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                           "--no-index", str(built["wheel"])], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    dependencies = [p for p in dict.fromkeys(site.getsitepackages()) if Path(p).is_dir()]
    Path(purelib, "zz_test_dependencies.pth").write_text("\n".join(dependencies) + "\n", encoding="utf-8")
    return venv


def test_the_installed_wheel_runs_from_any_folder(fresh_venv, tmp_path):
    folder = tmp_path / "somewhere else"
    folder.mkdir()
    env = clean_env(tmp_path)
    factline = fresh_venv / "bin" / "factline"
    where = run([fresh_venv / "bin" / "python", "-c",
                 "import viewer, viewer.resources as r; print(viewer.__file__); print(r.BUNDLED_DATASET)"], folder, env)
    assert where.returncode == 0, where.stderr
    package, dataset = where.stdout.split()
    assert Path(package).is_relative_to(fresh_venv), package  # the wheel's copy, not the checkout
    assert Path(dataset).is_relative_to(fresh_venv) and Path(dataset).is_file()
    assert (Path(dataset).parent / "sources").is_dir()  # snapshots beside it, on disk
    version = run([factline, "--version"], folder, env)
    assert (version.returncode, version.stdout.strip()) == (0, f"factline {VERSION}"), version.stderr
    module = run([fresh_venv / "bin" / "python", "-m", "viewer", "--version"], folder, env)
    assert module.stdout.strip() == f"factline {VERSION}", module.stderr
    export = run([factline, "export", "-o", "x.png"], folder, env)
    assert export.returncode == 0, export.stderr
    assert png_size(folder / "x.png") == (1600, 900)
    check = run([factline, "check", dataset], folder, env)
    assert check.returncode == 0 and "quotes verified" in check.stdout, check.stdout + check.stderr
    installed = run([factline, "--install-desktop"], folder, env | {"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert installed.returncode == 0, installed.stderr
    entry = (tmp_path / "xdg" / "applications" / DESKTOP_FILE).read_text(encoding="utf-8")
    assert f"Exec={factline} %f" in entry.splitlines()  # the command that installed it


# -- the standalone one-folder build ----------------------------------------------------------------

@pytest.mark.slow
def test_the_standalone_build_runs_check_export_and_a_screenshot_without_python(tmp_path):
    pytest.importorskip("PyInstaller", reason="make test installs it (the [dist] extra)")
    build = tmp_path / "build"
    started = time.monotonic()
    done = subprocess.run(["make", "-s", "-C", str(ROOT), "dist-build", f"PY={sys.executable}",
                           f"DIST_DIR={build / 'dist'}", f"DIST_WORK={build / 'work'}"],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    seconds = time.monotonic() - started
    moved = tmp_path / "elsewhere" / "Factline app"  # the folder works wherever it is put
    moved.parent.mkdir()
    shutil.move(build / "dist" / "factline", moved)
    shutil.rmtree(build)
    try:
        factline = moved / "factline"
        folder = tmp_path / "work"
        folder.mkdir()
        (folder / "data").mkdir()
        shutil.copytree(ROOT / "resources" / "datasets", folder / "data", dirs_exist_ok=True)
        # no Python, no venv, no source tree: only the system's own programs on PATH
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
               "FACTLINE_SETTINGS": str(tmp_path / "settings.ini")}
        version = run([factline, "--version"], folder, env)
        assert version.stdout.strip() == f"factline {VERSION}", version.stderr
        check = run([factline, "check", "data/hit-and-run.toml"], folder, env)
        assert check.returncode == 0 and "quotes verified" in check.stdout, check.stdout + check.stderr
        export = run([factline, "export", "-o", "x.png"], folder, env)  # the bundled dataset, inside the build
        assert export.returncode == 0, export.stderr
        assert png_size(folder / "x.png") == (1600, 900)
        shot = run([factline, "--size", "1000x640", "--screenshot", "window.png"], folder, env)
        assert shot.returncode == 0, shot.stderr
        assert png_size(folder / "window.png") == (1000, 640)
        wrong = run([factline], folder, env | {"DISPLAY": f":{free_display_number()}"})
        assert wrong.returncode == 2 and "no display found" in wrong.stderr, wrong.stderr
        size_mb = sum(f.lstat().st_size for f in moved.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6
        print(f"standalone build: {size_mb:.0f} MB, built in {seconds:.0f} s")
        assert size_mb < 600
    finally:
        shutil.rmtree(moved.parent, ignore_errors=True)  # ~230 MB; pytest keeps old tmp folders
