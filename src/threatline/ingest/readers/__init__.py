"""Input readers: files, directories, JSON Lines, HTML, WARC, feeds and URLs.

:func:`read_inputs` is the one entry point; it yields a
:class:`~threatline.ingest.raw.RawDocument` per article found and a
:class:`~threatline.ingest.raw.Problem` per input (or part of one) that could
not be read. It never raises for bad content.

Example::

    for item in read_inputs(["dump.jsonl", "pages/", "https://example.org/feed.xml"], ReadOptions()):
        ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.dispatch import read_url
from threatline.ingest.readers.files import read_path
from threatline.ingest.readers.html import extract_html
from threatline.ingest.readers.options import DEFAULT_USER_AGENT, ReadOptions

__all__ = ["DEFAULT_USER_AGENT", "ReadOptions", "extract_html", "read_inputs"]


def read_inputs(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[RawDocument | Problem]:
    """Yield the documents and problems of each input in turn.

    An input is an ``http://`` or ``https://`` URL, a file, or a directory
    (read recursively, sorted, hidden files skipped); a ``file:`` URI is read
    as a path.
    """
    options = options or ReadOptions()
    for raw in inputs:
        name = raw.strip()
        lowered = name.lower()
        if lowered.startswith(("http://", "https://")):
            yield from read_url(name, options)
        elif lowered.startswith("file:"):
            yield from read_path(Path(unquote(urlsplit(name).path)), options)
        elif name:
            yield from read_path(Path(name), options)
        else:
            yield Problem(repr(raw), "empty input name")
