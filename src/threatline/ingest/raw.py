"""What readers produce: raw documents before cleaning, and per-input problems.

A reader never raises for bad content: it yields a :class:`Problem` naming the
input and the reason, and carries on with the rest (one broken JSON line never
costs the good ones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(slots=True)
class RawDocument:
    """One article as a reader found it.

    ``text`` is plain text with paragraphs separated by blank lines; readers of
    HTML convert with trafilatura before yielding. ``published`` and ``title``
    are what the source's metadata said, if anything.
    """

    text: str
    origin: str  # the input it came from: a path, a URL, "dump.jsonl:17"
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_how: Literal["metadata", "dateline", "text"] = "metadata"
    source: str | None = None
    author: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (text, reason) found by the reader


@dataclass(slots=True, frozen=True)
class Problem:
    """An input (or part of one) that could not be read, and why, in one line."""

    origin: str
    reason: str
    stage: str = "read"
