"""Web archives (WARC, WARC.gz, ARC) with warcio.

Each successful HTML ``response`` record becomes one document, with the
record's target URI as its URL. A truncated or corrupt archive yields the
documents read so far, then one Problem saying how far reading got.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.detect import GZIP_MAGIC, decode_bytes
from threatline.ingest.readers.html import extract_html
from threatline.ingest.readers.options import ReadOptions

__all__ = ["read_warc"]

_HTML_TYPES = {"text/html", "application/xhtml+xml"}


def _media_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    parts = [part.strip() for part in value.split(";")]
    charset = None
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return parts[0].lower(), charset


def _record_document(
    record: object, number: int, origin: str, options: ReadOptions
) -> RawDocument | Problem | None:
    """The document of one record, a Problem, or ``None`` for records that hold no page."""
    if getattr(record, "rec_type", None) != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    status = record.http_headers.get_statuscode()  # type: ignore[attr-defined]
    media_type, charset = _media_type(record.http_headers.get_header("Content-Type"))  # type: ignore[attr-defined]
    if media_type not in _HTML_TYPES or not str(status).startswith("2"):
        return None
    where = f"{origin}#{number}"
    payload = record.content_stream().read(options.max_bytes + 1)  # type: ignore[attr-defined]
    if len(payload) > options.max_bytes:
        return Problem(where, f"{uri}: record over the {options.max_bytes}-byte limit")
    html = decode_bytes(payload, charset)
    if html is None:
        return Problem(where, f"{uri}: binary content, not text")
    document = extract_html(html, uri, origin=where)
    if document is None:
        return Problem(where, f"{uri}: no article text found in HTML")
    return document


def _gzip_complete(stream: IO[bytes]) -> str | None:
    """Why a seekable gzip stream is damaged, or ``None`` if every member ends properly."""
    stream.seek(0)
    try:
        with gzip.GzipFile(fileobj=stream) as unpacked:
            while unpacked.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as error:
        return " ".join(str(error).split()) or type(error).__name__
    return None


def read_warc(stream: IO[bytes], origin: str, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    """Yield the HTML articles of a WARC/ARC stream (gzip per record or not).

    Documents and record Problems are named ``origin#N`` (N counts records
    from 1). An archive without any HTML response yields one Problem, and a
    truncated one yields what it had, then a Problem: "truncated WARC after N
    records (why)". warcio itself stops quietly at a cut, so the reader checks
    each record's length, the gzip stream and the unread tail itself.
    """
    records = 0
    pages = 0
    damage: str | None = None
    iterator = ArchiveIterator(stream, arc2warc=True)
    try:
        for record in iterator:
            item = _record_document(record, records + 1, origin, options)
            while record.raw_stream.read(1 << 16):
                pass
            if record.raw_stream.limit > 0:
                damage = "last record cut short"
                break
            records += 1
            if item is not None:
                pages += 1
                yield item
    # warcio raises AttributeError on a record header cut in the middle
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as error:
        damage = " ".join(str(error).split())[:120] or type(error).__name__
    if damage is None and stream.seekable():
        end = stream.seek(0, io.SEEK_END)
        if stream.seek(0) == 0 and stream.read(2) == GZIP_MAGIC:
            damage = _gzip_complete(stream)
        if damage is None and iterator.offset < end:
            damage = f"{end - iterator.offset} unreadable bytes after the last record"
    if damage is not None:
        yield Problem(origin, f"truncated WARC after {records} records ({damage})")
    elif records == 0:
        yield Problem(origin, "no WARC records found")
    elif pages == 0:
        yield Problem(origin, f"no HTML responses among {records} WARC records")
