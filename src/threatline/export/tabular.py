"""JSON Lines and CSV writers.

JSON Lines carries whole records (the shapes of ``models.py``). CSV flattens
them to one row each and is safe to open in a spreadsheet: a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an
apostrophe so that it is never evaluated as a formula (OWASP's advice on CSV
injection).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from pydantic import BaseModel

from threatline.models import Article, EntityRef, Event

FORMATS = ("jsonl", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_jsonl(records: Iterable[BaseModel], out: IO[str]) -> int:
    """Write one JSON object a line; returns the number written."""
    count = 0
    for record in records:
        out.write(record.model_dump_json())
        out.write("\n")
        count += 1
    return count


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    """Write rows under a header of ``columns``; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
        count += 1
    return count


ARTICLE_COLUMNS = (
    "id",
    "url",
    "source",
    "title",
    "published",
    "published_precision",
    "published_how",
    "language",
    "duplicate_of",
    "duplicate_kind",
    "words",
    "removed",
)


def article_rows(articles: Iterable[Article]) -> Iterable[dict[str, Any]]:
    """Articles flattened for CSV (the text itself is left to JSON Lines)."""
    for a in articles:
        yield {
            "id": a.id,
            "url": a.url,
            "source": a.source,
            "title": a.title,
            "published": a.published.date.isoformat() if a.published.date else None,
            "published_precision": a.published.precision if a.published.date else None,
            "published_how": a.published.how,
            "language": a.language,
            "duplicate_of": a.duplicate_of,
            "duplicate_kind": a.duplicate_kind,
            "words": len(a.text.split()),
            "removed": len(a.removed),
        }


EVENT_COLUMNS = (
    "id",
    "article_id",
    "type",
    "mode",
    "context",
    "status",
    "actor",
    "actor_id",
    "recipient",
    "recipient_id",
    "place",
    "country",
    "lat",
    "lon",
    "date_text",
    "date_start",
    "date_end",
    "date_precision",
    "dead_min",
    "dead_max",
    "injured_min",
    "injured_max",
    "attributed_to",
    "claimed_by",
    "confidence",
    "evidence",
)


def _names(refs: Iterable[EntityRef]) -> str:
    return "; ".join(r.name or r.text for r in refs)


def event_rows(events: Iterable[Event]) -> Iterable[dict[str, Any]]:
    """Events flattened for CSV: one row each, lists joined with '; '."""
    for e in events:
        yield {
            "id": e.id,
            "article_id": e.article_id,
            "type": e.type,
            "mode": "; ".join(e.mode),
            "context": "; ".join(e.context),
            "status": e.status,
            "actor": e.actor and (e.actor.name or e.actor.text),
            "actor_id": e.actor and e.actor.entity_id,
            "recipient": e.recipient and (e.recipient.name or e.recipient.text),
            "recipient_id": e.recipient and e.recipient.entity_id,
            "place": e.location and (e.location.name or e.location.text),
            "country": e.location and e.location.country,
            "lat": e.location and e.location.lat,
            "lon": e.location and e.location.lon,
            "date_text": e.date and e.date.text,
            "date_start": e.date and e.date.start,
            "date_end": e.date and e.date.end,
            "date_precision": e.date and e.date.precision,
            "dead_min": e.dead and e.dead.min,
            "dead_max": e.dead and e.dead.max,
            "injured_min": e.injured and e.injured.min,
            "injured_max": e.injured and e.injured.max,
            "attributed_to": _names(e.attributed_to),
            "claimed_by": _names(e.claimed_by),
            "confidence": round(e.confidence, 3),
            "evidence": e.evidence[0].sentence.strip() if e.evidence else None,
        }
