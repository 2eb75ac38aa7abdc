"""Records to rows and back: how an :class:`Article` or :class:`Event` is laid
out in the tables of :mod:`threatline.store.schema`, and the clean-up that lets
every backend store the same text (no NUL, VARCHAR lengths respected).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column

from threatline.models import Article, Event, Published, Removal
from threatline.store import schema as s


def utc_now() -> dt.datetime:
    """The current time, timezone-aware (UTC): the stamp of every stored row."""
    return dt.datetime.now(dt.UTC)


def clip(value: str | None, col: Column[Any]) -> str | None:
    """``value`` cut to ``col``'s length: PostgreSQL enforces VARCHAR lengths, SQLite does not."""
    length = getattr(col.type, "length", None)
    return value[:length] if value is not None and length is not None else value


def storable(article: Article) -> Article:
    """The article as every backend stores it alike: NUL, which PostgreSQL text
    cannot hold, becomes U+FFFD, and the source is cut to its column's length."""
    fields = {name: getattr(article, name) for name in ("url", "source", "title", "author", "text")}
    changes: dict[str, Any] = {
        name: value.replace("\x00", "\ufffd") for name, value in fields.items() if value and "\x00" in value
    }
    source = clip(changes.get("source", article.source), s.articles.c.source)
    if source != article.source:
        changes["source"] = source
    published_text = article.published.text
    if published_text and "\x00" in published_text:
        changes["published"] = article.published.model_copy(
            update={"text": published_text.replace("\x00", "\ufffd")}
        )
    return article.model_copy(update=changes) if changes else article


def article_row(article: Article, seq: int) -> dict[str, Any]:
    return {
        "id": article.id,
        "seq": seq,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "published_date": article.published.date,
        "published_precision": article.published.precision,
        "published_how": article.published.how,
        "published_text": article.published.text,
        "language": article.language,
        "text": article.text,
        "removed": [r.model_dump() for r in article.removed],
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind,
        "text_hash": article.text_hash,
        "meta": article.metadata,
        "ingested_at": utc_now(),
    }


def article_from_row(row: Any) -> Article:
    return Article(
        id=row.id,
        url=row.url,
        source=row.source,
        title=row.title,
        author=row.author,
        published=Published(
            date=row.published_date,
            precision=row.published_precision,
            how=row.published_how,
            text=row.published_text,
        ),
        language=row.language,
        text=row.text,
        removed=[Removal(**r) for r in row.removed],
        duplicate_of=row.duplicate_of,
        duplicate_kind=row.duplicate_kind,
        text_hash=row.text_hash,
        metadata=row.meta,
    )


def event_row(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "article_id": event.article_id,
        "type": event.type,
        "status": event.status,
        # index columns only (filters read the payload): a long made-up entity id may be cut
        "actor_id": clip(event.actor.entity_id if event.actor else None, s.events.c.actor_id),
        "recipient_id": clip(event.recipient.entity_id if event.recipient else None, s.events.c.recipient_id),
        "place": event.location.name if event.location else None,
        "date_start": event.date.start if event.date else None,
        "date_end": event.date.end if event.date else None,
        "confidence": event.confidence,
        "payload": event.model_dump(mode="json"),
    }
