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


def _pyside_check():
    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    return check, check.falls_back_to


def _module_from(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loading_viewer_qt_puts_the_cheaper_check_in_place_once():
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


def test_a_plain_interpreter_that_imports_viewer_qt_checks_the_modules_after_it_cheaply():
    code = ("import viewer.qt, sys\n"
            "import viewer.qt.main_window\n"
            "from viewer.qt import import_check\n"
            "assert import_check.is_installed()\n"
            "from signature_bootstrap import pyside_feature_dict as seen\n"
            "original = sys.modules['shibokensupport.feature']._mod_uses_pyside.falls_back_to\n"
            "assert seen['viewer.qt.timeline.view'] == 0 and seen['viewer.core.model'] == -1, seen\n"
            "wrong = [n for n, v in seen.items() if n in sys.modules and v != (0 if original(sys.modules[n]) else -1)]\n"
            "assert not wrong, wrong\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
