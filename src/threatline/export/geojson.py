"""GeoJSON (RFC 7946) of events or incidents that have coordinates.

Each located record becomes a ``Point`` feature at ``[longitude, latitude]`` (RFC 7946
order) whose properties are flat record fields, so that GIS tools can filter and style
them without parsing nested values. Records without coordinates are skipped and counted
in the foreign member ``threatline:skipped`` of the collection.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from threatline.models import EntityRef, Event, Incident

SKIPPED_MEMBER = "threatline:skipped"


def _name(ref: EntityRef | None) -> str | None:
    if ref is None:
        return None
    return ref.name or ref.text


def _properties(record: Event | Incident) -> dict[str, Any]:
    loc = record.location
    date = record.date
    props: dict[str, Any] = {
        "id": record.id,
        "record": "event" if isinstance(record, Event) else "incident",
        "type": record.type,
        "mode": ",".join(record.mode),
        "actor": _name(record.actor),
        "actor_id": record.actor.entity_id if record.actor else None,
        "recipient": _name(record.recipient),
        "recipient_id": record.recipient.entity_id if record.recipient else None,
        "place": (loc.name or loc.text) if loc else None,
        "country": loc.country if loc else None,
        "date_start": date.start.isoformat() if date and date.start else None,
        "date_end": date.end.isoformat() if date and date.end else None,
        "date_precision": date.precision if date else None,
    }
    if isinstance(record, Event):
        props |= {
            "dead_min": record.dead.min if record.dead else None,
            "dead_max": record.dead.max if record.dead else None,
            "injured_min": record.injured.min if record.injured else None,
            "injured_max": record.injured.max if record.injured else None,
            "status": record.status,
            "confidence": record.confidence,
            "article_ids": record.article_id,
            "independent_sources": None,
        }
    else:
        props |= {
            "dead_min": record.dead.min if record.dead else None,
            "dead_best": record.dead.best if record.dead else None,
            "dead_max": record.dead.max if record.dead else None,
            "injured_min": record.injured.min if record.injured else None,
            "injured_best": record.injured.best if record.injured else None,
            "injured_max": record.injured.max if record.injured else None,
            "independent_sources": record.independent_sources,
            "conflicts": ",".join(c.field for c in record.conflicts),
            "article_ids": ",".join(record.article_ids),
        }
    return props


def geojson_features(records: Iterable[Event | Incident]) -> dict[str, Any]:
    """A FeatureCollection of the located records, plus how many were skipped.

    Coordinates are ``[lon, lat]``; a record is skipped when it has no location, when
    either coordinate is missing, or when they are out of range. Example::

        fc = geojson_features(incidents)
        fc["features"][0]["geometry"]  # {"type": "Point", "coordinates": [37.6, 55.7]}
        fc["threatline:skipped"]       # records without coordinates
    """
    features: list[dict[str, Any]] = []
    skipped = 0
    for record in records:
        loc = record.location
        if (
            loc is None
            or loc.lat is None
            or loc.lon is None
            or not -90.0 <= loc.lat <= 90.0
            or not -180.0 <= loc.lon <= 180.0
        ):
            skipped += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": record.id,
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": _properties(record),
            }
        )
    return {"type": "FeatureCollection", "features": features, SKIPPED_MEMBER: skipped}
