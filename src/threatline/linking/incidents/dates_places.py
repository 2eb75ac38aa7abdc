"""Dates and places as incident linking compares them: pure helpers over records.

Dates are compared as a :data:`Span` (start, end; either may be open): whether
two spans lie within a tolerance of each other (:func:`within`), overlap
(:func:`overlaps`), or, for a date known only to fall before publication, how it
is closed at a lookback (:func:`recent_span`). Places are compared by distance
(:func:`km_apart`) only when both are points: :func:`country_level` and
:func:`area_level` tell a country, state or region, whose gazetteer point is no
place of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache

from threatline.analysis.places.gazetteer import AREA_FEATURES, load_gazetteer
from threatline.analysis.places.geodesy import distance_km
from threatline.models import Location, TimeInterval

Span = tuple[dt.date | None, dt.date | None]

IsCoarse = Callable[[Location], bool]
"""Whether a location names a whole country (or larger), so only its country can be compared."""


def span_of(t: TimeInterval | None) -> Span:
    """An interval's (start, end); (None, None) for no interval."""
    if t is None:
        return None, None
    return t.start, t.end


def undated(interval: TimeInterval | None) -> bool:
    """Whether an interval says nothing about when (no start and no end)."""
    return interval is None or (interval.start is None and interval.end is None)


def within(a: Span, b: Span, tolerance: dt.timedelta) -> bool:
    """Whether neither span ends more than ``tolerance`` before the other starts."""
    (s1, e1), (s2, e2) = a, b
    return not (
        (e1 is not None and s2 is not None and e1 + tolerance < s2)
        or (e2 is not None and s1 is not None and e2 + tolerance < s1)
    )


def recent_span(interval: TimeInterval | None, lookback: dt.timedelta) -> Span:
    """An interval's (start, end), an open start closed at ``lookback`` before its end."""
    if interval is None:
        return None, None
    start, end = interval.start, interval.end
    if start is None and end is not None:
        start = end - lookback
    return start, end


def overlaps(a: TimeInterval, b: TimeInterval) -> bool:
    """Whether two intervals share a day (open ends overlap everything on their side)."""
    (s1, e1), (s2, e2) = span_of(a), span_of(b)
    return not (
        (e1 is not None and s2 is not None and e1 < s2) or (e2 is not None and s1 is not None and e2 < s1)
    )


def km_apart(a: Location, b: Location) -> float:
    """Great-circle distance between two locations (a missing coordinate reads as 0)."""
    return distance_km((a.lat or 0.0, a.lon or 0.0), (b.lat or 0.0, b.lon or 0.0))


def country_level(location: Location) -> bool:
    """True when ``location`` has no coordinates or sits on its country's gazetteer point."""
    if location.lat is None or location.lon is None or location.country is None:
        return True
    country = load_gazetteer().country(location.country)
    return (
        country is not None
        and country.lat is not None
        and country.lon is not None
        and abs(country.lat - location.lat) < 0.01
        and abs(country.lon - location.lon) < 0.01
    )


def area_level(location: Location) -> bool:
    """Whether ``location`` is a gazetteer area (state, region, country), not a settlement or site.

    Locations carry no feature, so the gazetteer entry of the same name at the
    same point tells.
    """
    if location.lat is None or location.lon is None or location.name is None:
        return False
    return _area_at(location.name, location.lat, location.lon)


@cache
def _area_at(name: str, lat: float, lon: float) -> bool:
    return any(
        c.feature in AREA_FEATURES
        and c.lat is not None
        and c.lon is not None
        and abs(c.lat - lat) < 0.01
        and abs(c.lon - lon) < 0.01
        for c in load_gazetteer().candidates(name)
    )
