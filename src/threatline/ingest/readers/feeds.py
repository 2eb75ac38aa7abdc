"""RSS and Atom feeds with feedparser.

A feed entry either carries the article (full ``content:encoded`` or a long
summary) or only points at it. :func:`entry_content` makes that choice: an
entry whose content, as text, is at least :data:`MIN_CONTENT_CHARS` long is
read as is; any other entry's link is fetched as an article URL.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import feedparser

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.html import html_to_text

__all__ = ["MIN_CONTENT_CHARS", "entry_content", "read_feed"]

MIN_CONTENT_CHARS = 500


def entry_content(entry: Any) -> str | None:
    """The entry's own article text if it is substantial, else ``None`` (fetch the link).

    The longest of the entry's ``content`` values and its ``summary`` is
    converted from HTML to text; it counts when it has at least
    :data:`MIN_CONTENT_CHARS` characters.
    """
    candidates = [str(part.get("value", "")) for part in entry.get("content", []) or []]
    candidates.append(str(entry.get("summary", "") or ""))
    texts = [html_to_text(candidate) for candidate in candidates if candidate.strip()]
    best = max(texts, key=len, default="")
    return best if len(best) >= MIN_CONTENT_CHARS else None


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_feed(
    content: bytes, origin: str, fetch_article: Callable[[str], Iterator[RawDocument | Problem]]
) -> Iterator[RawDocument | Problem]:
    """Yield one document (or Problem) per entry of an RSS/Atom feed.

    Entries are named ``origin#N`` (N from 1). Entries without substantial
    content are fetched from their link with ``fetch_article`` (the URL reader);
    the entry's title, date, author and the feed's title fill what the page
    itself lacks.
    """
    # bytes, never str: feedparser treats a str as a URL or file name to open
    parsed = feedparser.parse(content)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception", "")).split())
            yield Problem(origin, f"invalid feed XML ({reason})" if reason else "invalid feed XML")
        else:
            yield Problem(origin, "feed has no entries")
        return
    site = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#{number}"
        link = _text(entry.get("link"))
        title, published, author = _text(entry.get("title")), _entry_date(entry), _text(entry.get("author"))
        text = entry_content(entry)
        if text is None and link is None:
            yield Problem(where, "entry has neither substantial content nor a link")
            continue
        if text is not None:
            yield RawDocument(
                text=text,
                origin=where,
                url=link,
                title=title,
                published=published,
                source=site,
                author=author,
                metadata={"feed": origin, "from": "feed-content"},
            )
            continue
        assert link is not None
        for item in fetch_article(link):
            if isinstance(item, RawDocument):
                item.title = item.title or title
                item.published = published or item.published
                item.source = item.source or site
                item.author = item.author or author
                item.metadata.update({"feed": origin, "from": "fetched-link"})
            yield item
