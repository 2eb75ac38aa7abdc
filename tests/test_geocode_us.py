"""Tests of US place resolution in threatline.analysis.places: datelines, small
towns in the states an article names, and namesakes in other states."""

from __future__ import annotations

import pytest
import spacy

from threatline.analysis.places.geocode import Gazetteer, distance_km, geocode_places
from threatline.models import Place


def _first(nlp: spacy.language.Language, gazetteer: Gazetteer, text: str, name: str) -> Place:
    return next(p for p in geocode_places(nlp(text), gazetteer) if p.text == name)


@pytest.mark.parametrize(
    ("words", "state"),
    [("Ind.", "Indiana"), ("Tenn", "Tennessee"), ("SC", "South Carolina"), ("FLA.", "Florida"),
     ("N.C.", "North Carolina"), ("TEXAS", "Texas"), ("Ohio", "Ohio")],
)  # fmt: skip
def test_us_state_words(gazetteer: Gazetteer, words: str, state: str) -> None:
    found = gazetteer.us_state(words)
    assert found is not None
    assert found.name == state


@pytest.mark.parametrize("words", ["Queens", "XX", "Ontario"])
def test_us_state_unknown_words(gazetteer: Gazetteer, words: str) -> None:
    assert gazetteer.us_state(words) is None


@pytest.mark.parametrize(
    ("text", "name", "point"),
    [
        # an AP dateline: the town in the state it names
        ("Four shot\n\nKOKOMO, Ind. — Four people were shot at a party.", "KOKOMO", (40.49, -86.13)),
        # a postal code, and a town too small for the main index
        ("Shooting\n\nBAMBERG, SC (WIS) – Four people were injured.", "BAMBERG", (33.30, -81.03)),
        # a dateline state decides a namesake named later in the article
        (
            "Mistrial\n\nBRONSON, Fla. - A judge granted a mistrial for the man who fired at the "
            "Williston crab fest.",
            "Williston",
            (29.39, -82.45),
        ),
        # a state named in the text decides a namesake too
        (
            "A man opened fire at a festival in Williston on Saturday. The Florida Highway Patrol "
            "closed the road.",
            "Williston",
            (29.39, -82.45),
        ),
        # a name with one place keeps it, though the dateline or a state before it says another state
        (
            "Shooting\n\nKOKOMO, Ind. — Police said the suspect was arrested in Kalamazoo on Sunday.",
            "Kalamazoo",
            (42.29, -85.59),
        ),
        ("Police said the Ohio man was arrested in Kalamazoo on Sunday.", "Kalamazoo", (42.29, -85.59)),
        # a large city is what its name means, whatever state the article names
        (
            "Shooting\n\nKOKOMO, Ind. — The victim was taken to a hospital in Dayton.",
            "Dayton",
            (39.76, -84.19),
        ),
    ],
)
def test_us_towns_in_the_named_state(
    nlp: spacy.language.Language, gazetteer: Gazetteer, text: str, name: str, point: tuple[float, float]
) -> None:
    place = _first(nlp, gazetteer, text, name)
    assert place.lat is not None
    assert place.lon is not None
    assert distance_km((place.lat, place.lon), point) < 25


@pytest.mark.parametrize(
    ("text", "name", "wrong"),
    [
        # the only Butte the gazetteer knows is in Montana, not North Dakota
        ("A boy died in a hunting accident near Butte in central North Dakota.", "Butte", (46.00, -112.53)),
        # the dateline's state: a name shared by towns elsewhere, none of them there, is not placed
        (
            "Shooting\n\nGRAND FORKS, N.D. — Police said the suspect was arrested in Greenville on Sunday.",
            "Greenville",
            (35.61, -77.37),
        ),
    ],
)
def test_never_a_namesake_in_another_state(
    nlp: spacy.language.Language, gazetteer: Gazetteer, text: str, name: str, wrong: tuple[float, float]
) -> None:
    place = _first(nlp, gazetteer, text, name)
    assert place.lat is None or distance_km((place.lat, place.lon or 0.0), wrong) > 100


@pytest.mark.parametrize(
    "text",
    [
        "FBI — Agents arrested a man in Dallas on Monday.",
        "WARNING — Police in El Paso, Texas, said roads were closed.",
    ],
)
def test_capitals_before_a_dash_are_a_dateline_only_if_they_name_a_town(
    nlp: spacy.language.Language, gazetteer: Gazetteer, text: str
) -> None:
    head = text.split(" —", maxsplit=1)[0]
    places = [p for p in geocode_places(nlp(text), gazetteer) if p.text == head]
    assert all(p.lat is None for p in places)
