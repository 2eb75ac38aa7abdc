"""Reading the linking's results: stories and incidents, the timeline's records."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from threatline.models import Incident, Story
from threatline.store import schema as s
from threatline.store.base import StoreBase
from threatline.store.queries import IncidentQuery


class IncidentStore(StoreBase):
    """Stories and incidents."""

    def stories(self) -> Iterator[Story]:
        """Stories by the date they were first seen."""
        query = select(s.stories.c.payload).order_by(s.stories.c.first_seen.is_(None), s.stories.c.first_seen)
        with self.engine.connect() as conn:
            for (payload,) in conn.execute(query):
                yield Story.model_validate(payload)

    def get_story(self, story_id: str) -> Story | None:
        """The story with this id, or None."""
        with self.engine.connect() as conn:
            payload = conn.execute(select(s.stories.c.payload).where(s.stories.c.id == story_id)).scalar()
        return None if payload is None else Story.model_validate(payload)

    def incidents(self, query: IncidentQuery | None = None) -> Iterator[Incident]:
        """Incidents matching ``query``, by date (undated last)."""
        q = query or IncidentQuery()
        stmt = select(s.incidents.c.payload).order_by(
            s.incidents.c.date_start.is_(None), s.incidents.c.date_start, s.incidents.c.id
        )
        stmt = q.where(stmt, s.incidents)
        if q.min_sources:
            stmt = stmt.where(s.incidents.c.independent_sources >= q.min_sources)
        with self.engine.connect() as conn:
            for (payload,) in conn.execute(stmt):
                incident = Incident.model_validate(payload)
                if q.matches(incident):
                    yield incident

    def get_incident(self, incident_id: str) -> Incident | None:
        with self.engine.connect() as conn:
            payload = conn.execute(
                select(s.incidents.c.payload).where(s.incidents.c.id == incident_id)
            ).scalar()
        return None if payload is None else Incident.model_validate(payload)
