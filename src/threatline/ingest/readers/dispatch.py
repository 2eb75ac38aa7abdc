"""Route bytes in memory (a small file, a download) and URLs to the reader of their kind."""

from __future__ import annotations

import io
from collections.abc import Iterator

from threatline.errors import FetchError
from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.detect import Kind, decode_bytes, is_binary
from threatline.ingest.readers.feeds import read_feed
from threatline.ingest.readers.html import read_html_text
from threatline.ingest.readers.jsonl import read_jsonl
from threatline.ingest.readers.options import ReadOptions
from threatline.ingest.readers.text import read_text
from threatline.ingest.readers.warc import read_warc
from threatline.ingest.readers.web import fetch, kind_from_content_type

__all__ = ["read_content", "read_url"]


def read_content(
    content: bytes,
    kind: Kind,
    *,
    origin: str,
    url: str | None,
    options: ReadOptions,
    charset: str | None = None,
) -> Iterator[RawDocument | Problem]:
    """Yield the documents of ``content`` read as ``kind``; ``charset`` is a declared encoding, if any."""
    if kind == "warc":
        yield from read_warc(io.BytesIO(content), origin, options)
        return
    if kind == "jsonl":
        yield from read_jsonl(io.BytesIO(content), origin)
        return
    if kind == "feed":
        yield from read_feed(content, origin, lambda link: read_url(link, options))
        return
    text = decode_bytes(content, charset)
    if text is None:
        yield Problem(origin, "binary file, not text (no text encoding fits)")
        return
    if kind == "html":
        yield from read_html_text(text, origin, url)
    else:
        yield from read_text(text, origin, url)


def read_url(url: str, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    """Fetch ``url`` and yield what the reader of its content type makes of it, or one Problem.

    HTML goes to the HTML reader, RSS/Atom to the feed reader, ``text/plain``
    to the text reader; the documents' ``url`` is the final URL after redirects.
    """
    try:
        fetched = fetch(url, options)
    except FetchError as error:
        yield Problem(url, str(error))
        return
    if not fetched.content.strip():
        yield Problem(url, "empty response")
        return
    kind = kind_from_content_type(fetched.media_type, fetched.content)
    if kind is None:
        yield Problem(url, f"unsupported content type {fetched.media_type}")
        return
    if kind != "warc" and is_binary(fetched.content[:8192]):
        yield Problem(url, "binary content, not text")
        return
    yield from read_content(
        fetched.content, kind, origin=url, url=fetched.url, options=options, charset=fetched.charset
    )
