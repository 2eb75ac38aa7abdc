"""Who claimed an attack: responsibility claims and the assault each one is about.

A responsibility claim ("responsibility was claimed by X", "X claimed
responsibility", ``responsibility`` of ``event_patterns.yaml``) is given to the
ASSAULT of its sentence, else the last ASSAULT before it, as ``claimed_by``;
that assault also takes X as actor when its own actor is not a known entity. A
denial ("no group has claimed responsibility", "nobody claimed it") names no
one, and a negated claim is none.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from threatline.analysis.doccache import tokens_of
from threatline.events.draft import Draft
from threatline.events.ontology import EventPatterns
from threatline.events.roles import Refs
from threatline.models import EntityRef

__all__ = ["apply_claims", "responsibility_claims"]


def responsibility_claims(doc: Doc, refs: Refs, patterns: EventPatterns) -> list[tuple[Token, EntityRef]]:
    """(claim verb, claimant) for every positive responsibility claim of ``doc``."""
    found: list[tuple[Token, EntityRef]] = []
    rc = patterns.responsibility
    for token in tokens_of(doc):
        if token.lemma_.lower() not in rc.verbs or token.pos_ != "VERB":
            continue
        kids = list(token.children)
        if any(k.dep_ == "neg" for k in kids):
            continue
        claimant: Token | None = None
        if any(k.dep_ == "dobj" and k.lemma_.lower() in rc.nouns for k in kids):
            claimant = next((k for k in kids if k.dep_ == "nsubj"), None)
        elif any(k.dep_ == "nsubjpass" and k.lemma_.lower() in rc.nouns for k in kids):
            agent = next((k for k in kids if k.dep_ == "agent"), None)
            claimant = (
                next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
            )
        if claimant is not None and not _nobody(claimant):
            found.append((token, refs.ref(claimant)))
    return found


def _nobody(claimant: Token) -> bool:
    """ "No group has claimed responsibility": a claimant that denies there is one."""
    return claimant.lower_ in _NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in claimant.children)


_NOBODY = frozenset({"none", "nobody", "no-one", "noone"})


def apply_claims(drafts: list[Draft], claims: list[tuple[Token, EntityRef]]) -> None:
    for verb, claimant in claims:
        assaults = [
            d for d in drafts if d.type == "ASSAULT" and d.token.i <= verb.sent.end and d.status != "negated"
        ]
        same = [d for d in assaults if d.token.sent.start == verb.sent.start]
        pool = same or assaults
        if not pool:
            continue
        target = pool[-1]
        target.claimed_by.append(claimant)
        if target.actor is None or target.actor.entity_id is None:
            target.actor = claimant
