"""Hostile dataset files (tests/hostile/, described in its README.md) end in a clear DatasetError
naming file, item and field, or load verbatim where the content is harmless. Pure: no Qt."""

from __future__ import annotations

import ast
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

import viewer.dataset.schema as limits_module
from conftest import BUNDLED, a_dataset_with, write_dataset
from viewer.dataset.load import DatasetError, Problem, load_dataset
from viewer.dataset.schema import MAX_TEXT, MAX_TITLE
from viewer.core.model import Dataset

HOSTILE = Path(__file__).resolve().parent / "hostile"
ROOT = Path(__file__).resolve().parent.parent


def refusal(path: Path) -> DatasetError:
    """Load ``path`` expecting a DatasetError whose every problem names the file."""
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    error = info.value
    assert error.problems, "a DatasetError must say what is wrong"
    assert all(p.file == path.name for p in error.problems), error.problems
    assert all(p.message for p in error.problems)
    assert path.name in str(error)
    return error


def find_problem(error: DatasetError, where: str, field: str, fragment: str) -> Problem:
    for problem in error.problems:
        if problem.where == where and problem.field == field and fragment in problem.message:
            return problem
    raise AssertionError(f"no problem {where!r} / {field!r} / {fragment!r} in:\n{error}")


def load_within(path: Path, seconds: float = 10.0) -> Dataset | BaseException:
    """Load in a daemon thread so a loader that blocks (on a pipe, say) fails the test, not the run."""
    outcome: list[Dataset | BaseException] = []

    def run() -> None:
        try:
            outcome.append(load_dataset(path))
        except BaseException as exc:  # noqa: BLE001 - handed back to the test to judge
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"loading {path.name} did not finish within {seconds} s"
    return outcome[0]


# ---------------------------------------------------------------------------------------------
# Every committed hostile file has a note and an expected outcome


def test_every_hostile_file_is_described_in_the_readme_and_toml_files_open_with_a_comment():
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    for path in HOSTILE.iterdir():
        if path.name == "README.md":
            continue
        assert f"`{path.name}`" in readme, f"{path.name} is not in tests/hostile/README.md"
        if path.suffix == ".toml":
            assert path.read_bytes().removeprefix(b"\xef\xbb\xbf").startswith(b"# Tries:"), path.name


@pytest.mark.parametrize(("name", "where", "field", "fragment"), [
    ("traversal-snapshot.toml", "source 'article'", "snapshot", "leads outside the dataset's folder"),
    ("absolute-snapshot.toml", "source 'article'", "snapshot", "is an absolute path"),
    ("nul-snapshot.toml", "source 'article'", "snapshot", "contains a NUL character"),
    ("huge-strings.toml", "event 'iris-killed'", "title", f"at most {MAX_TITLE:,}"),
    ("huge-strings.toml", "event 'iris-killed'", "summary", f"at most {MAX_TEXT:,}"),
    ("nan-infinity.toml", "episode #1", "minutes", "nan"),
    ("nan-infinity.toml", "event 'p1'", "minute", "inf"),
    ("nan-infinity.toml", "event 'p2'", "minute", "-inf"),
    ("overflow-float.json", "episode #1", "minutes", "inf"),
    ("nan-infinity.json", "episode #1", "minutes", "NaN is not a number JSON allows"),
    ("huge-number.toml", "episode #1", "number", "is a number of 5,000 digits; at most 4,300 can be read (line 13,"),
    ("deep-nesting.json", "", "", "nested too deeply"),
    ("deep-nesting.toml", "", "", "nested too deeply"),
    ("duplicate-keys.toml", "", "", "is not valid TOML"),
    ("duplicate-keys.json", "", "title", "is given twice in one object"),
    ("not-utf8.toml", "", "", "is not UTF-8 text (bad byte at offset"),
    ("utf16.json", "", "", "is not UTF-8 text"),
    ("yaml-renamed.toml", "", "", "is not valid TOML"),
    ("zip-renamed.json", "", "", "is not UTF-8 text"),
])
def test_a_hostile_file_is_refused_with_a_problem_naming_file_item_and_field(name, where, field, fragment):
    error = refusal(HOSTILE / name)
    find_problem(error, where, field, fragment)


@pytest.mark.parametrize("source", ["js", "js-mixed-case", "vbscript", "data", "file", "leading-space", "newline"])
def test_a_source_url_that_is_not_http_or_https_is_refused(source):
    error = refusal(HOSTILE / "bad-url-schemes.toml")
    find_problem(error, f"source '{source}'", "url", "expected an http:// or https:// address")


def test_only_the_bad_urls_are_reported_in_the_bad_url_file():
    error = refusal(HOSTILE / "bad-url-schemes.toml")
    assert {p.field for p in error.problems} == {"url"}
    assert len(error.problems) == 7


def test_the_yaml_payload_is_never_run():
    marker = Path("/tmp/factline-pwned")
    existed = marker.exists()
    refusal(HOSTILE / "yaml-renamed.toml")
    assert marker.exists() == existed


# ---------------------------------------------------------------------------------------------
# Harmless content loads, verbatim


MARKUP_IMG = "<img src=x onerror=alert(1)>"
MARKUP_LINK = "<a href=file:///etc/passwd>x</a>"


def test_markup_in_every_text_field_loads_and_is_kept_verbatim():
    dataset = load_dataset(HOSTILE / "markup-titles.toml")
    assert dataset.title == MARKUP_IMG
    assert dataset.description == f"{MARKUP_LINK} <script>alert(1)</script>"
    source = dataset.sources["article"]
    assert source.title == MARKUP_LINK
    assert source.publisher == "<b>bold</b> &amp; <i>entity</i>"
    assert source.url == "https://example.com/?q=<b>x</b>&a=1"
    assert [t.name for t in dataset.tracks] == [MARKUP_IMG, "On <u>screen</u>"]
    img, link = dataset.events
    assert (img.title, img.summary, img.people) == (MARKUP_IMG, MARKUP_LINK, (MARKUP_IMG, MARKUP_LINK))
    assert img.citations[0].note == MARKUP_LINK
    assert (link.title, link.disputed, link.citations[0].note) == (MARKUP_LINK, MARKUP_IMG, MARKUP_IMG)


@pytest.mark.parametrize("name", ["bom.toml", "bom.json"])
def test_a_utf8_byte_order_mark_does_not_leak_into_the_data(name):
    dataset = load_dataset(HOSTILE / name)
    assert dataset.title == "Hostile test"
    assert [e.id for e in dataset.events] == ["iris-killed"]


def test_text_exactly_at_the_limits_loads(tmp_path):
    event = {"id": "e", "track": "real", "title": "T" * MAX_TITLE, "summary": "S" * MAX_TEXT, "when": "1990",
             "citations": [{"source": "article", "note": "N" * MAX_TEXT}]}
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=[event])))
    assert len(dataset.events[0].title) == MAX_TITLE


# ---------------------------------------------------------------------------------------------
# Limits


def test_more_events_than_the_limit_are_refused_on_the_events_field(monkeypatch):
    monkeypatch.setattr(limits_module, "MAX_EVENTS", 3)
    error = refusal(HOSTILE / "too-many-events.toml")
    assert [str(p) for p in error.problems] == ["too-many-events.toml: events: has 4 events; the limit is 3"]


def test_as_many_events_as_the_limit_load(monkeypatch):
    monkeypatch.setattr(limits_module, "MAX_EVENTS", 4)
    assert len(load_dataset(HOSTILE / "too-many-events.toml").events) == 4


def test_a_ten_megabyte_line_is_refused_quickly_on_its_field(tmp_path):
    template = (HOSTILE / "long-line.toml").read_text(encoding="utf-8")
    path = tmp_path / "long-line.toml"
    path.write_text(template.replace("PADDING", "x" * (10 * 1024 * 1024)), encoding="utf-8")
    started = time.perf_counter()
    error = refusal(path)
    assert time.perf_counter() - started < 10
    find_problem(error, "event 'iris-killed'", "title", "is 10,485,760 characters long")
    assert len(str(error)) < 2_000, "the message must not echo the 10 MB value"


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(limits_module, "MAX_FILE_BYTES", 100)
    error = refusal(HOSTILE / "markup-titles.toml")
    assert "the limit is 100" in str(error)


def test_a_snapshot_over_the_size_limit_is_refused_on_its_source(tmp_path, monkeypatch):
    monkeypatch.setattr(limits_module, "MAX_SNAPSHOT_BYTES", 10)
    error = refusal(write_dataset(tmp_path, a_dataset_with()))
    find_problem(error, "source 'article'", "snapshot", "the limit is 10")


# ---------------------------------------------------------------------------------------------
# Snapshots that are links, loops and pipes (made at run time; nothing of the kind is committed)


@pytest.fixture
def symlink_dataset(tmp_path) -> Path:
    folder = tmp_path / "dataset"
    folder.mkdir()
    return Path(shutil.copy(HOSTILE / "symlink-snapshot.toml", folder / "symlink-snapshot.toml"))


def test_a_snapshot_symlink_to_a_system_file_is_refused(symlink_dataset):
    (symlink_dataset.parent / "article.txt").symlink_to("/etc/passwd")
    error = refusal(symlink_dataset)
    find_problem(error, "source 'article'", "snapshot", "leads outside the dataset's folder")


def test_a_snapshot_symlink_to_a_neighbouring_folder_is_refused(symlink_dataset):
    outside = symlink_dataset.parent.parent / "private.txt"
    outside.write_text("secret", encoding="utf-8")
    (symlink_dataset.parent / "article.txt").symlink_to(Path("..") / "private.txt")
    error = refusal(symlink_dataset)
    find_problem(error, "source 'article'", "snapshot", "leads outside the dataset's folder")


def test_a_snapshot_through_a_symlinked_folder_out_is_refused(symlink_dataset, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "article.txt").write_text("secret", encoding="utf-8")
    text = symlink_dataset.read_text(encoding="utf-8").replace('snapshot = "article.txt"', 'snapshot = "sub/article.txt"')
    symlink_dataset.write_text(text, encoding="utf-8")
    (symlink_dataset.parent / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    error = refusal(symlink_dataset)
    find_problem(error, "source 'article'", "snapshot", "leads outside the dataset's folder")


def test_a_snapshot_symlink_loop_is_refused(symlink_dataset):
    (symlink_dataset.parent / "article.txt").symlink_to("article.txt")
    outcome = load_within(symlink_dataset)
    assert isinstance(outcome, DatasetError), outcome
    find_problem(outcome, "source 'article'", "snapshot", "cannot be resolved")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_a_snapshot_that_is_a_named_pipe_is_refused_without_blocking(symlink_dataset):
    os.mkfifo(symlink_dataset.parent / "article.txt")
    outcome = load_within(symlink_dataset)
    assert isinstance(outcome, DatasetError), outcome
    find_problem(outcome, "source 'article'", "snapshot", "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_a_dataset_file_that_is_a_named_pipe_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.toml")
    outcome = load_within(tmp_path / "pipe.toml")
    assert isinstance(outcome, DatasetError), outcome
    assert "not a regular file" in str(outcome)


def test_a_snapshot_symlink_inside_the_folder_is_allowed(tmp_path):
    path = write_dataset(tmp_path, a_dataset_with(), snapshot_name="real.txt")
    (tmp_path / "article.txt").symlink_to("real.txt")
    assert load_dataset(path).sources["article"].snapshot == (tmp_path / "real.txt").resolve()


# ---------------------------------------------------------------------------------------------
# Nothing runs, nothing is fetched


def test_loading_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access while loading a dataset: {args!r}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert load_dataset(BUNDLED).events  # its sources have https URLs
    assert load_dataset(HOSTILE / "markup-titles.toml").sources["article"].url
    refusal(HOSTILE / "bad-url-schemes.toml")


# every module of the two packages a file passes through on its way to a Dataset, new ones included
LOADER_MODULES = sorted(str(p.relative_to(ROOT / "viewer")) for package in ("core", "dataset")
                        for p in (ROOT / "viewer" / package).glob("*.py"))
HARMLESS_IMPORTS = {"urllib.parse"}  # splits strings; opens nothing
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_IMPORTS = {"pickle", "marshal", "shelve", "yaml", "ruamel", "dill", "subprocess",
                     "socket", "urllib", "http", "requests", "ftplib", "ctypes"}


@pytest.mark.parametrize("module", LOADER_MODULES)
def test_the_loader_has_no_way_to_run_code_or_reach_the_network(module):
    tree = ast.parse((ROOT / "viewer" / module).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{module}:{node.lineno} calls {node.func.id}"
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        for name in names:
            if name in HARMLESS_IMPORTS:
                continue
            assert name.split(".")[0] not in FORBIDDEN_IMPORTS, f"{module}:{node.lineno} imports {name}"
