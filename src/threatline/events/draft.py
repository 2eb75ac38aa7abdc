"""The draft of an event while an article is read, and how drafts of one event merge.

A :class:`Draft` is one mention of an event: the trigger token, the tokens of its
roles, and the fields of the :class:`~threatline.models.Event` it will become,
filled in by the stages of :mod:`threatline.events.extract` and
:mod:`threatline.events.casualties`. :func:`merge_drafts` folds the mentions of
one event told in several sentences into one draft: same type and status,
compatible modes, and no conflicting actor, recipient or date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from threatline.events.dating import is_fallback
from threatline.models import EntityRef, Evidence, Location, Quantity, TimeInterval

__all__ = ["Draft", "merge_drafts"]

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5, "open": 6}


@dataclass
class Draft:
    """One mention of an event while the article is read: its trigger, the tokens of its
    roles, and the fields of the Event it will become, filled stage by stage."""

    token: Token
    type: str
    modes: list[str]
    reliability: float
    status: str
    actor_token: Token | None = None
    recipient_token: Token | None = None
    victim_token: Token | None = None
    kills: bool = False
    actor: EntityRef | None = None
    recipient: EntityRef | None = None
    date: TimeInterval | None = None
    location: Location | None = None
    dead: Quantity | None = None
    injured: Quantity | None = None
    implied_injured: bool = False
    """``injured`` counts the victims of a shooting or stabbing, not words of injury"""
    date_from_scene: bool = False
    """``date`` is the report's scene time (:func:`threatline.events.dating.scene_time`)"""
    dead_among_injured: bool = False
    """``injured`` counts every victim of a shooting, the article's dead among them"""
    context: list[str] = field(default_factory=list)
    attributed_to: list[EntityRef] = field(default_factory=list)
    claimed_by: list[EntityRef] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    mentions: int = 1
    off_scene: bool = False
    """every mention is of an event other than the one the report's scene shows: one
    named again ("the bombing", "charged with murder") or an earlier act another
    answers ("in response to air strikes"); the scene's time and town are not its"""


def _same_ref(a: EntityRef | None, b: EntityRef | None) -> bool:
    if a is None or b is None:
        return True
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    x, y = a.text.lower(), b.text.lower()
    return x in y or y in x


def _same_date(a: TimeInterval | None, b: TimeInterval | None) -> bool:
    if is_fallback(a) or is_fallback(b) or a is None or b is None:
        return True
    a_lo, a_hi = a.start or dt.date.min, a.end or dt.date.max
    b_lo, b_hi = b.start or dt.date.min, b.end or dt.date.max
    return a_lo <= b_hi and b_lo <= a_hi


def _compatible(a: Draft, b: Draft) -> bool:
    if a.type != b.type or a.status != b.status:
        return False
    if a.modes and b.modes and not set(a.modes) & set(b.modes):
        return False
    return _same_ref(a.actor, b.actor) and _same_ref(a.recipient, b.recipient) and _same_date(a.date, b.date)


def _bare(d: Draft) -> bool:
    """A mention that names no participant and no date ("the attack"): it refers back."""
    return d.actor is None and d.recipient is None and is_fallback(d.date)


def _weight(d: Draft) -> tuple[int, int]:
    return (d.mentions, (d.dead is not None) + (d.actor is not None) + (d.recipient is not None))


def _better_ref(a: EntityRef | None, b: EntityRef | None) -> EntityRef | None:
    if a is None or (b is not None and a.entity_id is None and b.entity_id is not None):
        return b
    return a


def _better_date(a: TimeInterval | None, b: TimeInterval | None) -> TimeInterval | None:
    if is_fallback(a):
        return b if not is_fallback(b) else a
    if a is not None and b is not None and not is_fallback(b):
        return b if _PRECISION_RANK[b.precision] < _PRECISION_RANK[a.precision] else a
    return a


def _larger(a: Quantity | None, b: Quantity | None) -> Quantity | None:
    """The figure of two mentions of one event that counts more: a headline's total
    ("4 shot dead") beside a part told again ("one victim was killed")."""
    if a is None or b is None:
        return a or b
    return b if _count(b) > _count(a) else a


def _count(q: Quantity) -> int:
    return q.min if q.min is not None else q.max or 0


def _absorb(into: Draft, other: Draft) -> None:
    into.actor = _better_ref(into.actor, other.actor)
    into.recipient = _better_ref(into.recipient, other.recipient)
    into.date = _better_date(into.date, other.date)
    into.location = into.location or other.location
    into.dead = _larger(into.dead, other.dead)
    into.injured = _larger(into.injured, other.injured)
    into.reliability = max(into.reliability, other.reliability)
    into.mentions += other.mentions
    into.off_scene = into.off_scene and other.off_scene
    for name in ("modes", "context", "attributed_to", "claimed_by", "evidence"):
        mine, theirs = getattr(into, name), getattr(other, name)
        mine.extend(x for x in theirs if x not in mine)


def merge_drafts(drafts: Sequence[Draft]) -> list[Draft]:
    """One draft per event.

    Mentions that name a participant or a date fold into the first compatible
    earlier one; bare mentions ("the attack") then join the compatible event
    told most often (ties: the most filled), or stand alone.
    """
    merged: list[Draft] = []
    bare: list[Draft] = []
    for d in drafts:
        if _bare(d):
            bare.append(d)
            continue
        target = next((m for m in merged if _compatible(m, d)), None)
        if target is None:
            merged.append(d)
        else:
            _absorb(target, d)
    for d in bare:
        candidates = [m for m in merged if _compatible(m, d)]
        if candidates:
            _absorb(max(candidates, key=_weight), d)
        else:
            merged.append(d)
    merged.sort(key=lambda m: m.token.i)
    return merged
