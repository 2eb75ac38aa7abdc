from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.jsonl import parse_published, read_jsonl


def lines(*rows: str) -> io.BytesIO:
    return io.BytesIO("\n".join(rows).encode("utf-8") + b"\n")


def test_good_lines_become_documents_with_metadata() -> None:
    row = {
        "id": "a-1",
        "text": "Gunmen attacked a checkpoint.\r\n\r\n\r\nTwo soldiers were hurt.",
        "title": "Checkpoint attack",
        "url": "https://news.example/a1",
        "published": "2024-03-26T14:11:00-04:00",
        "source": "Example News",
        "lang": "en",
    }
    (item,) = read_jsonl(lines(json.dumps(row)), "dump.jsonl")
    assert isinstance(item, RawDocument)
    assert item.text == "Gunmen attacked a checkpoint.\n\nTwo soldiers were hurt."
    assert item.origin == "dump.jsonl:1"
    assert (item.title, item.url, item.source) == (
        "Checkpoint attack",
        "https://news.example/a1",
        "Example News",
    )
    assert item.published == dt.date(2024, 3, 26)
    assert item.metadata == {"id": "a-1", "lang": "en"}


@pytest.mark.parametrize(
    ("line", "reason_start"),
    [
        ('{"text": "x" "title": 1}', "invalid JSON (Expecting ','"),
        ("[1, 2]", "not a JSON object but list"),
        ('"just a string"', "not a JSON object but str"),
        ('{"title": " "}', "missing or empty 'text'"),
        ('{"text": "   "}', "missing or empty 'text'"),
        ('{"text": 5}', "'text' is int, not a string"),
        ('{"text": "ok", "published": "last Tuesday"}', "bad 'published' date 'last Tuesday'"),
        ('{"text": "ok", "published": 20240326}', "bad 'published' date 20240326"),
        ('{"text": "ok", "title": ["a"]}', "'title' is not a string"),
    ],
)
def test_broken_line_is_one_problem_and_good_lines_survive(line: str, reason_start: str) -> None:
    good = json.dumps({"text": "A good article."})
    items = list(read_jsonl(lines(good, line, "", good), "dump.jsonl"))
    assert [type(item) for item in items] == [RawDocument, Problem, RawDocument]
    problem = items[1]
    assert isinstance(problem, Problem)
    assert problem.origin == "dump.jsonl:2"
    assert problem.reason.startswith(reason_start)
    assert items[2].origin == "dump.jsonl:4"


def test_headline_only_record_is_kept_and_marked() -> None:
    (item,) = read_jsonl(lines(json.dumps({"title": "Two hurt in shooting", "text": ""})), "d.jsonl")
    assert isinstance(item, RawDocument)
    assert (item.text, item.metadata) == ("Two hurt in shooting", {"body_missing": True})


def test_invalid_utf8_line_is_a_problem() -> None:
    stream = io.BytesIO(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    first, second = read_jsonl(stream, "d.jsonl")
    assert first == Problem("d.jsonl:1", "not UTF-8 (byte 14)")
    assert isinstance(second, RawDocument)


def test_bom_on_first_line_is_ignored() -> None:
    (item,) = read_jsonl(io.BytesIO(b'\xef\xbb\xbf{"text": "with bom"}\n'), "d.jsonl")
    assert isinstance(item, RawDocument)


def test_reading_is_lazy() -> None:
    def endless() -> object:
        number = 0
        while True:
            number += 1
            yield json.dumps({"text": f"article {number}"}).encode()

    stream = read_jsonl(endless(), "stream")  # type: ignore[arg-type]
    assert [next(stream).origin for _ in range(3)] == ["stream:1", "stream:2", "stream:3"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-26", dt.date(2024, 3, 26)),
        ("2024-03-26T23:30:00Z", dt.date(2024, 3, 26)),
        (" 2016-08-03 10:00:00 ", dt.date(2016, 8, 3)),
    ],
)
def test_parse_published(value: str, expected: dt.date) -> None:
    assert parse_published(value) == expected
