"""Plain-text articles: the whole text, paragraphs kept.

Title and date are left to the cleaner, which picks the headline after
boilerplate removal and reads datelines; a text file has no metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from threatline.ingest.raw import Problem, RawDocument

__all__ = ["normalise_text", "read_text"]

_BLANK_RUN = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Unify line ends, drop trailing spaces, and keep one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def read_text(text: str, origin: str, url: str | None) -> Iterator[RawDocument | Problem]:
    """Yield one document holding the whole text, or a Problem if it is blank."""
    body = normalise_text(text)
    if not body.strip():
        yield Problem(origin, "empty file (only whitespace)")
        return
    yield RawDocument(text=body, origin=origin, url=url)
