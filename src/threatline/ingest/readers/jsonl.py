"""JSON Lines dumps: one article per line.

Each line is an object with a non-empty ``text``; ``title``, ``url``,
``published`` (ISO date or date-time), ``source``, ``author`` and ``id`` are
optional. Every other key is kept in ``metadata`` (``id`` too, as
``metadata["id"]``). A broken line yields one Problem named ``file:line`` and
the good lines around it are still read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.text import normalise_text

__all__ = ["parse_published", "read_jsonl"]

_KNOWN = ("text", "title", "url", "published", "source", "author")


def parse_published(value: Any) -> dt.date:
    """The date of an ISO 8601 date or date-time string; ``ValueError`` if it is neither."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {type(value).__name__}")
    cleaned = value.strip()
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        # Python 3.11 reads 'Z' and offsets in fromisoformat
        return dt.datetime.fromisoformat(cleaned).date()


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"'{key}' is not a string")
    return value.strip() or None


def _line_document(line: str, origin: str) -> RawDocument | Problem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Problem(origin, f"invalid JSON ({error.msg} at column {error.colno})")
    if not isinstance(record, dict):
        return Problem(origin, f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        return Problem(origin, f"'text' is {type(text).__name__}, not a string")
    headline_only = not (text or "").strip()
    if headline_only:
        # A record whose body was lost in crawling still reports its headline:
        # keep it (marked), rather than lose the record, when there is one.
        headline = record.get("title")
        if not isinstance(headline, str) or not headline.strip():
            return Problem(origin, "missing or empty 'text' (and no 'title' to stand for it)")
        text = headline
    assert isinstance(text, str)  # narrowed above: a non-empty string either way
    try:
        published = parse_published(record["published"]) if record.get("published") else None
    except (ValueError, TypeError):
        return Problem(origin, f"bad 'published' date {record['published']!r}")
    try:
        title, url, source, author = (
            _optional_str(record, key) for key in ("title", "url", "source", "author")
        )
    except TypeError as error:
        return Problem(origin, str(error))
    metadata = {key: value for key, value in record.items() if key not in _KNOWN}
    if headline_only:
        metadata["body_missing"] = True
    return RawDocument(
        text=normalise_text(text),
        origin=origin,
        url=url,
        title=title,
        published=published,
        source=source,
        author=author,
        metadata=metadata,
    )


def read_jsonl(lines: Iterable[bytes], origin: str) -> Iterator[RawDocument | Problem]:
    """Yield one document or Problem per non-blank line of a JSON Lines stream.

    ``lines`` is consumed lazily (a file object streams); items are named
    ``origin:N`` with N the 1-based line number. Lines must be UTF-8.
    """
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            yield Problem(where, f"not UTF-8 (byte {error.start + 1})")
            continue
        if line.strip():
            yield _line_document(line, where)
