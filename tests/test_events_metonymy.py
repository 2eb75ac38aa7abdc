"""A capital that acts stands for its state's government; a capital as a place stays a place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.tokens import Doc

from threatline.analysis.kb import KnowledgeBase, default_kb
from threatline.analysis.nlp import load_pipeline
from threatline.analysis.places.gazetteer import load_gazetteer
from threatline.events.actors import capital_state, capitals
from threatline.events.roles import Refs
from threatline.extract import extract
from threatline.models import EntityRef, Event, Evidence, Place

PUBLISHED = dt.date(2024, 3, 25)


def _events(sentence: str) -> list[Event]:
    return extract("Report\n\n" + sentence, published=PUBLISHED).events


def _city_at_start(doc: Doc, text: str, city: str, country: str) -> Place:
    """The geocoder's place for the first word of ``doc`` (written ``text``): the gazetteer's ``city``."""
    found = next(c for c in load_gazetteer().candidates(city) if c.country == country)
    at = Evidence(sentence=doc.text, start=0, end=len(text))
    return Place(text=text, name=city, country=country, gazetteer_id=found.id, feature="city", evidence=at)


def _of_type(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert found, f"no {type_} event in {[e.type for e in events]}"
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "type_", "written", "government"),
    [
        ("Kyiv has denied any involvement in the attack.", "REJECT", "Kyiv", "ukrainian-government"),
        ("Moscow launched air strikes in Syria last week.", "ASSAULT", "Moscow", "russian-government"),
        ("Moscow's air strikes killed dozens in Aleppo.", "ASSAULT", "Moscow", "russian-government"),
        ("Washington warned Tehran against retaliation.", "THREATEN", "Washington", "us-government"),
        ("New Delhi rejected the report.", "REJECT", "New Delhi", "indian-government"),
        ("Seoul condemned the missile launch.", "ACCUSE", "Seoul", "south-korean-government"),
        ("Moscow, however, denied any role in the attack.", "REJECT", "Moscow", "russian-government"),
    ],
)
def test_acting_capital_is_its_government(sentence: str, type_: str, written: str, government: str) -> None:
    event = _of_type(_events(sentence), type_)
    assert event.actor is not None
    assert event.actor.text == written
    assert event.actor.entity_id == government
    assert event.actor.name == default_kb().entity(government).name


def test_capital_as_recipient_is_untouched() -> None:
    threat = _of_type(_events("Washington warned Tehran against retaliation."), "THREATEN")
    assert threat.recipient is not None
    assert threat.recipient.entity_id != "iranian-government"


@pytest.mark.parametrize(
    ("sentence", "type_"),
    [
        # the scene of an attack, not its author
        ("A bomb exploded in Moscow, killing five people.", "ASSAULT"),
        ("Gunmen attacked a checkpoint in Kyiv on Monday.", "ASSAULT"),
        # a modifier names where: the city's police, a rocket that fell there, not the state
        ("Moscow police arrested two men.", "COERCE"),
        ("A Kabul rocket killed two soldiers.", "ASSAULT"),
        # a protest is the city's crowds
        ("Beijing protested the arrests.", "PROTEST"),
        # a dateline names where the report was filed
        ("Moscow, Russia – Denied any role in the attack, the ministry said.", "REJECT"),
        # a city that is no capital is never a state
        ("Saint Petersburg has denied any involvement.", "REJECT"),
    ],
)
def test_capital_as_place_stays_a_place(sentence: str, type_: str) -> None:
    events = _events(sentence)
    _of_type(events, type_)
    governments = {e.id for e in default_kb() if e.type == "government"}
    assert all(e.actor is None or e.actor.entity_id not in governments for e in events)


def test_capital_stays_a_place_in_its_event_location() -> None:
    attack = _of_type(_events("A bomb exploded in Moscow, killing five people."), "ASSAULT")
    assert attack.location is not None
    assert attack.location.name == "Moscow"


@pytest.mark.parametrize(
    ("city", "country"), [("Kyiv", "UA"), ("New Delhi", "IN"), ("Washington", "US"), ("Moscow", "RU")]
)
def test_capitals_come_from_the_gazetteer(city: str, country: str) -> None:
    ids = [c.id for c in load_gazetteer().candidates(city) if c.country == country and c.feature == "city"]
    assert capitals().get(ids[0]) == country


@pytest.mark.parametrize("city", ["Saint Petersburg", "Chicago", "Mumbai", "Kharkiv"])
def test_other_cities_are_no_capitals(city: str) -> None:
    ids = {c.id for c in load_gazetteer().candidates(city)}
    assert ids
    assert not ids & set(capitals())


@pytest.mark.parametrize(
    ("country", "government"),
    [
        ("UA", "ukrainian-government"),
        ("RU", "russian-government"),  # never the Chechen government, a child of it
        ("US", "us-government"),
        ("KR", "south-korean-government"),
        ("ZZ", None),
    ],
)
def test_government_of_country(country: str, government: str | None) -> None:
    found = default_kb().government_of_country(country)
    assert (found.id if found is not None else None) == government


def test_a_country_without_a_government_keeps_its_capital(tmp_path: Path) -> None:
    kb_file = tmp_path / "kb.yaml"
    kb_file.write_text(
        "entities:\n- {id: ukraine, name: Ukraine, type: place, country: UA}\n", encoding="utf-8"
    )
    bare = KnowledgeBase.load([kb_file], include_default=False)
    doc = load_pipeline()("Kyiv has denied any involvement.")
    head = doc[0]
    place = _city_at_start(doc, "Kyiv", "Kyiv", "UA")
    ref = EntityRef(text="Kyiv")
    assert capital_state(head, ref, "REJECT", Refs([], [], bare), [place]) == ref
    with_government = capital_state(head, ref, "REJECT", Refs([], [], default_kb()), [place])
    assert with_government.entity_id == "ukrainian-government"
    assert with_government.text == "Kyiv"
    # without a geocoded place at the head, nothing says the word is the capital
    assert capital_state(head, ref, "REJECT", Refs([], [], default_kb()), []) == ref


def test_a_name_placed_in_a_capital_by_context_is_no_capital() -> None:
    # a geocoder may put a surname in the article's capital; the words must name the city
    doc = load_pipeline()("Mamo has denied any involvement.")
    place = _city_at_start(doc, "Mamo", "London", "GB")
    ref = EntityRef(text="Mamo")
    assert capital_state(doc[0], ref, "REJECT", Refs([], [], default_kb()), [place]) == ref
    as_written = place.model_copy(update={"text": "London"})
    london_doc = load_pipeline()("London has denied any involvement.")
    found = capital_state(london_doc[0], EntityRef(text="London"), "REJECT", Refs([], []), [as_written])
    assert found.entity_id == "uk-government"
