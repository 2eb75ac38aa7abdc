"""Tests of the place evidence of story linking: unresolved place names, located places and their names."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.linking import default_config
from threatline.linking.features import PLACE_NAME, Evidence, analysis_evidence, evidence_keys
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
        (Place(text="St. Louis", evidence=_span(40)), {"st. louis"}),
        # Located towns are kept by their gazetteer key, and by the words of their name.
        (
            Place(text="Hartwell", lat=40.0, lon=-75.0, feature="city", gazetteer_id="geonames:9"),
            {"geonames:9", PLACE_NAME + "hartwell"},
        ),
        (
            Place(text="Deer Lodge", lat=46.4, lon=-112.7, feature="city", gazetteer_id="geonames:8"),
            {"geonames:8", PLACE_NAME + "deer lodge"},
        ),
        # A keyed place without coordinates has no name entry: it cannot be located apart.
        (Place(text="Hartwell", feature="city", gazetteer_id="geonames:9"), {"geonames:9"}),
        # An unresolved name past the lead is background, as a resolved one would be.
        (Place(text="Dunbar", evidence=_span(2000)), set()),
        # A country says little about which incident, resolved or not.
        (Place(text="France", feature="country", gazetteer_id="geonames:3"), set()),
    ],
)
def test_local_places_of_an_analysis(place: Place, kept: set[str]) -> None:
    places = analysis_evidence(_analysis([place])).places
    assert places == kept


def test_place_names_make_no_index_keys() -> None:
    evidence = Evidence(dates=frozenset({DAY}), places=frozenset({"geonames:9", PLACE_NAME + "hartwell"}))
    assert evidence_keys(evidence) == ["@2016-03-01|geonames:9"]


def _story(
    places: set[str], coords: list[tuple[float, float]], vector: dict[str, float] | None = None
) -> StoryState:
    story = StoryState("s", "t", DAY, DAY, [], {}, 1.0)
    story.absorb(vector or {}, Evidence(places=frozenset(places), coords=tuple(coords)), keep=10, members=0)
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


BEEBE, LITTLE_ROCK, AUSTIN = (35.07, -91.88), (34.75, -92.29), (30.27, -97.74)


def _rare(word: str) -> bool:
    return word != "chicago"


@pytest.mark.parametrize(
    ("article", "story", "terms", "agree"),
    [
        # The story's reports name the small town the article located; theirs were located
        # elsewhere (an outlet's home town): one place read two ways, no conflict.
        (
            Evidence(places=frozenset({"geonames:1", "~beebe"}), coords=(BEEBE,)),
            _story({"geonames:2", "~little rock"}, [LITTLE_ROCK], {"beebe": 0.3}),
            {},
            None,
        ),
        # The article names the town the story located, which its own analysis placed elsewhere.
        (
            Evidence(places=frozenset({"geonames:3", "~austin"}), coords=(AUSTIN,)),
            _story({"geonames:1", "~beebe"}, [BEEBE]),
            {"n:beebe": 0.2},
            None,
        ),
        # Every word of a name must be there ("Deer Lodge", not "Deer").
        (
            Evidence(places=frozenset({"geonames:3", "~deer lodge"}), coords=(AUSTIN,)),
            _story({"geonames:1"}, [BEEBE], {"deer": 0.3}),
            {},
            False,
        ),
        # Neither side names the other's towns: distant places conflict.
        (
            Evidence(places=frozenset({"geonames:3", "~austin"}), coords=(AUSTIN,)),
            _story({"geonames:1", "~beebe"}, [BEEBE], {"memphis": 0.3}),
            {"memphis": 0.2},
            False,
        ),
        # A name in many reports (a big city) does not lift a conflict.
        (
            Evidence(places=frozenset({"geonames:3", "~austin"}), coords=(AUSTIN,)),
            _story({"geonames:4", "~chicago"}, [CHICAGO]),
            {"chicago": 0.2},
            False,
        ),
    ],
)
def test_distant_places_named_by_the_other_side(
    article: Evidence, story: StoryState, terms: dict[str, float], agree: bool | None
) -> None:
    assert places_agree(article, story, default_config(), terms, _rare) is agree


@pytest.mark.parametrize(
    ("article", "terms", "agree"),
    [
        # A headline over a sign-up form: nothing located, but it names the story's small town.
        (Evidence(), {"n:beebe": 0.4, "subscriber": 0.2}, True),
        # Every word of the town's name must be there.
        (Evidence(), {"n:little": 0.4}, None),
        # A big city's name is in many reports of other incidents.
        (Evidence(), {"n:chicago": 0.4}, None),
        # An article that located a place of its own is compared by that place.
        (Evidence(places=frozenset({"geonames:3", "~austin"}), coords=(AUSTIN,)), {"n:memphis": 0.4}, False),
    ],
)
def test_unlocated_article_naming_the_story_town(
    article: Evidence, terms: dict[str, float], agree: bool | None
) -> None:
    story = _story({"geonames:1", "~beebe", "~little rock", "geonames:4", "~chicago"}, [BEEBE])
    assert places_agree(article, story, default_config(), terms, _rare) is agree
