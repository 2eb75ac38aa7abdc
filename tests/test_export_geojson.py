"""GeoJSON export: RFC 7946 structure, [lon, lat] order, skipped records counted."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from threatline.export.geojson import SKIPPED_MEMBER, geojson_features
from threatline.models import EntityRef, Estimate, Event, Incident, Location, Quantity, TimeInterval


def _event(eid: str, loc: Location | None) -> Event:
    return Event(
        id=eid,
        article_id="a1",
        type="ASSAULT",
        mode=["firearms", "explosives"],
        actor=EntityRef(text="IS-K", entity_id="is-khorasan", name="IS-K"),
        recipient=EntityRef(text="concert-goers"),
        location=loc,
        date=TimeInterval(
            text="Friday", start=dt.date(2024, 3, 22), end=dt.date(2024, 3, 22), precision="day"
        ),
        dead=Quantity(min=137, max=145),
    )


MOSCOW = Location(name="Moscow", country="RU", lat=55.75, lon=37.62)


@pytest.mark.parametrize(
    ("locations", "features", "skipped"),
    [
        ([MOSCOW], 1, 0),
        ([MOSCOW, None], 1, 1),
        ([Location(name="Nowhere")], 0, 1),
        ([Location(name="Half", lat=10.0)], 0, 1),
        ([Location(name="Bad", lat=120.0, lon=10.0)], 0, 1),
        ([], 0, 0),
    ],
)
def test_counts(locations: list[Location | None], features: int, skipped: int) -> None:
    fc = geojson_features([_event(f"e{i}", loc) for i, loc in enumerate(locations)])
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == features
    assert fc[SKIPPED_MEMBER] == skipped


def test_point_is_lon_lat_and_properties_are_flat() -> None:
    fc = geojson_features([_event("e1", MOSCOW)])
    feature = fc["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.62, 55.75]}
    props = feature["properties"]
    assert props["actor"] == "IS-K"
    assert props["recipient"] == "concert-goers"
    assert props["mode"] == "firearms,explosives"
    assert props["date_start"] == "2024-03-22"
    assert props["dead_min"] == 137
    assert all(not isinstance(v, (dict, list)) for v in props.values())
    json.dumps(fc)  # serialisable as is


def test_incident_properties() -> None:
    inc = Incident(
        id="inc-1",
        type="ASSAULT",
        location=MOSCOW,
        dead=Estimate(min=133, best=137, max=145),
        article_ids=["a1", "a2"],
        independent_sources=2,
    )
    props = geojson_features([inc])["features"][0]["properties"]
    assert props["record"] == "incident"
    assert (props["dead_min"], props["dead_best"], props["dead_max"]) == (133, 137, 145)
    assert props["independent_sources"] == 2
    assert props["article_ids"] == "a1,a2"
