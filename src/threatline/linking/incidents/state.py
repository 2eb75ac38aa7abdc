"""What the incident linker holds, and its stored form.

An incident is an :class:`IncidentState`: its :class:`Member` events (with what
corroboration needs of their articles), in linking order, and the stories they
came from. Its id is :func:`incident_id` of the founding event, so it is stable.
:class:`Relink` records a merge or a split. :func:`incident_entry` and
:func:`incident_from_entry` turn one incident into JSON-ready data and back; the
linker stores one such entry per incident under :data:`INCIDENT_KEY` plus its id,
next to :data:`STATE_VERSION`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from threatline.models import Attribution, EntityRef, Event

STATE_VERSION = 1
"""Stored with serialised state; a different version means re-linking from scratch."""

INCIDENT_KEY = "inc:"
"""The prefix of an incident's entry key (followed by its id)."""


@dataclass(frozen=True)
class Relink:
    """A change of the picture: ``merge`` (``from_ids`` absorbed into ``to_id``) or ``split``."""

    kind: Literal["merge", "split"]
    from_ids: list[str]
    to_id: str
    article_id: str
    reason: str


@dataclass
class Member:
    """One event in an incident, with what corroboration needs of its article."""

    event: Event
    source: str | None
    source_key: str
    duplicate_of: str | None
    background: bool
    cites: list[EntityRef]
    order: int


@dataclass
class IncidentState:
    id: str
    type: str
    created: int
    members: list[Member] = field(default_factory=list)
    story_ids: set[str] = field(default_factory=set)


def incident_id(event_id: str) -> str:
    """The stable id of an incident founded by ``event_id``."""
    return "inc-" + hashlib.sha1(event_id.encode()).hexdigest()[:12]  # noqa: S324 - an id, not security


def incident_entry(state: IncidentState) -> dict[str, Any]:
    """One incident's state as JSON-ready data."""
    return {
        "id": state.id,
        "type": state.type,
        "created": state.created,
        "story_ids": sorted(state.story_ids),
        "members": [
            {
                "event": m.event.model_dump(mode="json"),
                "source": m.source,
                "source_key": m.source_key,
                "duplicate_of": m.duplicate_of,
                "background": m.background,
                "order": m.order,
                "cites": [c.model_dump(mode="json") for c in m.cites],
            }
            for m in state.members
        ],
    }


def incident_from_entry(raw: dict[str, Any]) -> IncidentState:
    """The incident :func:`incident_entry` wrote, its events validated again."""
    state = IncidentState(raw["id"], raw["type"], raw["created"], story_ids=set(raw["story_ids"]))
    for m in raw["members"]:
        state.members.append(
            Member(
                Event.model_validate(m["event"]),
                m["source"],
                m["source_key"],
                m["duplicate_of"],
                m["background"],
                [EntityRef.model_validate(c) for c in m["cites"]],
                m["order"],
            )
        )
    return state


def cites_in(event: Event, attributions: Sequence[Attribution]) -> list[EntityRef]:
    """The event's attributions plus the chains of attributions over the same evidence."""
    refs = list(event.attributed_to)
    for attribution in attributions:
        span = attribution.evidence
        if any(e.start < span.end and span.start < e.end for e in event.evidence):
            refs.extend(r for r in attribution.chain if r not in refs)
    return refs
