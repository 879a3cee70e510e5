"""Datasets are read with tomli 2.2.1 (tomllib's code, compiled): it must read exactly what the
standard library's tomllib reads, refuse what it refuses with the same words, and stay TOML 1.0."""

from __future__ import annotations

import tomllib

import pytest
import tomli

from conftest import BUNDLED
from viewer.dataset.load import DatasetError, load_dataset

BAD = ["a = ", "a = 1\na = 2", "[x]\n[x]", 'a = "\\ud800"', "a = 1979-13-01", 'a = """', "x = [1,", "a = 1.0e",
       'k = "\x01"', "[[events]]\nid = 1\n[events]",
       # TOML 1.1, which tomllib (and tomlkit) refuse: a newer tomli would read these
       "a = {b = 1,\n c = 2}", 'a = "\\e"', "a = 12:30", "a = {b = 1,}", 'a = "\\xff"']
GOOD = ["a = 1_000", "a = 0x1F", "a = 1979-05-27T07:32:00Z", "a = inf", "a = '''x'''", "a = 1979-05-27",
        'a = "caf\u00e9 \\u00e9"', "[t]\nb.c = [1, 2.5, true]"]


def _read(module, text):
    try:
        return "read", module.loads(text)
    except module.TOMLDecodeError as exc:
        return "refused", str(exc)


@pytest.mark.parametrize("text", BAD + GOOD)
def test_tomli_reads_and_refuses_as_tomllib_does(text):
    assert _read(tomli, text) == _read(tomllib, text)


@pytest.mark.parametrize("text", BAD[-5:])
def test_toml_1_1_is_refused(text):
    assert _read(tomli, text)[0] == "refused"


def test_the_bundled_dataset_reads_the_same():
    text = BUNDLED.read_text(encoding="utf-8")
    assert tomli.loads(text) == tomllib.loads(text)


def test_a_toml_syntax_error_is_located_in_the_loaders_words(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('title = "x"\n[[events]]\nid = "a"\nwhen = 1979-13-01\n', encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert str(caught.value.problems[0]).endswith("is not valid TOML: Expected newline or end of document after a "
                                                  "statement (at line 4, column 12)")
