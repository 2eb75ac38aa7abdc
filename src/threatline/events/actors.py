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
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from threatline.events.roles import Refs
from threatline.models import Entity, EntityRef, Place

__all__ = ["artifact_owner", "province_of", "source_children", "speaker"]

_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})


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
    for token in doc:
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
