"""STIX 2.1 bundles of analyses and incidents, built with the ``stix2`` library.

Mapping (documented for analysts in ``docs/stix.md``):

- an ``Article`` becomes a ``report`` whose ``object_refs`` name everything read from it;
- an entity of type ``group`` becomes an ``intrusion-set`` (a named, organised adversary);
  persons, organizations, governments, agencies and media become ``identity`` objects;
  places become ``location`` objects;
- an ``Incident`` becomes an ``incident`` (the STIX 2.1 stub, with ``x_threatline_*``
  properties), ``attributed-to`` its actor, ``targets`` its recipient and ``located-at``
  its place; each of its conflicts becomes a ``note``;
- an ``Event`` with a resolved actor and recipient becomes a ``relationship`` (``targets``
  for hostile PLOVER types, ``related-to`` otherwise) carrying its evidence and confidence;
  an event with an unresolved end becomes a ``note`` instead, so no junk identity is made.

Every STIX id is a UUIDv5 of a fixed namespace and the record id, so exporting the same
records twice gives the same ids; ``created``/``modified`` come from the ``timestamp``
argument so that a fixed timestamp gives a byte-identical bundle.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import stix2  # type: ignore[import-untyped]

from threatline.models import Analysis, Article, Entity, EntityRef, Event, Incident, Location

NAMESPACE = uuid.UUID("6f1c1f5e-5a53-4c1e-9d3c-2b7a1e0c4d11")
"""Fixed namespace of Threatline's STIX ids; never change it, or ids change."""

# PLOVER types in which the actor acts against the recipient; the rest are cooperative
# or verbal and map to the neutral ``related-to``.
HOSTILE_TYPES = frozenset({"THREATEN", "COERCE", "ASSAULT", "SANCTION", "ACCUSE", "PROTEST"})

_IDENTITY_CLASS = {
    "person": "individual",
    "organization": "organization",
    "government": "organization",
    "agency": "organization",
    "media": "organization",
}
_SECTORS = {"government": ["government"], "agency": ["government"], "media": ["communications"]}
_UNDATED_LABEL = "published-date-unknown"


def stix_id(stix_type: str, key: str) -> str:
    """The deterministic STIX id of ``key`` (a record id) as an object of ``stix_type``."""
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, f'{stix_type}:{key}')}"


def _confidence(value: float) -> int:
    return max(0, min(100, round(value * 100)))


def _location_key(loc: Location) -> str | None:
    name = (loc.name or loc.text or "").strip().lower()
    if not name and loc.lat is None:
        return None
    return f"{name}|{(loc.country or '').upper()}"


class _Builder:
    """Collects STIX objects by id so that each record is emitted once."""

    def __init__(self, timestamp: dt.datetime, entities: Mapping[str, Entity]) -> None:
        self.ts = timestamp
        self.entities = dict(entities)
        self.objects: dict[str, Any] = {}
        self.locations: dict[str, dict[str, Any]] = {}

    def _common(self) -> dict[str, Any]:
        return {"created": self.ts, "modified": self.ts}

    def _add(self, obj: Any) -> str:
        self.objects.setdefault(obj.id, obj)
        return str(obj.id)

    # -- entities and places ---------------------------------------------------------
    def entity(self, entity_id: str) -> str | None:
        """The STIX id of a known entity, creating its object; ``None`` if unknown."""
        ent = self.entities.get(entity_id)
        if ent is None:
            return None
        refs = []
        if ent.wikidata:
            refs.append(
                {
                    "source_name": "wikidata",
                    "external_id": ent.wikidata,
                    "url": f"https://www.wikidata.org/wiki/{ent.wikidata}",
                }
            )
        if ent.type == "place":
            return self.location(Location(name=ent.name, country=ent.country), key_id=ent.id)
        if ent.type == "group":
            sid = stix_id("intrusion-set", ent.id)
            if sid not in self.objects:
                self._add(
                    stix2.IntrusionSet(
                        id=sid,
                        name=ent.name,
                        aliases=[a for a in ent.aliases if a != ent.name] or None,
                        external_references=refs or None,
                        **self._common(),
                    )
                )
                self._parent(sid, ent)
            return sid
        sid = stix_id("identity", ent.id)
        if sid not in self.objects:
            self._add(
                stix2.Identity(
                    id=sid,
                    name=ent.name,
                    identity_class=_IDENTITY_CLASS.get(ent.type, "unknown"),
                    sectors=_SECTORS.get(ent.type),
                    external_references=refs or None,
                    **self._common(),
                )
            )
            self._parent(sid, ent)
        return sid

    def _parent(self, sid: str, ent: Entity) -> None:
        if ent.parent and ent.parent in self.entities and ent.parent != ent.id:
            parent = self.entity(ent.parent)
            if parent:
                self.relationship("related-to", sid, parent, f"{ent.id}>parent", description="part of")

    def location(self, loc: Location, key_id: str | None = None) -> str | None:
        """The STIX id of a place, or ``None`` if it has neither country nor coordinates."""
        key = _location_key(loc)
        has_point = loc.lat is not None and loc.lon is not None
        if key is None or not (loc.country or has_point):
            return None
        sid = stix_id("location", key)
        props = self.locations.setdefault(sid, {"name": loc.name or loc.text, "country": loc.country})
        if has_point and "latitude" not in props:
            # the first mention with coordinates places it; later ones may be coarser
            props["latitude"], props["longitude"] = loc.lat, loc.lon
        if loc.country and not props.get("country"):
            props["country"] = loc.country
        return sid

    def finish(self) -> list[Any]:
        """Every object built, locations included, sorted by id."""
        for sid, props in self.locations.items():
            clean = {k: v for k, v in props.items() if v is not None}
            self.objects[sid] = stix2.Location(id=sid, **clean, **self._common())
        return [self.objects[k] for k in sorted(self.objects)]

    def ref(self, ref: EntityRef | None) -> str | None:
        if ref is None or ref.entity_id is None:
            return None
        return self.entity(ref.entity_id)

    # -- relations -------------------------------------------------------------------
    def relationship(self, kind: str, source: str, target: str, key: str, **props: Any) -> str:
        sid = stix_id("relationship", f"{key}:{kind}")
        if sid not in self.objects:
            self._add(
                stix2.Relationship(
                    id=sid,
                    relationship_type=kind,
                    source_ref=source,
                    target_ref=target,
                    **{k: v for k, v in props.items() if v is not None},
                    **self._common(),
                )
            )
        return sid

    def note(self, key: str, abstract: str, content: str, refs: list[str], **props: Any) -> str:
        return self._add(
            stix2.Note(
                id=stix_id("note", key),
                abstract=abstract,
                content=content,
                object_refs=refs,
                **props,
                **self._common(),
            )
        )

    def event(self, event: Event, article: Article) -> list[str]:
        """The ids standing for one event: a relationship, or a note when an end is unknown."""
        made: list[str] = []
        actor, recipient = self.ref(event.actor), self.ref(event.recipient)
        place = self.location(event.location) if event.location else None
        evidence = " … ".join(e.sentence.strip() for e in event.evidence)
        summary = _event_summary(event)
        labels = [f"plover:{event.type.lower()}", f"status:{event.status}"]
        labels += [f"mode:{m}" for m in event.mode] + [f"context:{c}" for c in event.context]
        start = event.date.start if event.date else None
        end = event.date.end if event.date else None
        times: dict[str, Any] = {}
        if start:
            times["start_time"] = dt.datetime.combine(start, dt.time(), dt.UTC)
            stop = end if end and end > start else start + dt.timedelta(days=1)
            times["stop_time"] = dt.datetime.combine(stop, dt.time(), dt.UTC)
        if actor and recipient and actor != recipient:
            kind = "targets" if event.type in HOSTILE_TYPES else "related-to"
            made.append(
                self.relationship(
                    kind,
                    actor,
                    recipient,
                    event.id,
                    description=f"{summary}\n\nEvidence: {evidence}",
                    confidence=_confidence(event.confidence),
                    labels=labels,
                    **times,
                )
            )
        else:
            refs = [r for r in (actor, recipient, place) if r]
            if refs:
                made.append(
                    self.note(
                        event.id,
                        summary,
                        f"Evidence: {evidence}" if evidence else summary,
                        refs,
                        labels=labels,
                        confidence=_confidence(event.confidence),
                    )
                )
        made += [r for r in (actor, recipient, place) if r]
        return made

    def incident(self, inc: Incident) -> list[str]:
        """The incident object, its relationships and conflict notes."""
        sid = stix_id("incident", inc.id)
        custom: dict[str, Any] = {
            "x_threatline_type": inc.type,
            "x_threatline_mode": inc.mode or None,
            "x_threatline_independent_sources": inc.independent_sources,
            "x_threatline_sources": inc.sources or None,
        }
        if inc.date and inc.date.start:
            custom["x_threatline_first_date"] = inc.date.start.isoformat()
        if inc.date and inc.date.end:
            custom["x_threatline_last_date"] = inc.date.end.isoformat()
        for name, est in (("dead", inc.dead), ("injured", inc.injured)):
            if est is not None:
                custom[f"x_threatline_{name}"] = est.model_dump(exclude_none=True) or None
        self._add(
            stix2.Incident(
                id=sid,
                name=_incident_name(inc),
                description=_incident_description(inc),
                labels=[f"plover:{inc.type.lower()}"] + [f"mode:{m}" for m in inc.mode],
                allow_custom=True,
                **{k: v for k, v in custom.items() if v is not None},
                **self._common(),
            )
        )
        made = [sid]
        actor, recipient = self.ref(inc.actor), self.ref(inc.recipient)
        place = self.location(inc.location) if inc.location else None
        if actor:
            made += [actor, self.relationship("attributed-to", sid, actor, inc.id)]
        if recipient and recipient != actor:
            made += [recipient, self.relationship("targets", sid, recipient, inc.id)]
        if place:
            made += [place, self.relationship("located-at", sid, place, inc.id)]
        for conflict in inc.conflicts:
            lines = [
                f"- {v.value!s} (source: {v.source or 'unknown'}, article {v.article_id})"
                for v in conflict.values
            ]
            made.append(
                self.note(
                    f"{inc.id}:conflict:{conflict.field}",
                    f"Sources disagree on {conflict.field}",
                    "\n".join(lines),
                    [sid],
                    labels=["conflict", f"field:{conflict.field}"],
                )
            )
        made.append(
            self.note(
                f"{inc.id}:corroboration",
                f"Corroborated by {inc.independent_sources} independent source(s)",
                "Sources: " + (", ".join(inc.sources) or "none named"),
                [sid],
                labels=["corroboration"],
                confidence=min(100, 25 * inc.independent_sources),
            )
        )
        return made


def _ref_name(ref: EntityRef | None) -> str:
    if ref is None:
        return "?"
    return ref.name or ref.text or "?"


def _event_summary(event: Event) -> str:
    mode = f" ({', '.join(event.mode)})" if event.mode else ""
    return f"{event.type}{mode}: {_ref_name(event.actor)} → {_ref_name(event.recipient)} [{event.status}]"


def _incident_name(inc: Incident) -> str:
    mode = f" ({', '.join(inc.mode)})" if inc.mode else ""
    where = f", {inc.location.name or inc.location.text}" if inc.location else ""
    when = f", {inc.date.start.isoformat()}" if inc.date and inc.date.start else ""
    return f"{inc.type}{mode}: {_ref_name(inc.actor)} → {_ref_name(inc.recipient)}{where}{when}"


def _incident_description(inc: Incident) -> str:
    parts = [_incident_name(inc)]
    for name, est in (("Dead", inc.dead), ("Injured", inc.injured)):
        if est is not None:
            parts.append(f"{name}: min {est.min}, best {est.best}, max {est.max}")
    parts.append(f"Independent sources: {inc.independent_sources}")
    return "\n".join(parts)


def _published(article: Article, timestamp: dt.datetime) -> tuple[dt.datetime, bool]:
    if article.published.date is not None:
        return dt.datetime.combine(article.published.date, dt.time(), dt.UTC), True
    return timestamp, False


def stix_bundle(
    analyses: Sequence[Analysis],
    incidents: Sequence[Incident] = (),
    kb_entities: Mapping[str, Entity] | None = None,
    *,
    timestamp: dt.datetime | None = None,
) -> stix2.Bundle:
    """A STIX 2.1 bundle of the analyses (one ``report`` each) and the incidents.

    ``kb_entities`` resolves entity ids that incidents name but no analysis lists.
    ``timestamp`` (default: now, UTC) is the ``created``/``modified`` time of every
    object and the ``published`` time of articles whose date is unknown; those reports
    carry the label ``published-date-unknown``. Ids are deterministic: the same records
    give the same ids, and with the same ``timestamp`` the same bundle.
    """
    ts = (timestamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    known: dict[str, Entity] = dict(kb_entities or {})
    for analysis in analyses:
        for ent in analysis.entities:
            known.setdefault(ent.id, ent)
    builder = _Builder(ts, known)

    by_article: dict[str, list[str]] = {}
    for inc in sorted(incidents, key=lambda i: i.id):
        made = builder.incident(inc)
        for article_id in inc.article_ids:
            by_article.setdefault(article_id, []).extend(made)

    for analysis in sorted(analyses, key=lambda a: a.article.id):
        article = analysis.article
        refs: list[str] = list(by_article.get(article.id, []))
        for ent in analysis.entities:
            sid = builder.entity(ent.id)
            if sid:
                refs.append(sid)
        for place in analysis.places:
            sid = builder.location(
                Location(
                    text=place.text, name=place.name, country=place.country, lat=place.lat, lon=place.lon
                )
            )
            if sid:
                refs.append(sid)
        for event in analysis.events:
            refs += builder.event(event, article)
        refs = sorted(set(refs))
        if not refs:
            # a report must reference at least one object; an empty article adds nothing
            continue
        published, dated = _published(article, ts)
        ext: dict[str, Any] = {"source_name": article.source or "threatline", "external_id": article.id}
        if article.url:
            ext["url"] = article.url
        builder._add(
            stix2.Report(
                id=stix_id("report", article.id),
                name=article.title or article.source or article.url or article.id,
                published=published,
                report_types=["threat-report"],
                object_refs=refs,
                external_references=[ext],
                labels=[f"published-how:{article.published.how}"] + ([] if dated else [_UNDATED_LABEL]),
                **builder._common(),
            )
        )
    objects = builder.finish()
    bundle_key = ",".join(o.id for o in objects)
    return stix2.Bundle(id=f"bundle--{uuid.uuid5(NAMESPACE, bundle_key)}", objects=objects, allow_custom=True)
