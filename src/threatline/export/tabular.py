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

from threatline.models import Article, EntityRef, Event, Incident, Story

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


def _who_where(record: Event | Incident) -> dict[str, Any]:
    """The actor, recipient and place columns shared by events and incidents."""
    actor, recipient, location = record.actor, record.recipient, record.location
    return {
        "actor": actor and (actor.name or actor.text),
        "actor_id": actor and actor.entity_id,
        "recipient": recipient and (recipient.name or recipient.text),
        "recipient_id": recipient and recipient.entity_id,
        "place": location and (location.name or location.text),
        "country": location and location.country,
        "lat": location and location.lat,
        "lon": location and location.lon,
    }


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
            **_who_where(e),
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


INCIDENT_COLUMNS = (
    "id",
    "type",
    "mode",
    "actor",
    "actor_id",
    "recipient",
    "recipient_id",
    "place",
    "country",
    "lat",
    "lon",
    "date_start",
    "date_end",
    "date_precision",
    "dead_min",
    "dead_best",
    "dead_max",
    "injured_min",
    "injured_best",
    "injured_max",
    "independent_sources",
    "sources",
    "article_ids",
    "conflicts",
)

STORY_COLUMNS = (
    "id",
    "title",
    "first_seen",
    "last_seen",
    "articles",
    "incidents",
    "article_ids",
    "incident_ids",
)


def incident_rows(incidents: Iterable[Incident]) -> Iterable[dict[str, Any]]:
    """Incidents flattened for CSV; figures as min / best / max columns."""
    for i in incidents:
        yield {
            "id": i.id,
            "type": i.type,
            "mode": "; ".join(i.mode),
            **_who_where(i),
            "date_start": i.date and i.date.start,
            "date_end": i.date and i.date.end,
            "date_precision": i.date and i.date.precision,
            "dead_min": i.dead and i.dead.min,
            "dead_best": i.dead and i.dead.best,
            "dead_max": i.dead and i.dead.max,
            "injured_min": i.injured and i.injured.min,
            "injured_best": i.injured and i.injured.best,
            "injured_max": i.injured and i.injured.max,
            "independent_sources": i.independent_sources,
            "sources": "; ".join(i.sources),
            "article_ids": "; ".join(i.article_ids),
            "conflicts": "; ".join(c.field for c in i.conflicts),
        }


def story_rows(stories: Iterable[Story]) -> Iterable[dict[str, Any]]:
    for s in stories:
        yield {
            "id": s.id,
            "title": s.title,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "articles": len(s.article_ids),
            "incidents": len(s.incident_ids),
            "article_ids": "; ".join(s.article_ids),
            "incident_ids": "; ".join(s.incident_ids),
        }
