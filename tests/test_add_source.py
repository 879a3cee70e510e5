"""`factline new` and `factline add-source`: a dataset made from nothing on the command line, a
source added from a saved page (untrusted HTML) or a text file, and the snapshot's sha256."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
import tomlkit

from viewer.app import main
from viewer.dataset.authoring import STARTER_TRACKS, SourceFields, new_dataset
from viewer.dataset.errors import DatasetError
from viewer.dataset.load import load_dataset
from viewer.editing.sources import add_source_file as add_source
from viewer.resources import BUNDLED_DATASET

PARAGRAPH = ("Lior Raz served in a commando unit before he became an actor, and he spoke about it in "
             "interviews when the series came out. ")
ARTICLE = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Site | The real story</title>
<meta property="og:title" content="The real story behind the show">
<meta name="author" content="Dana Writer">
<meta property="article:published_time" content="2021-08-06">
<link rel="canonical" href="https://news.example.org/real-story">
<script>document.write("INJECTED-SCRIPT-TEXT")</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">NAV-MENU-TEXT</a></nav>
<article><h1>The real story behind the show</h1>
<p>{PARAGRAPH * 3}</p><script>var secret = "SCRIPT-IN-ARTICLE";</script>
<p>{PARAGRAPH * 2}</p></article>
<footer>FOOTER-COPYRIGHT-TEXT</footer></body></html>
"""

MENU_ONLY = """<html><head><title>Index</title></head><body><nav><ul><li><a href="/">Home</a></li>
<li><a href="/news">News</a></li><li><a href="/about">About us</a></li></ul></nav>
<script>document.write("Breaking news: a long story written by a script, never by the page")</script>
<footer>(c) 2021 Example Media. All rights reserved.</footer></body></html>"""


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A new dataset with a comment of the user's added to its file."""
    assert main(["new", str(tmp_path / "case"), "--title", "My case"]) == 0
    path = tmp_path / "case" / "my-case.toml"
    path.write_text("# my own note: keep me\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_new_dataset_has_the_bundled_tracks_and_loads(tmp_path: Path) -> None:
    path = new_dataset(tmp_path / "fresh", "Fresh case")
    loaded = load_dataset(path)
    assert loaded.title == "Fresh case" and len(loaded.events) == 0 and not loaded.sources
    bundled = tomlkit.parse(BUNDLED_DATASET.read_text(encoding="utf-8"))
    assert [dict(t) for t in bundled["tracks"]] == list(STARTER_TRACKS)
    assert [dict(t) for t in tomlkit.parse(path.read_text(encoding="utf-8"))["tracks"]] == list(STARTER_TRACKS)
    assert main(["check", str(path)]) == 0


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path / "busy"), "--title", "T"]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert _files(tmp_path / "busy") == {"notes.txt": b"mine"}


def test_add_source_from_html_keeps_the_main_text_and_the_comment(
        dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "saved.html"
    page.write_text(ARTICLE, encoding="utf-8")
    capsys.readouterr()
    assert main(["add-source", str(dataset), str(page)]) == 0
    sid = capsys.readouterr().out.strip()
    assert sid == "the-real-story-behind-the-show"
    text = dataset.read_text(encoding="utf-8")
    assert text.startswith("# my own note: keep me\n")
    source = tomlkit.parse(text)["sources"][0]
    snapshot = (dataset.parent / source["snapshot"]).read_bytes()
    assert source["snapshot"] == f"sources/{sid}.txt"
    assert source["url"] == "https://news.example.org/real-story"
    assert source["author"] == "Dana Writer" and source["date"] == "2021-08-06"
    assert source["sha256"] == hashlib.sha256(snapshot).hexdigest()
    assert source["retrieved"] == datetime.date.today().isoformat()
    words = snapshot.decode("utf-8")
    assert PARAGRAPH.strip() in words
    for junk in ("SCRIPT", "INJECTED", "NAV-MENU", "FOOTER-COPYRIGHT"):
        assert junk not in words
    assert main(["check", str(dataset)]) == 0


def test_options_override_the_page_and_a_second_text_source_gets_its_own_file(dataset: Path, tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_text(ARTICLE, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("Plain notes, kept as they are.\n", encoding="utf-8")
    first = add_source(dataset, page, SourceFields(title="My title", url="https://example.org/x", id="story"))
    second = add_source(dataset, notes, SourceFields(id="story-notes"))
    assert (first, second) == ("story", "story-notes")
    sources = tomlkit.parse(dataset.read_text(encoding="utf-8"))["sources"]
    assert (sources[0]["title"], sources[0]["url"]) == ("My title", "https://example.org/x")
    assert (dataset.parent / "sources" / "story-notes.txt").read_text(encoding="utf-8") == "Plain notes, kept as they are.\n"
    assert len(load_dataset(dataset).sources) == 2


def test_an_existing_snapshot_file_is_never_overwritten(dataset: Path, tmp_path: Path) -> None:
    (dataset.parent / "sources").mkdir()
    (dataset.parent / "sources" / "notes.txt").write_text("someone else's file")
    notes = tmp_path / "n.txt"
    notes.write_text("New text.\n", encoding="utf-8")
    add_source(dataset, notes, SourceFields(id="notes"))
    assert (dataset.parent / "sources" / "notes.txt").read_text() == "someone else's file"
    assert tomlkit.parse(dataset.read_text(encoding="utf-8"))["sources"][0]["snapshot"] == "sources/notes-2.txt"


@pytest.mark.parametrize("charset, word", [("windows-1255", "שלום"), ("iso-8859-1", "café")])
def test_a_page_in_its_declared_charset_decodes(dataset: Path, tmp_path: Path, charset: str, word: str) -> None:
    page = tmp_path / "old.html"
    html = ARTICLE.replace('charset="utf-8"', f'charset="{charset}"').replace("series came out.", f"series came out {word}.")
    page.write_bytes(html.encode(charset))
    sid = add_source(dataset, page, SourceFields())
    snapshot = dataset.parent / "sources" / f"{sid}.txt"
    assert f"series came out {word}." in snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("body, expected", [
    (MENU_ONLY.encode("utf-8"), "no main text"),
    (ARTICLE.encode("utf-8").replace(b"commando", b"comm\xff\xfendo"), "not valid utf-8"),
    (b"<html><body><p>" + b"x" * (9 * 1024 * 1024) + b"</p></body></html>", "the limit is"),
])
def test_a_refused_page_writes_nothing(dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       body: bytes, expected: str) -> None:
    page = tmp_path / "bad.html"
    page.write_bytes(body)
    before = _files(dataset.parent)
    capsys.readouterr()
    assert main(["add-source", str(dataset), str(page)]) == 1
    captured = capsys.readouterr()
    assert expected in captured.err.lower() and "bad.html" in captured.err and captured.out == ""
    assert _files(dataset.parent) == before


def test_a_source_the_loader_refuses_writes_nothing(dataset: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "n.txt"
    notes.write_text("Text.\n", encoding="utf-8")
    before = _files(dataset.parent)
    assert main(["add-source", str(dataset), str(notes), "--url", "ftp://example.org/x"]) == 1
    assert "url" in capsys.readouterr().err
    assert _files(dataset.parent) == before


def test_a_changed_snapshot_is_reported_by_its_sha256(dataset: Path, tmp_path: Path) -> None:
    notes = tmp_path / "n.txt"
    notes.write_text("The original words.\n", encoding="utf-8")
    sid = add_source(dataset, notes, SourceFields(id="orig"))
    expected = hashlib.sha256(b"The original words.\n").hexdigest()
    snapshot = dataset.parent / "sources" / f"{sid}.txt"
    snapshot.write_text("The words, edited later.\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(dataset)
    [problem] = caught.value.problems
    actual = hashlib.sha256(b"The words, edited later.\n").hexdigest()
    assert problem.where == "source 'orig'" and problem.field == "sha256"
    assert expected[:12] in problem.message and actual[:12] in problem.message and "changed" in problem.message


def test_a_malformed_sha256_or_retrieved_date_is_a_problem(tmp_path: Path) -> None:
    path = new_dataset(tmp_path / "c", "C")
    path.write_text(path.read_text(encoding="utf-8").replace("sources = []\n", "") +
                    '\n[[sources]]\nid = "s"\ntitle = "S"\nsha256 = "ABC"\nretrieved = "yesterday"\n', encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    fields = sorted(p.field for p in caught.value.problems)
    assert fields == ["retrieved", "sha256"]


def test_adding_to_the_bundled_dataset_only_inserts_the_new_table(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(BUNDLED_DATASET.parent, tmp_path / "copy")
    path = tmp_path / "copy" / BUNDLED_DATASET.name
    original = path.read_text(encoding="utf-8")
    notes = tmp_path / "n.txt"
    notes.write_text("Notes.\n", encoding="utf-8")
    add_source(path, notes, SourceFields(id="my-notes"), today=datetime.date(2026, 12, 2))
    digest = hashlib.sha256(b"Notes.\n").hexdigest()
    block = ('[[sources]]\nid = "my-notes"\ntitle = "n"\nsnapshot = "sources/my-notes.txt"\n'
             f'retrieved = "2026-12-02"\nsha256 = "{digest}"\n\n')
    text = path.read_text(encoding="utf-8")
    assert text.count(block) == 1 and text.replace(block, "") == original
    # right after the last source's table, before the comment that opens the next section
    last_source = f'id = "{tomlkit.parse(original)["sources"][-1]["id"]}"'
    next_comment = original.index("\n#", original.index(last_source)) + 1
    assert text.index(block) == next_comment
    assert len(load_dataset(path).sources) == len(load_dataset(BUNDLED_DATASET).sources) + 1
