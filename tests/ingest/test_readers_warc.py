from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers import ReadOptions, read_inputs

BODY = (
    "Security forces said on Monday they had foiled a plot to bomb a crowded market in the city centre. "
    "Three suspects were detained and explosives were seized from a rented flat, a spokesman said."
)


def page(number: int) -> bytes:
    paragraphs = "".join(f"<p>{BODY} (Report {number}, part {part}.)</p>" for part in range(3))
    return (
        f"<!DOCTYPE html><html><head><title>Plot foiled {number}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article>{paragraphs}</article></body></html>"
    ).encode()


def write(writer: WARCWriter, record: ArcWarcRecord) -> None:
    writer.write_record(record)
    # warcio buffers the payload in a temporary file to digest it and leaves it open
    record.raw_stream.close()


def make_warc(gzipped: bool, pages: int = 3, extra: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for number in range(1, pages + 1):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://news.example/{number}",
            "response",
            payload=io.BytesIO(page(number)),
            http_headers=headers,
        )
        write(writer, record)
        if extra and number == 1:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            write(
                writer,
                writer.create_warc_record(
                    "https://news.example/logo.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG"),
                    http_headers=image,
                ),
            )
    return buffer.getvalue()


def read(path: Path) -> list[RawDocument | Problem]:
    return list(read_inputs([str(path)], ReadOptions()))


@pytest.mark.parametrize(
    ("gzipped", "name"), [(True, "crawl.warc.gz"), (False, "crawl.warc"), (False, "crawl.dat")]
)
def test_html_responses_become_documents(tmp_path: Path, gzipped: bool, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(make_warc(gzipped))
    items = read(path)
    assert all(isinstance(item, RawDocument) for item in items)
    assert [item.url for item in items if isinstance(item, RawDocument)] == [
        f"https://news.example/{n}" for n in (1, 2, 3)
    ]
    assert [item.origin for item in items] == [f"{path}#1", f"{path}#3", f"{path}#4"]
    first = items[0]
    assert isinstance(first, RawDocument)
    assert first.title == "Plot foiled 1"
    assert "foiled a plot" in first.text


@pytest.mark.parametrize("gzipped", [True, False])
@pytest.mark.parametrize("keep", [0.9, 0.6, 0.99])
def test_truncated_warc_keeps_records_read_and_reports(tmp_path: Path, gzipped: bool, keep: float) -> None:
    data = make_warc(gzipped, pages=4, extra=False)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(data[: int(len(data) * keep)])
    items = read(path)
    *documents, problem = items
    assert all(isinstance(item, RawDocument) for item in documents)
    assert isinstance(problem, Problem)
    assert problem.origin == str(path)
    assert problem.reason.startswith(f"truncated WARC after {len(documents)} records")
    assert len(documents) < 4


def test_warc_without_html_is_a_problem(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    write(writer, writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    path = tmp_path / "x.warc.gz"
    path.write_bytes(buffer.getvalue())
    assert read(path) == [Problem(str(path), "no HTML responses among 1 WARC records")]


def test_garbage_named_warc_is_not_silently_dropped(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"WARC/1.0\r\nthis is not a header block at all")
    items = read(path)
    assert len(items) == 1
    assert isinstance(items[0], Problem)
    assert items[0].reason.startswith("truncated WARC after 0 records")
