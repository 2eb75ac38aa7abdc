"""Where an event happened: which place of the article is the scene of its trigger.

A news sentence names places for many reasons besides the scene: the actor
("Moscow began air strikes"), the recipient's home, the dateline where the report
was filed. The rules, in order:

* a clause that says "there" and names no place of its own takes the last place
  of the sentence before, country or not;
* a proper name hanging on a settlement noun by "of" ("the town of X",
  ``settlement_nouns`` of ``event_patterns.yaml``) is the scene, with the country
  of a place of the clause when one has it;
* otherwise a place of ``places`` in the trigger's clause, else one in its
  sentence, preferring one outside the actor's and recipient's phrases, one after
  "in/at/near", and one below country level; a place that is itself the whole
  actor phrase is a state acting, not a scene;
* an attack whose sentence names no place takes a town of the sentence before it
  in its paragraph (the scene it continues), a dateline only for news, not for a
  past event the report recalls;
* a GPE/LOC/FAC entity after "in/at/near" in the clause that the geocoder did not
  know is still a place, without coordinates.

Two later rules of :func:`~threatline.events.extract.extract_events` use this
module too: an attack told as news that no nearby sentence places takes the first
town of the article's lead (:func:`scene_place`, ``scene_place_chars``), as an
undated one takes the scene time; an event named again without an antecedent
takes only a place in its own phrase (:func:`own_place`).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from threatline.analysis.places.gazetteer import AREA_FEATURES
from threatline.events.dating import has_verb, previous_sentence
from threatline.events.status import clause_verb
from threatline.models import Location, Place

__all__ = ["location_for", "own_place", "scene_place"]


_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across"})
_AREAS = AREA_FEATURES | {"demonym"}


def _named_settlement(sent: Span, lo: int, hi: int, settlements: frozenset[str]) -> Token | None:
    """A proper name hanging on a settlement noun by "of" ("the town of X") in [lo, hi)."""
    for tok in sent:
        if not lo <= tok.idx < hi or tok.pos_ != "PROPN" or tok.dep_ != "pobj" or tok.head.lower_ != "of":
            continue
        if tok.head.head.lemma_.lower() in settlements:
            return tok
    return None


def _place_score(p: Place, token: Token, taken: list[tuple[int, int]]) -> tuple[int, int, int]:
    assert p.evidence is not None
    doc = token.doc
    span = doc.char_span(p.evidence.start, p.evidence.end, alignment_mode="expand")
    prep = span is not None and span.start > 0 and doc[span.start - 1].lower_ in _PLACE_PREPS
    in_role = any(a <= p.evidence.start < b for a, b in taken)
    return (in_role, not prep, p.feature in ("country", "continent", None))


def location_for(
    token: Token,
    places: Sequence[Place],
    taken: list[tuple[int, int]],
    settlements: frozenset[str],
    *,
    fallback: bool = False,
    history: bool = False,
    actor: tuple[int, int] | None = None,
) -> Location | None:
    """The most specific place of the trigger's clause, else of its sentence.

    Places inside the actor's or recipient's phrase ("Russia launched ...") are
    the last resort; a place after "in/at/near" beats one elsewhere, a city or
    a named settlement ("the town of X in Y province") beats a region or country.
    With ``fallback``, a sentence without places takes those of the sentence
    before it in the same paragraph (the scene it continues); for a past event
    (``history``) not those of a dateline. A place that is the whole ``actor``
    phrase (character offsets) is a state acting, not a scene; a clause that
    says "there" takes the last place of the sentence before, country or not.
    """
    sent = token.sent
    verb = clause_verb(token)
    lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    here = [p for p in _places_in(sent, places) if p.evidence and (p.evidence.start, p.evidence.end) != actor]
    prev = previous_sentence(sent)
    there = any(c.lower_ == "there" and c.dep_ == "advmod" for c in verb.children)
    if not here and there and prev is not None and (told := _places_in(prev, places)):
        return _location(told[-1])
    town = _named_settlement(sent, lo, hi, settlements)
    if town is not None and not any(p.evidence and p.evidence.start == town.idx for p in here):
        within = [p for p in here if p.evidence is not None and lo <= p.evidence.start < hi]
        country = next((p.country for p in within if p.country), None)
        return Location(text=town.text, name=town.text, country=country)
    # a dateline ("LONDON, Aug. 20, 2020 —") says where the report was filed: the
    # place of its news, most often, but not of a past event it recalls
    if not here and fallback and prev is not None and (not history or has_verb(prev)):
        local = [p for p in _places_in(prev, places) if p.feature not in ("country", "continent", None)]
        towns = [p for p in local if p.feature not in _AREAS]  # "SPRINGFIELD, Ill.": the town
        if local:
            return _location((towns or local)[-1])
    if not here:
        # places the geocoder did not know: a GPE/LOC/FAC after "in/at/near" in the clause
        for ent in sent.ents:
            in_clause = ent.label_ in ("GPE", "LOC", "FAC") and lo <= ent.start_char < hi and ent.start > 0
            if in_clause and token.doc[ent.start - 1].lower_ in _PLACE_PREPS:
                return Location(text=ent.text, name=ent.text)
        return None
    clause = [p for p in here if p.evidence is not None and lo <= p.evidence.start < hi]
    pool = clause or here
    return _location(min(pool, key=lambda p: _place_score(p, token, taken)))


def _places_in(sent: Span, places: Sequence[Place]) -> list[Place]:
    lo, hi = sent.start_char, sent.end_char
    return [p for p in places if p.evidence is not None and lo <= p.evidence.start < hi]


def _location(p: Place) -> Location:
    return Location(text=p.text, name=p.name, country=p.country, lat=p.lat, lon=p.lon)


def scene_place(places: Sequence[Place], chars: int) -> Location | None:
    """The first town named within ``chars`` of the article's start, or None."""
    towns = [
        p
        for p in places
        if p.evidence is not None
        and p.evidence.start < chars
        and p.feature not in _AREAS
        and p.feature is not None
        and p.lat is not None
    ]
    return _location(min(towns, key=lambda p: p.evidence.start if p.evidence else 0)) if towns else None


def own_place(token: Token, places: Sequence[Place]) -> Location | None:
    """The first place named inside the phrase of ``token``, or None."""
    lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    inside = [p for p in places if p.evidence is not None and lo <= p.evidence.start < hi]
    if not inside:
        return None
    return _location(inside[0])
