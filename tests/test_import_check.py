"""viewer.qt.import_check: PySide6's "does this module use PySide6?" check, made cheaper, gives
PySide6's own answer for every module (start-up's, and the awkward cases it hands back)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from viewer.qt import import_check


import_check.install()  # as the app's start and the export do, before they import the rest


def _pyside_check():
    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    return check, check.falls_back_to


def _module_from(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cheaper_check_is_put_in_place_once():
    assert import_check.is_installed()
    check, original = _pyside_check()
    assert import_check.install()  # a second install keeps the first
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is check
    assert getattr(original, "falls_back_to", None) is None  # PySide6's own function underneath


def test_it_answers_as_pyside_does_for_every_module_the_app_loads():
    for name in ("viewer.qt.start", "viewer.qt.export.sheet"):  # the app and the export stack
        importlib.import_module(name)

    check, original = _pyside_check()
    modules = [m for m in list(sys.modules.values()) if type(m).__name__ == "module"]
    answers = {m.__name__: check(m) for m in modules}
    assert answers == {m.__name__: original(m) for m in modules}
    assert answers["viewer.qt.main_window"] and answers["pyqtgraph.Qt"]
    assert not answers["viewer.core.model"] and not answers["numpy"]


@pytest.mark.parametrize(("source", "expected"), [
    (b"import PySide6\n", True),
    (b"x = 1\n", False),
    (b"", False),
    (b"# -*- coding: latin-1 -*-\nname = 'PySide6 \xe9'\n", True),  # a declared coding: PySide6's check
    (b"name = 'PySide6 \xff'\n", False),  # not UTF-8: inspect cannot read it, and PySide6 says False
    (b"\xef\xbb\xbfimport PySide6\n", True),  # a UTF-8 byte order mark
])
def test_awkward_sources_get_pyside_s_own_answer(tmp_path, source, expected):
    path = tmp_path / "some_module.py"
    path.write_bytes(source)
    check, original = _pyside_check()
    try:
        module = _module_from(path, "some_module")
    except SyntaxError:  # a file Python cannot import still gets asked about by name
        module = type(sys)("some_module")
        module.__file__ = str(path)
    assert original(module) is expected
    assert check(module) is expected


def test_modules_without_a_source_file_get_pyside_s_own_answer():
    check, original = _pyside_check()
    import _json  # an extension module
    no_file = type(sys)("made_here")
    for module in (sys, _json, no_file):
        assert check(module) is original(module) is False


def test_a_plain_interpreter_that_installs_it_checks_the_modules_after_it_cheaply():
    code = ("import sys\n"
            "from viewer.qt import import_check\n"
            "assert import_check.install()\n"
            "import viewer.qt.main_window\n"
            "from signature_bootstrap import pyside_feature_dict as seen\n"
            "original = sys.modules['shibokensupport.feature']._mod_uses_pyside.falls_back_to\n"
            "assert seen['viewer.qt.timeline.view'] == 0 and seen['viewer.core.model'] == -1, seen\n"
            "wrong = [n for n, v in seen.items() if n in sys.modules and v != (0 if original(sys.modules[n]) else -1)]\n"
            "assert not wrong, wrong\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_pyside_asks_the_cheaper_check_of_each_module_imported(tmp_path, monkeypatch):
    # were PySide6 to bind its check before we replace it, the speed-up would vanish unseen
    check, _ = _pyside_check()
    asked = []

    def counting(module):
        asked.append(module.__name__)
        return check(module)

    counting.falls_back_to = check.falls_back_to
    monkeypatch.setattr(sys.modules["shibokensupport.feature"], "_mod_uses_pyside", counting)
    (tmp_path / "freshly_made_module.py").write_text("from PySide6 import QtCore\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("freshly_made_module")  # an import statement's way (importlib.import_module skips the hook)
    assert "freshly_made_module" in asked


def test_the_export_command_line_loads_no_qt_until_it_renders():
    # the parser, --help and usage errors answer without PySide6 (it was imported with viewer.qt)
    code = "import sys\nimport viewer.qt.export.cli\nassert 'PySide6' not in sys.modules, 'PySide6 loaded'\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_app_installs_it_before_it_starts_the_window(monkeypatch, tmp_path):
    code = ("import sys, viewer.app\n"
            "from viewer.qt import import_check\n"
            "import viewer.qt.start as start\n"
            "start.run_app = lambda *a, **k: print('installed' if import_check.is_installed() else 'not') or 0\n"
            "sys.exit(viewer.app.main(['--screenshot', 'x.png']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "installed", result.stderr
