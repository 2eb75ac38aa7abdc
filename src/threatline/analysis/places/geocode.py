"""Offline geocoding of the places an article names.

:func:`geocode_places` reads the place mentions of a parsed ``Doc``
(:mod:`threatline.analysis.places.mentions`), resolves each to one entry of
the gazetteer (:mod:`threatline.analysis.places.gazetteer`) by the article's context
(:mod:`threatline.analysis.places.homonyms`), and drops the mentions that are no
place at all: a common word or a word of a person's name whose town lies in
a country the article never names, a venue named after a place ("Jamaica
Hospital"), a street or neighbourhood sharing a far town's name. A name the
gazetteer does not know (a street, a neighbourhood, a village) is placed,
with ``feature="site"`` to mark the point as approximate, at the one city the
article names: on GeoWebNews and the GVA reports such names lie within 161 km
of that city far more often than not. When the article names no city or
several, the name is kept with ``lat``/``lon`` set to ``None``.

US reports add two readings. A dateline in capitals ("KOKOMO, Ind. —",
"ST. LOUIS (AP) —") is read afresh as a town and its state, the town looked up
only inside that state. A state the article names lets small towns of that
state (500 to 15,000 people) compete for a name no large city holds, and a
small town that its own sentence puts in another state ("near Butte in central
North Dakota") takes its namesake there, or no place at all, never the
article's city.

The gazetteer's names and :func:`distance_km` are re-exported here: callers
that only geocode need one import.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from threatline.analysis.doccache import ents_of
from threatline.analysis.nlp import text_of
from threatline.analysis.places.gazetteer import (
    Candidate,
    Gazetteer,
    clean_key,
    common_words,
    load_gazetteer,
    normalise_name,
    town_parts,
)
from threatline.analysis.places.geodesy import distance_km
from threatline.analysis.places.homonyms import (
    add_state_towns,
    article_context,
    best_candidate,
    drop_other_states,
    qualify_by_state,
    stray_alias,
)
from threatline.analysis.places.mentions import Mention, place_mentions
from threatline.ingest.dateline import find_dateline_place
from threatline.models import Evidence, Place

__all__ = ["Candidate", "Gazetteer", "distance_km", "geocode_places", "load_gazetteer", "normalise_name"]

_PART_KM = 50.0
"""How far from the article's city a town may lie and still be the place a
street or neighbourhood of that name means."""


def _person_words(doc: Doc) -> set[str]:
    """Words of the multi-word person names of ``doc`` ("Aden" of "Hassan Aden")."""
    words: set[str] = set()
    for ent in ents_of(doc):
        if ent.label_ == "PERSON" and len(ent) > 1:
            words.update(t.text for t in ent if t.is_alpha and t.text[:1].isupper())
    return words


def _in_person(doc: Doc, mention: Mention) -> bool:
    return any(e.label_ == "PERSON" and e.start_char <= mention.start < e.end_char for e in ents_of(doc))


def _not_a_place(
    doc: Doc, mention: Mention, found: Candidate | None, others: Counter[str], persons: set[str]
) -> bool:
    """Whether a one-word mention is an English word or a person's name, not a place.

    A common word ("Man", "Metro") is read as the town of that name only when
    the town lies in a country the rest of the article names (``others``);
    unknown to the gazetteer, it is never a place ("Easter"). A word of a
    person's name in the article ("Aden" beside "Hassan Aden", "said Jordan"
    tagged as a person) is a place only when it lies in a country the rest of
    the article names.
    """
    key = clean_key(mention.text)
    if " " in key:
        return False
    if key in common_words():
        return found is None or found.country not in others
    if found is None:
        return False
    person = mention.text in persons or _in_person(doc, mention)
    return person and found.country not in others


_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
_NEXT_WORDS = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?(?:\s+([A-Za-z]+))?")
_LAST_WORDS = re.compile(r"([A-Za-z]+)\s+([A-Za-z]+)\s*$")
# an indefinite article, perhaps with one lowercase word, right before a town's name
_ONE_OF = re.compile(r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[a-z]+\s+)?$")


def _names_venue(text: str, mention: Mention) -> bool:
    """Whether a capitalised venue word follows ``mention`` ("Jamaica Hospital", "UK Hospital")."""
    after = _NEXT_WORD.match(text, mention.end)
    return (
        after is not None and after.group(1)[:1].isupper() and after.group(1).lower() in town_parts().venues
    )


def _names_part_of_town(text: str, mention: Mention, *, settlement: bool = True) -> bool:
    """Whether the words around ``mention`` make it a street or a neighbourhood
    ("Garfield Boulevard", "the Lawndale neighborhood", "the 1900 block of West
    Garfield", "Turkey Tree Lane"), not the place of that name.

    For a country or another area (``settlement=False``) only a capitalised
    street word counts: "the U.S. court" and "the Britain section" still name
    the country.
    """
    parts = town_parts()
    following = _NEXT_WORDS.match(text, mention.end)
    words = [w for w in following.groups() if w] if following is not None else []
    if words and settlement and words[0].lower() in parts.after:
        # "a north St. Louis street", "on an Atlanta highway": a street of the town
        return not (words[0] in parts.streets and _ONE_OF.search(text, 0, mention.start) is not None)
    # "Turkey Tree Lane", "Turk and Taylor streets": the name opens a longer street name
    for i, word in enumerate(words):
        if word.lower() not in parts.streets or not (word[:1].isupper() or "and" in words[:i]):
            continue
        if all(w[:1].isupper() or w == "and" for w in words[:i]):
            return True
    if not settlement:
        return False
    before = _LAST_WORDS.search(text[max(0, mention.start - 40) : mention.start])
    return before is not None and f"{before.group(1)} {before.group(2)}".lower() in parts.before


def _sentence_at(doc: Doc, start: int) -> str:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span.sent.text if span is not None else ""


def _dateline_mentions(
    doc: Doc, gazetteer: Gazetteer, mentions: list[Mention]
) -> tuple[list[Mention], str | None, set[int]]:
    """``mentions`` with the town and state of the article's dateline read afresh,
    the postal code of that state (None without one), and the ids of the
    mentions that must stay unplaced.

    A dateline ("KOKOMO, Ind. —", "ROCKFORD (AP) —") is written in capitals
    the entity model often misses or misreads. Its town is looked up among
    the settlements and counties of its state when it names one (small towns
    included); a town the gazetteer lacks there stays unplaced, never a
    namesake elsewhere nor the article's city. Without a state, the capitals
    are a dateline only if the gazetteer knows a settlement of that name
    ("FBI —", "WARNING —" are not). The mentions it replaces are those
    overlapping it.
    """
    text = text_of(doc)
    found = find_dateline_place(text)
    if found is None:
        return mentions, None, set()
    state = gazetteer.us_state(found.region) if found.region is not None else None
    town_text = text[found.start : found.end]
    county = clean_key(town_text).endswith(" county")
    if state is not None and state.admin1 is not None:
        candidates = gazetteer.us_towns(town_text, state.admin1)
    elif found.region is None:
        candidates = [c for c in gazetteer.candidates(town_text) if c.feature == "city"]
        if not candidates:
            return mentions, None, set()
    else:
        return mentions, None, set()  # "QUEENS, Brooklyn -": not a state this reader knows
    if county and not candidates and state is not None:
        candidates = [state]  # a county the data lacks lies, at least, in its state
    fresh = [Mention(found.start, found.end, town_text, _sentence_at(doc, found.start), candidates)]
    if state is not None and found.region_start is not None and found.region_end is not None:
        fresh.append(
            Mention(
                found.region_start,
                found.region_end,
                text[found.region_start : found.region_end],
                _sentence_at(doc, found.region_start),
                [state],
            )
        )
    lo, hi = fresh[0].start, fresh[-1].end
    kept = [m for m in mentions if m.end <= lo or m.start >= hi]
    unplaced = {id(m) for m in fresh if not m.candidates}
    merged = sorted([*kept, *fresh], key=lambda m: m.start)
    return merged, state.admin1 if state is not None else None, unplaced


def _home_city(resolved: list[Candidate]) -> Candidate | None:
    """The one located settlement an article names, or None when it names none or several."""
    cities = {c.id: c for c in resolved if c.feature == "city" and c.lat is not None}
    return next(iter(cities.values())) if len(cities) == 1 else None


def _place_at(text: str, entry: Candidate, feature: str, evidence: Evidence) -> Place:
    """The mention ``text`` placed at a gazetteer entry."""
    return Place(
        text=text,
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        gazetteer_id=entry.id,
        feature=feature,
        evidence=evidence,
    )


def geocode_places(doc: Doc, gazetteer: Gazetteer | None = None, *, demonyms: bool = False) -> list[Place]:
    """The place mentions of ``doc``, each resolved to one gazetteer entry.

    Mentions are spaCy GPE/LOC/FAC entities, ORG spans that name a country or
    region, and capitalised proper-noun runs the gazetteer knows well. Each
    becomes one :class:`~threatline.models.Place` in text order, with
    evidence offsets into ``doc.text``; a name the gazetteer does not know
    keeps ``lat``/``lon`` ``None``. Demonyms ("Russian") always inform the
    country context; with ``demonyms=True`` they are also returned as places
    of their country, with ``feature="demonym"``.
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    mentions, dateline_state, unplaced = _dateline_mentions(doc, gaz, place_mentions(doc, gaz))
    add_state_towns(mentions, article_context(mentions), gaz)
    context = article_context(mentions)
    chosen = {
        id(m): best_candidate(m.candidates, context, clean_key(m.text))
        for m in mentions
        if m.candidates and not m.demonym
    }
    for mention in mentions:
        found = chosen.get(id(mention))
        if found is not None and stray_alias(found, mention, mentions):
            mention.candidates = []
            del chosen[id(mention)]
    text = text_of(doc)
    qualify_by_state(text, mentions, chosen, gaz)
    unplaced |= drop_other_states(mentions, chosen, dateline_state)
    persons = _person_words(doc)
    misread = set()
    for mention in mentions:
        if mention.demonym:
            continue
        others = article_context([m for m in mentions if m.text != mention.text]).countries
        if _not_a_place(doc, mention, chosen.get(id(mention)), others, persons):
            misread.add(id(mention))
            chosen.pop(id(mention), None)
    mentions = [m for m in mentions if id(m) not in misread]
    # A street or neighbourhood that shares a town's name ("the Lawndale
    # neighborhood", "Garfield Boulevard") is not that town: it lies in the
    # article's city unless the town is that city or near it. A venue named
    # after a place ("Jamaica Hospital") is never that place, whatever its kind.
    venues = {id(m) for m in mentions if id(m) in chosen and _names_venue(text, m)}
    parts = venues | {
        id(m)
        for m in mentions
        if id(m) in chosen and _names_part_of_town(text, m, settlement=chosen[id(m)].feature == "city")
    }
    home = _home_city([c for key, c in chosen.items() if key not in parts])
    for mention in mentions:
        found = chosen.get(id(mention))
        if id(mention) not in parts or found is None:
            continue
        near = (
            home is not None
            and found.lat is not None
            and found.lon is not None
            and home.lat is not None
            and home.lon is not None
            and distance_km((found.lat, found.lon), (home.lat, home.lon)) <= _PART_KM
        )
        if not near:
            mention.candidates = []
            del chosen[id(mention)]
    places: list[Place] = []
    for mention in mentions:
        # plural demonyms name people ("Syrians"), never a place
        if mention.demonym == "plural" or (mention.demonym and not demonyms):
            continue
        evidence = Evidence(sentence=mention.sentence, start=mention.start, end=mention.end)
        if not mention.candidates:
            if home is None or id(mention) in unplaced:
                places.append(Place(text=mention.text, evidence=evidence))
            else:
                # a street, building or neighbourhood the gazetteer lacks lies, as
                # far as can be told, in the one settlement the article names
                places.append(_place_at(mention.text, home, "site", evidence))
            continue
        best = chosen.get(id(mention)) or best_candidate(mention.candidates, context, clean_key(mention.text))
        # a demonym ("Syrian") points at its country but is not a place of the event
        places.append(_place_at(mention.text, best, "demonym" if mention.demonym else best.feature, evidence))
    return places
