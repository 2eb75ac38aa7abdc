"""Files and directories: find the files, check their size, pick their reader.

A directory is walked recursively in sorted order (the same tree always
yields the same sequence), skipping hidden files and folders. A file's kind
comes from its first bytes and its name (see :mod:`.detect`); ``.gz`` wraps
any kind. Every document read from a file has its location as a ``file:``
URI in ``url`` unless the content names its own URL (a JSONL line, a WARC
record, a feed entry).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.detect import GZIP_MAGIC, is_binary, kind_from_name, sniff_kind
from threatline.ingest.readers.dispatch import read_content
from threatline.ingest.readers.jsonl import read_jsonl
from threatline.ingest.readers.options import ReadOptions
from threatline.ingest.readers.warc import read_warc

__all__ = ["iter_files", "read_file", "read_path"]

_HEAD = 64 * 1024


def iter_files(directory: Path) -> Iterator[Path]:
    """The non-hidden files under ``directory``, depth first, names sorted."""
    for child in sorted(directory.iterdir(), key=lambda path: path.name):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from iter_files(child)
        elif child.is_file():
            yield child


def read_path(path: Path, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    """Yield the documents of a file, or of every file under a directory."""
    origin = str(path)
    if path.is_dir():
        found = False
        for file in iter_files(path):
            found = True
            yield from read_file(file, options)
        if not found:
            yield Problem(origin, "directory holds no readable files")
    elif path.exists():
        yield from read_file(path, options)
    else:
        yield Problem(origin, "no such file or directory")


def _read_limited(path: Path, compressed: bool, limit: int) -> bytes:
    """The file's (decompressed) bytes; ``ValueError`` past ``limit``, ``EOFError`` if cut short."""
    opener = gzip.open if compressed else open
    with opener(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"over the {limit}-byte limit once decompressed")
    return data


def _gzip_reason(error: Exception) -> str:
    return f"truncated or corrupt gzip ({' '.join(str(error).split()) or type(error).__name__})"


def read_file(path: Path, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    """Yield the documents of one file, or one Problem saying why it cannot be read."""
    origin = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(2)
    except OSError as error:
        yield Problem(origin, f"cannot open ({error.strerror or error})")
        return
    if size == 0:
        yield Problem(origin, "empty file")
        return
    # checked on the size on disk, before anything is read into memory
    if size > options.max_bytes:
        yield Problem(origin, f"file too large ({size} bytes, limit {options.max_bytes})")
        return
    by_name, _ = kind_from_name(path.name)
    compressed = magic == GZIP_MAGIC
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
        if compressed:
            # a partial decompression, so that a cut-short file still shows its kind
            head = zlib.decompressobj(wbits=31).decompress(head, _HEAD)
    except (OSError, zlib.error) as error:
        yield Problem(origin, _gzip_reason(error))
        return
    if not head:
        yield Problem(origin, "empty file")
        return
    kind = sniff_kind(head, by_name)
    url = path.resolve().as_uri()
    if kind == "warc":
        with path.open("rb") as handle:
            yield from read_warc(handle, origin, options)
        return
    if is_binary(head):
        yield Problem(origin, "binary file, not text")
        return
    if kind == "jsonl":
        yield from _read_jsonl_file(path, compressed, origin)
        return
    try:
        content = _read_limited(path, compressed, options.max_bytes)
    except ValueError as error:
        yield Problem(origin, f"file too large ({error})")
        return
    except (EOFError, OSError, zlib.error) as error:
        yield Problem(origin, _gzip_reason(error))
        return
    yield from read_content(content, kind or "text", origin=origin, url=url, options=options)


def _read_jsonl_file(path: Path, compressed: bool, origin: str) -> Iterator[RawDocument | Problem]:
    """Stream a JSON Lines file line by line; a gzip cut short ends with one Problem."""
    opener = gzip.open if compressed else open
    count = 0
    try:
        with opener(path, "rb") as handle:
            for item in read_jsonl(handle, origin):
                count += 1
                yield item
    except (EOFError, OSError, zlib.error) as error:
        yield Problem(origin, f"{_gzip_reason(error)} after {count} lines")
