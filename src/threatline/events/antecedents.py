"""Events named again: a charge or a definite noun that refers to an attack told before.

A crime named as a charge ("convicted in March of murder", ``charge_verbs`` of
``event_patterns.yaml``) and a definite noun that names an attack again ("the
shooting") are not new events with times of their own: they take the time and
place of the attack told in their sentence or the one before (for a charge or a
bare "the attack", also the last attack told before it as history anywhere in the
article: :mod:`threatline.events.extract` decides), else none; neither the court's
time nor the report's scene time is theirs. A crime whose own phrase dates it
("Saturday's shooting") is not a mere charge.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from threatline.events.dating import is_fallback, previous_sentence
from threatline.events.draft import Draft

__all__ = ["DONE", "antecedent_of", "bare", "charged", "own_time"]


DONE = frozenset({"asserted", "historical"})
"""Statuses of events told as having happened."""


def antecedent_of(d: Draft, drafts: Sequence[Draft], *, anywhere: bool = False) -> Draft | None:
    """The event that ``d`` names again ("the murder of 22 people" after "attacked the
    arena in 2017"): the nearest earlier dated event of its type that happened, if that
    one is told in the same sentence or the one before it in the paragraph (a bombing
    the text only fears or plans is no antecedent of one that happened). With
    ``anywhere``, the nearest earlier one in the whole article."""
    prev = previous_sentence(d.token.sent)
    near = {d.token.sent.start} | ({prev.start} if prev is not None else set())
    earlier = [
        e
        for e in drafts
        if e.type == d.type and e.token.i < d.token.i and e.status in DONE and not is_fallback(e.date)
    ]
    if not earlier:
        return None
    nearest = max(earlier, key=lambda e: e.token.i)
    return nearest if anywhere or nearest.token.sent.start in near else None


def bare(trigger: Token) -> bool:
    """Whether ``trigger`` is a bare definite noun ("the attack", "before the bombing"):
    nothing but a determiner or an adjective on it, so it can only name again an
    event told before; "the bombing of a Russian airliner" tells which one itself."""
    return trigger.pos_ == "NOUN" and all(c.dep_ in ("det", "amod", "punct") for c in trigger.children)


def own_time(d: Draft) -> bool:
    """Whether the date of ``d`` is told inside its trigger's phrase ("Saturday's shooting")."""
    if d.date is None or d.date.evidence is None:
        return False
    lo, hi = d.token.left_edge.idx, d.token.right_edge.idx + len(d.token.right_edge)
    return lo <= d.date.evidence.start < hi


_CHARGE_PATH = frozenset({"dobj", "xcomp", "conj", "pobj", "prep", "pcomp", "advcl", "compound"})


def charged(token: Token, verbs: frozenset[str]) -> bool:
    """Whether ``token`` names a crime as a charge: it lies in the complement of
    a charge verb ("charged with murder", "convicted of ... conspiring to cause an
    explosion"), not in its subject ("the shooting suspect was charged")."""
    current = token
    for _ in range(8):
        if current.head is current:
            return False
        dep, current = current.dep_, current.head
        if current.pos_ in ("VERB", "AUX"):
            if current.lemma_.lower() in verbs:
                return dep not in ("nsubj", "nsubjpass")
            if dep not in _CHARGE_PATH:
                return False
    return False
