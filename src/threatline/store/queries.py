"""Filters on events and incidents: the query objects the CLI, API and exports
pass to :meth:`Store.events` and :meth:`Store.incidents`.

Type, date, status and source filters become SQL; the text filters (actor,
recipient, place) are applied to each loaded record by :meth:`EventQuery.matches`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, Table, func

from threatline.models import EntityRef, Event, Incident, Location


@dataclass(frozen=True)
class EventQuery:
    """Filters on events; text filters match an entity id or a name, case-insensitively."""

    types: Sequence[str] = ()
    actor: str | None = None
    recipient: str | None = None
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    statuses: Sequence[str] = ()

    def where(self, stmt: Select[tuple[object]], table: Table) -> Select[tuple[object]]:
        """``stmt`` with the type and date filters on ``table`` (events or incidents).

        A record told with no time (an open interval ending on its report's day)
        happened by its end: ``until`` compares its start, else its end.
        """
        if self.types:
            stmt = stmt.where(table.c.type.in_([t.upper() for t in self.types]))
        if self.since is not None:
            stmt = stmt.where(func.coalesce(table.c.date_end, table.c.date_start) >= self.since)
        if self.until is not None:
            stmt = stmt.where(func.coalesce(table.c.date_start, table.c.date_end) <= self.until)
        return stmt

    def matches(self, record: Event | Incident) -> bool:
        """The text filters (the others are applied in SQL)."""
        return (
            _ref_matches(self.actor, record.actor)
            and _ref_matches(self.recipient, record.recipient)
            and _place_matches(self.place, record.location)
        )


@dataclass(frozen=True)
class IncidentQuery(EventQuery):
    """Filters on incidents; ``min_sources`` is the fewest independent sources."""

    min_sources: int = 0


def _ref_matches(wanted: str | None, ref: EntityRef | None) -> bool:
    if not wanted:
        return True
    if ref is None:
        return False
    needle = wanted.casefold()
    return any(needle in (v or "").casefold() for v in (ref.entity_id, ref.name, ref.text))


def _place_matches(wanted: str | None, location: Location | None) -> bool:
    if not wanted:
        return True
    if location is None:
        return False
    needle = wanted.casefold()
    return any(needle in (v or "").casefold() for v in (location.name, location.text, location.country))
