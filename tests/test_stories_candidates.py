"""Tests of the place evidence of story linking: unresolved place names and located places."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.linking import default_config
from threatline.linking.features import Evidence, analysis_evidence
from threatline.linking.index import StoryState
from threatline.linking.stories import places_agree
from threatline.models import Analysis, Article, Place, Published
from threatline.models import Evidence as Span

DAY = dt.date(2016, 3, 1)
TEXT = "Two men were shot on the West Side of St. Louis late on Monday, police said. " * 30


def _analysis(places: list[Place]) -> Analysis:
    article = Article(
        id="a", title="Two shot", text=TEXT, text_hash="h", published=Published(date=DAY, how="metadata")
    )
    return Analysis(article=article, places=places)


def _span(start: int) -> Span:
    return Span(sentence="x", start=start, end=start + 5)


@pytest.mark.parametrize(
    ("place", "kept"),
    [
        # The geocoder could not resolve it: the name is still evidence two reports share.
        (Place(text="St. Louis", evidence=_span(40)), "st. louis"),
        # Resolved towns are kept by their gazetteer key.
        (
            Place(text="Hartwell", lat=40.0, lon=-75.0, feature="city", gazetteer_id="geonames:9"),
            "geonames:9",
        ),
        # An unresolved name past the lead is background, as a resolved one would be.
        (Place(text="Dunbar", evidence=_span(2000)), None),
        # A country says little about which incident, resolved or not.
        (Place(text="France", feature="country", gazetteer_id="geonames:3"), None),
    ],
)
def test_local_places_of_an_analysis(place: Place, kept: str | None) -> None:
    places = analysis_evidence(_analysis([place])).places
    assert places == ({kept} if kept else set())


def _story(places: set[str], coords: list[tuple[float, float]]) -> StoryState:
    story = StoryState("s", "t", DAY, DAY, [], {}, 1.0)
    story.absorb({}, Evidence(places=frozenset(places), coords=tuple(coords)), keep=10, members=0)
    return story


CHICAGO, SAN_ANTONIO = (41.85, -87.65), (29.42, -98.49)


@pytest.mark.parametrize(
    ("article", "story", "agree"),
    [
        # A shared unresolved name agrees when one side has no located place.
        (Evidence(places=frozenset({"st. louis"})), _story({"st. louis"}, []), True),
        (Evidence(places=frozenset({"st. louis"})), _story({"dunbar"}, []), None),
        # Located on both sides: a bare name two cities both have is no agreement.
        (
            Evidence(places=frozenset({"west side", "geonames:1"}), coords=(CHICAGO,)),
            _story({"west side", "geonames:2"}, [SAN_ANTONIO]),
            False,
        ),
        (
            Evidence(places=frozenset({"geonames:1"}), coords=(CHICAGO,)),
            _story({"geonames:1"}, [SAN_ANTONIO]),
            True,
        ),
        (
            Evidence(places=frozenset({"geonames:1"}), coords=(CHICAGO,)),
            _story({"geonames:5"}, [(41.9, -87.7)]),
            True,
        ),
    ],
)
def test_places_agree(article: Evidence, story: StoryState, agree: bool | None) -> None:
    assert places_agree(article, story, default_config()) is agree
