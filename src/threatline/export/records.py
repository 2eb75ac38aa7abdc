"""Export any kind of stored record in any format that suits it.

``export(store, kind, fmt, out)`` is what ``threatline export KIND --format FMT``
runs. Not every pair makes sense (a GeoJSON of stories has nothing to place):
:data:`SUPPORTED` lists what each kind can be written as.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from threatline.errors import UsageError
from threatline.export.geojson import geojson_features
from threatline.export.report import html_report
from threatline.export.stix import stix_bundle
from threatline.export.tabular import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    INCIDENT_COLUMNS,
    STORY_COLUMNS,
    article_rows,
    event_rows,
    incident_rows,
    story_rows,
    write_csv,
    write_jsonl,
)
from threatline.models import Analysis, Claim, Entity
from threatline.store.store import EventQuery, IncidentQuery, Store

SUPPORTED: dict[str, tuple[str, ...]] = {
    "articles": ("jsonl", "csv", "stix"),
    "events": ("jsonl", "csv", "stix", "geojson"),
    "incidents": ("jsonl", "csv", "stix", "geojson", "html"),
    "stories": ("jsonl", "csv"),
    "entities": ("jsonl", "csv"),
    "claims": ("jsonl", "csv"),
}

ENTITY_COLUMNS = ("id", "name", "type", "parent", "country", "wikidata", "aliases")
CLAIM_COLUMNS = ("id", "article_id", "quantity", "min", "max", "text", "attributed_to", "evidence")


def check(kind: str, fmt: str) -> None:
    """Raise :class:`UsageError` naming the choices when ``kind`` cannot be written as ``fmt``."""
    if kind not in SUPPORTED:
        raise UsageError(f"cannot export {kind!r}: choose one of {', '.join(SUPPORTED)}")
    if fmt not in SUPPORTED[kind]:
        raise UsageError(f"--format {fmt!r}: {kind} can be exported as {', '.join(SUPPORTED[kind])}")


def entities(store: Store) -> Iterator[Entity]:
    """The distinct entities mentioned across stored analyses, in first-seen order."""
    seen: set[str] = set()
    for analysis in store.analyses():
        for entity in analysis.entities:
            if entity.id not in seen:
                seen.add(entity.id)
                yield entity


def claims(store: Store) -> Iterator[Claim]:
    for analysis in store.analyses():
        yield from analysis.claims


def _analyses_of(store: Store, article_ids: set[str] | None = None) -> list[Analysis]:
    return [a for a in store.analyses() if article_ids is None or a.article.id in article_ids]


def export(
    store: Store,
    kind: str,
    fmt: str,
    out: IO[str],
    *,
    events: EventQuery | None = None,
    incidents: IncidentQuery | None = None,
) -> int:
    """Write the ``kind`` records of ``store`` to ``out`` as ``fmt``; returns how many."""
    check(kind, fmt)
    records: list[Any]
    if kind == "articles":
        if fmt == "stix":
            analyses = _analyses_of(store)
            out.write(stix_bundle(analyses).serialize(pretty=True) + "\n")
            return len(analyses)
        records = list(store.articles())
        return (
            write_jsonl(records, out)
            if fmt == "jsonl"
            else write_csv(article_rows(records), ARTICLE_COLUMNS, out)
        )
    if kind in ("events", "incidents"):
        records = list(store.events(events) if kind == "events" else store.incidents(incidents))
        if fmt == "jsonl":
            return write_jsonl(records, out)
        if fmt == "csv":
            if kind == "events":
                return write_csv(event_rows(records), EVENT_COLUMNS, out)
            return write_csv(incident_rows(records), INCIDENT_COLUMNS, out)
        if fmt == "geojson":
            out.write(json.dumps(geojson_features(records), default=str) + "\n")
            return len(records)
        wanted = (
            {r.article_id for r in records}
            if kind == "events"
            else {a for r in records for a in r.article_ids}
        )
        analyses = _analyses_of(store, wanted)
        if fmt == "stix":
            if kind == "events":
                keep = {r.id for r in records}
                analyses = [
                    a.model_copy(update={"events": [e for e in a.events if e.id in keep]}) for a in analyses
                ]
                out.write(stix_bundle(analyses).serialize(pretty=True) + "\n")
            else:
                out.write(stix_bundle(analyses, records).serialize(pretty=True) + "\n")
        else:
            out.write(html_report(records, analyses, title="Threatline incidents"))
        return len(records)
    if kind == "stories":
        records = list(store.stories())
        return (
            write_jsonl(records, out)
            if fmt == "jsonl"
            else write_csv(story_rows(records), STORY_COLUMNS, out)
        )
    if kind == "entities":
        records = list(entities(store))
        if fmt == "jsonl":
            return write_jsonl(records, out)
        return write_csv((e.model_dump() for e in records), ENTITY_COLUMNS, out)
    records = list(claims(store))
    if fmt == "jsonl":
        return write_jsonl(records, out)
    rows = (
        {
            "id": c.id,
            "article_id": c.article_id,
            "quantity": c.quantity,
            "min": c.value.min,
            "max": c.value.max,
            "text": c.text,
            "attributed_to": "; ".join(r.name or r.text for r in c.attributed_to),
            "evidence": c.evidence.sentence.strip(),
        }
        for c in records
    )
    return write_csv(rows, CLAIM_COLUMNS, out)
