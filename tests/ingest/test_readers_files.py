from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers import ReadOptions, read_inputs
from threatline.ingest.readers.detect import decode_bytes, kind_from_name, sniff_kind

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

ARTICLE = (
    "Militants threatened to attack the capital, officials said on Friday.\n\n"
    "The statement, released on a messaging channel, named three ministers as targets "
    "and warned residents to leave government districts."
)

PAGE = (
    "<!DOCTYPE html><html><head><title>Capital threat</title></head><body><article>"
    + "".join(f"<p>{para}</p>" for para in ARTICLE.split("\n\n")) * 3
    + "</article></body></html>"
)


def read(*paths: Path, options: ReadOptions | None = None) -> list[RawDocument | Problem]:
    return list(read_inputs([str(path) for path in paths], options or ReadOptions()))


def test_seed_directory_gives_five_documents() -> None:
    items = read(SEEDS)
    assert len(items) == 5
    assert all(isinstance(item, RawDocument) for item in items)
    documents = [item for item in items if isinstance(item, RawDocument)]
    assert [Path(doc.origin).name for doc in documents] == sorted(path.name for path in SEEDS.iterdir())
    assert all(doc.url is not None and doc.url.startswith("file:///") for doc in documents)
    assert all(doc.title is None and doc.text.strip() for doc in documents)


def test_text_file_keeps_paragraphs_and_records_file_uri(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"Headline\r\n\r\n\r\n\r\nFirst paragraph.  \r\nStill first.\r\n\r\nSecond.\r\n")
    (item,) = read(path)
    assert isinstance(item, RawDocument)
    assert item.text == "Headline\n\nFirst paragraph.\nStill first.\n\nSecond."
    assert item.url == path.resolve().as_uri()
    assert item.title is None


def test_directory_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "c.md").write_text("three")
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git" / "x.txt").write_text("git")
    texts = [item.text for item in read(tmp_path) if isinstance(item, RawDocument)]
    assert texts == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \r\n", "empty file (only whitespace)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("cut.txt.gz", gzip.compress(ARTICLE.encode() * 20)[:60], "truncated or corrupt gzip"),
    ],
)
def test_unreadable_files_are_problems(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (item,) = read(path)
    assert isinstance(item, Problem)
    assert item.origin == str(path)
    assert item.reason.startswith(reason)


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    assert read(tmp_path / "nope.txt") == [Problem(str(tmp_path / "nope.txt"), "no such file or directory")]


def test_huge_sparse_file_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (item,) = read(path)
    assert item == Problem(str(path), f"file too large ({50 * 1024 * 1024} bytes, limit {20 * 1024 * 1024})")


def test_gzip_bomb_is_refused_after_decompression(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5000))
    (item,) = read(path, options=ReadOptions(max_bytes=1000))
    assert isinstance(item, Problem)
    assert item.reason == "file too large (over the 1000-byte limit once decompressed)"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
def test_legacy_and_bom_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = "The minister’s “warning” came after the café attack — a naïve threat, officials said."
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    (item,) = read(path)
    assert isinstance(item, RawDocument)
    assert item.text == text


def test_html_meta_charset_is_honoured() -> None:
    html = '<html><head><meta charset="iso-8859-7"></head><body><p>Αθήνα</p></body></html>'
    assert decode_bytes(html.encode("iso-8859-7")) == html


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("page.html", PAGE, "html"),
        ("page.txt", PAGE, "html"),  # misleading extension: content wins
        ("page", PAGE, "html"),
        ("dump.ndjson.gz", json.dumps({"text": ARTICLE}), "jsonl"),
        ("dump.data", json.dumps({"text": ARTICLE}), "jsonl"),
        ("notes.md", ARTICLE, "text"),
        ("notes.bin", ARTICLE, "text"),
    ],
)
def test_reader_is_chosen_by_content_then_name(tmp_path: Path, name: str, content: str, kind: str) -> None:
    path = tmp_path / name
    data = content.encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (item,) = read(path)
    assert isinstance(item, RawDocument)
    assert "officials said on Friday" in item.text
    if kind == "html":
        assert item.title == "Capital threat"
    elif kind == "jsonl":
        assert item.origin == f"{path}:1"
    else:
        assert item.text == ARTICLE


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.TXT", ("text", False)),
        ("crawl.warc.gz", ("warc", True)),
        ("feed.atom", ("feed", False)),
        ("dump.json", ("jsonl", False)),
        ("README", (None, False)),
        ("x.tar.gz", (None, True)),
    ],
)
def test_kind_from_name(name: str, expected: tuple[str | None, bool]) -> None:
    assert kind_from_name(name) == expected


@pytest.mark.parametrize(
    ("head", "by_name", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "text", "warc"),
        (b"\xef\xbb\xbf<!doctype html><html>", None, "html"),
        (b"<!-- saved --><html lang='en'>", "jsonl", "html"),
        (b'<?xml version="1.0"?><rss version="2.0">', "text", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', None, "feed"),
        (b'<?xml version="1.0"?><urlset>', None, None),
        (b'{"text": "a"}\n{"text": "b"}\n', None, "jsonl"),
        (b'{"text": "a"}\n', "text", "text"),
        (b"plain words", None, None),
    ],
)
def test_sniff_kind(head: bytes, by_name: str | None, expected: str | None) -> None:
    assert sniff_kind(head, by_name) == expected  # type: ignore[arg-type]
