"""Where the bundled data lives, and the app's identity: one place, so the app, the export CLI,
the desktop integration and the tests agree.

The bundled files are the top-level ``resources/`` folder of the source tree. The wheel installs
that folder as the package ``viewer.bundled`` (pyproject.toml maps it with ``package-dir``), read
here with importlib.resources; a source checkout run in place (``python main.py``, the tests) and
the one-folder build (``make dist``) find the folder beside the ``viewer`` package instead. Either
way it is a real directory on disk: a dataset reads its source snapshots relative to its own file.
Pure: no Qt."""

from __future__ import annotations

from importlib import resources as _importlib_resources
from pathlib import Path

VERSION = "0.1.0"  # the one place: pyproject.toml reads it (dynamic version), so do the CLI and About
DISTRIBUTION = "factline-viewer"  # the name on PyPI ('factline' is another project's); the command is 'factline'
APP_NAME = "Factline"
ORGANISATION = "Factline"
APP_ID = "org.factline.Factline"  # reverse-DNS: the .desktop file, the icon and the AppStream id
DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _root() -> Path:
    try:
        root = _importlib_resources.files("viewer.bundled")
    except ModuleNotFoundError:  # not installed from a wheel: the folder beside the package
        return Path(__file__).resolve().parent.parent / "resources"
    if not isinstance(root, Path):  # e.g. a zip import: the datasets need real files on disk
        raise RuntimeError(f"Factline's bundled files must be installed as files, not in {root}")
    return root


RESOURCES = _root()
BUNDLED_DATASET = RESOURCES / "datasets" / "hit-and-run.toml"
DESKTOP_DIR = RESOURCES / "desktop"
ICONS_DIR = DESKTOP_DIR / "icons" / "hicolor"  # laid out as XDG's hicolor theme: NxN/apps, scalable/apps


def is_bundled(path: Path | None) -> bool:
    """Whether ``path`` is the dataset that comes with Factline (never edited in place: an update
    replaces it, and an installed copy may not be writable)."""
    return path is not None and path.resolve() == BUNDLED_DATASET.resolve()


def icon_png(size: int) -> Path:
    return ICONS_DIR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def icon_svg() -> Path:
    return ICONS_DIR / "scalable" / "apps" / f"{APP_ID}.svg"
