"""Drafts that are parts of another event fold into it before dating and placing.

One sentence often tells one event with several triggers:

* **threats**: violence inside a threat's complement ("threatened to perpetrate
  attacks"), violence whose subject is a threat ("the threats ... to launch
  attacks") and future or imperative violence inside a quote ("we will kill
  you") is part of a THREATEN event with mode ``violence`` (``arrest`` for
  coercion); it is never an ASSAULT. A threat without a mode threatens violence.
* **nominal subjects**: "a car bombing that killed two officers": the killing is
  the bombing itself.
* **consequences**: "killed in police firing", "one person was killed when the
  police fired", "a car bombing struck the town ..., killing two officers": the
  killing is the outcome of the other assault, whose victims it names.
* **deaths**: deaths told without a killing verb ("a youth perished in police
  firing", "the deaths in police firing") make the assault they happened in a
  killing, with the one who died as its victim.

These folds run on the drafts of one article in this order; merging the
mentions of one event told in several sentences is a later, separate step
(:func:`~threatline.events.draft.merge_drafts`).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from threatline.events.draft import Draft
from threatline.events.ontology import EventPatterns
from threatline.events.patterns import Match, scope_tokens
from threatline.events.roles import subject_of
from threatline.events.status import clause_verb

__all__ = ["fold_consequences", "fold_deaths", "fold_nominal_subjects", "fold_threats", "threat_scopes"]


def _in_quote(token: Token, quotes: Sequence[tuple[int, int]]) -> bool:
    return any(a <= token.idx < b for a, b in quotes)


def threat_scopes(matches: Sequence[Match]) -> dict[int, Match]:
    """For every token framed by a threat, the threat that frames it."""
    framed: dict[int, Match] = {}
    for match in matches:
        if match.rule.scope:
            for i in scope_tokens(match.token):
                framed.setdefault(i, match)
    return framed


def fold_threats(
    drafts: list[Draft], framed: dict[int, Match], quotes: Sequence[tuple[int, int]]
) -> list[Draft]:
    """Turn violence inside a threat into the threat's mode; never an ASSAULT of its own."""
    by_token = {d.token.i: d for d in drafts}
    kept: list[Draft] = []
    for d in drafts:
        frame = framed.get(d.token.i)
        if frame is not None and d.type in ("ASSAULT", "COERCE") and d.token.i != frame.token.i:
            threat = by_token.get(frame.token.i)
            if threat is not None:
                mode = "violence" if d.type == "ASSAULT" else "arrest"
                if mode not in threat.modes:
                    threat.modes.append(mode)
                if threat.recipient is None:
                    threat.recipient = d.recipient
            continue
        if (
            d.type == "ASSAULT"
            and _in_quote(d.token, quotes)
            and (d.status in ("future", "hypothetical") or _imperative(d.token))
        ):
            # quoted promise of violence ("we will come ... and kill you"): a threat
            d.type, d.modes, d.status = "THREATEN", ["violence"], "asserted"
        kept.append(d)
    for d in kept:
        if d.type == "THREATEN" and not d.modes:
            d.modes.append("violence")
    return kept


def _imperative(token: Token) -> bool:
    """A bare verb with no subject of its own ("kill and fight them"): a call, not a report."""
    verb = clause_verb(token)
    return verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)


def fold_nominal_subjects(drafts: list[Draft]) -> list[Draft]:
    """ "A car bombing that killed two officers": the killing is the bombing itself.

    Violence whose subject is a threat ("the threats ... to launch attacks") is
    that threat's content: it becomes the threat's mode, not an ASSAULT.
    """
    by_token = {d.token.i: d for d in drafts}
    kept: list[Draft] = []
    for d in drafts:
        host = by_token.get(d.actor_token.i) if d.actor_token is not None else None
        if host is not None and host.type == "THREATEN" and d.type in ("ASSAULT", "COERCE"):
            mode = "violence" if d.type == "ASSAULT" else "arrest"
            if mode not in host.modes:
                host.modes.append(mode)
            continue
        if host is not None and host is not d and host.type == d.type:
            host.recipient = host.recipient or d.recipient
            host.modes.extend(m for m in d.modes if m not in host.modes)
            continue
        kept.append(d)
    return kept


_PLACE_NOUNS = frozenset({"town", "city", "village", "area", "place", "district", "region", "province"})


def fold_consequences(drafts: list[Draft]) -> list[Draft]:
    """Killings that are the outcome of another assault become part of it.

    "killed in police firing": the firing is the event, its victims died.
    "a car bombing struck the town ..., killing two officers": the participle's
    victims are the bombing's, when the killing names no actor of its own.
    """
    by_token = {d.token.i: d for d in drafts}
    kept: list[Draft] = []
    for d in drafts:
        host: Draft | None = None
        if d.type == "ASSAULT" and d.token.pos_ == "VERB":
            host = _means_host(d.token, by_token)
            if host is None and d.actor is None and d.kills:
                # "one person was killed when the police fired": the firing killed them
                host = _clause_host(d.token, by_token)
            if (
                host is None
                and d.actor is None
                and d.token.tag_ == "VBG"
                and d.token.dep_ in ("advcl", "conj")
            ):
                before = [
                    h
                    for h in drafts
                    if h is not d
                    and h.type == "ASSAULT"
                    and h.token.sent == d.token.sent
                    and h.token.i < d.token.i
                ]
                host = before[-1] if before else None
        if host is None:
            kept.append(d)
            continue
        if host.recipient is None or host.recipient.text.split()[-1].lower() in _PLACE_NOUNS:
            host.recipient, host.recipient_token = d.recipient, d.recipient_token
        host.kills = host.kills or d.kills
        host.modes.extend(m for m in d.modes if m not in host.modes)
        if host.actor is None:
            host.actor = d.actor
    return kept


_MEANS_PREPS = frozenset({"in", "during", "from"})
_CAUSE_HEADS = frozenset({"due", "owing"})


def _clause_host(token: Token, by_token: dict[int, Draft]) -> Draft | None:
    """The assault of a clause hanging on ``token`` ("... killed when the police fired",
    "... died when the police resorted to firing")."""
    for clause in token.children:
        if clause.dep_ != "advcl":
            continue
        found = by_token.get(clause.i)
        if found is None:
            # the assault carried by the clause's verb: "resorted to firing"
            found = next(
                (d for d in by_token.values() if clause.i in {d.token.head.i, d.token.head.head.i}),
                None,
            )
        if found is not None and found.type == "ASSAULT":
            return found
    return None


def _means_host(token: Token, by_token: dict[int, Draft]) -> Draft | None:
    """The assault that ``token`` happened "in" or "during" ("killed in police firing")."""
    preps = [c for c in token.children if c.dep_ == "prep"]
    # "died due to police firing": the preposition hangs on "due"
    preps += [g for c in preps if c.lower_ in _CAUSE_HEADS for g in c.children if g.dep_ in ("prep", "pcomp")]
    preps += [
        g
        for c in token.children
        if c.dep_ in ("amod", "advmod", "acomp") and c.lower_ in _CAUSE_HEADS
        for g in c.children
        if g.dep_ == "prep"
    ]
    for child in preps:
        if child.lower_ in _MEANS_PREPS | _CAUSE_HEADS or (
            child.lower_ == "to" and child.head.lower_ in _CAUSE_HEADS
        ):
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                cand = by_token.get(obj.i)
                if cand is None:
                    # "in police firing" parsed as "police" with "firing" hanging on it
                    # or right after it
                    nearby = [c.i for c in obj.children] + [obj.i + 1]
                    cand = next((by_token[i] for i in nearby if i in by_token), None)
                if cand is not None and cand.type == "ASSAULT":
                    return cand
    return None


def fold_deaths(drafts: list[Draft], patterns: EventPatterns) -> None:
    """Deaths told without a killing verb belong to the assault they happened in.

    "a youth perished in police firing", "two died in firing by the army",
    "the deaths in police firing": the assault killed, and the one who died
    (or the count of deaths) is its victim.
    """
    if not drafts:
        return
    by_token = {d.token.i: d for d in drafts}
    dead = patterns.casualties.dead
    for token in drafts[0].token.doc:
        if token.i in by_token or token.pos_ not in ("VERB", "NOUN") or token.lemma_.lower() not in dead:
            continue
        host = _means_host(token, by_token)
        if host is None and token.pos_ == "VERB":
            host = _clause_host(token, by_token)
        if host is None:
            continue
        host.kills = True
        if host.victim_token is None:
            host.victim_token = token if token.pos_ == "NOUN" else subject_of(token)[0]
