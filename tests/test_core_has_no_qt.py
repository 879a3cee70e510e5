"""The pure core never imports Qt: checked in a fresh interpreter, where nothing else has."""

from __future__ import annotations

import importlib.util
import pkgutil
import subprocess
import sys
import tomllib

from conftest import ROOT

FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6")
ALWAYS_PURE = ("viewer.core.model", "viewer.core.dates", "viewer.dataset.load", "viewer.core.quotes", "viewer.scene.columns")


def pure_modules() -> list[str]:
    """The modules of the import-linter 'forbidden' contract, plus the issue's list, that exist."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config.get("tool", {}).get("importlinter", {}).get("contracts", [])
    named = [m for c in contracts if c.get("type") == "forbidden" for m in c.get("source_modules", [])]
    # a package in the contract stands for every module in it, new ones included
    modules = [m for name in named for m in _with_submodules(name)]
    return [m for m in dict.fromkeys([*ALWAYS_PURE, *modules]) if importlib.util.find_spec(m) is not None]


def _with_submodules(name: str) -> list[str]:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return [name]
    return [name, *(f"{name}.{info.name}" for info in pkgutil.iter_modules(spec.submodule_search_locations))]


def test_the_core_modules_to_check_include_model_dates_dataset_and_textquote():
    assert {"viewer.core.model", "viewer.core.dates", "viewer.dataset.load", "viewer.core.quotes",
            "viewer.scene.lanes", "viewer.scene.anchors", "viewer.dataset.problems"} <= set(pure_modules())


def test_importing_and_using_the_pure_core_loads_no_qt_module():
    modules = pure_modules()
    code = (
        f"import {', '.join(modules)}\n"
        "import sys\n"
        "from viewer.core.dates import parse_date\n"
        "parse_date('1989~/1993~')  # the edtf library path too\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r}))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
