"""Places: offline geocoding of the places an article names.

:func:`geocode_places` (:mod:`~threatline.analysis.places.geocode`) reads the place
mentions (:mod:`~threatline.analysis.places.mentions`), looks them up in the
gazetteer (:mod:`~threatline.analysis.places.gazetteer`), and settles homonyms by
the article's context (:mod:`~threatline.analysis.places.homonyms`); distances
are :mod:`~threatline.analysis.places.geodesy`'s.
"""

from threatline.analysis.places.geocode import (
    Candidate,
    Gazetteer,
    distance_km,
    geocode_places,
    load_gazetteer,
    normalise_name,
)

__all__ = [
    "Candidate",
    "Gazetteer",
    "distance_km",
    "geocode_places",
    "load_gazetteer",
    "normalise_name",
]
