"""Linking state: the analysed articles not yet in a story, each linker's stored
state, and the transaction that records a batch of linking (links, the stories
and incidents it touched, the linkers' changed state, re-links).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select

from threatline.models import Analysis, Article, Incident, Story
from threatline.store import schema as s
from threatline.store.base import StoreBase
from threatline.store.rows import article_from_row, utc_now


class LinkingStore(StoreBase):
    """What the linking stage reads and writes."""

    def unlinked(self) -> list[tuple[Article, Analysis | None]]:
        """Articles with an analysis but no story yet, in publication order (undated last)."""
        query = (
            select(s.articles, s.analyses.c.payload, s.analyses.c.status)
            .join(s.analyses, s.analyses.c.article_id == s.articles.c.id)
            .outerjoin(s.links, s.links.c.article_id == s.articles.c.id)
            .where(s.links.c.article_id.is_(None))
            .order_by(s.articles.c.published_date.is_(None), s.articles.c.published_date, s.articles.c.seq)
        )
        out: list[tuple[Article, Analysis | None]] = []
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                article = article_from_row(row)
                analysis = (
                    Analysis.model_validate({**row.payload, "article": article})
                    if row.status == "ok"
                    else None
                )
                out.append((article, analysis))
        return out

    def linker_entries(self, name: str) -> dict[str, Any]:
        """Every stored entry of one linker's state (key → value); empty when none."""
        table = s.linker_entries
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.key, table.c.payload).where(table.c.linker == name))
            return {str(row.key): row.payload for row in rows}

    def linker_state(self, name: str) -> dict[str, Any] | None:
        """A linker's state as one document, as stores before migration 0005 kept it."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(s.linker_state.c.payload).where(s.linker_state.c.name == name)
            ).scalar()

    def save_links(
        self,
        links: Sequence[tuple[str, str]],
        *,
        stories: Sequence[Story],
        incidents: Sequence[Incident],
        changes: dict[str, dict[str, Any]],
        relinks: Sequence[dict[str, Any]] = (),
        removed_incidents: Sequence[str] = (),
    ) -> None:
        """Record a batch of linking in one transaction: article→story links, the
        stories and incidents they touched, the linkers' changed state entries
        (``changes``: linker name → key → value, None to delete) and any re-links.

        A linker's entries replace its state document of before migration 0005,
        which is deleted."""
        now = utc_now()
        with self.engine.begin() as conn:
            if links:
                conn.execute(
                    insert(s.links), [{"article_id": a, "story_id": st, "linked_at": now} for a, st in links]
                )
            for story in stories:
                conn.execute(s.stories.delete().where(s.stories.c.id == story.id))
                conn.execute(
                    insert(s.stories).values(
                        id=story.id,
                        title=story.title,
                        first_seen=story.first_seen,
                        last_seen=story.last_seen,
                        payload=story.model_dump(mode="json"),
                    )
                )
            gone = list(removed_incidents) + [i.id for i in incidents]
            if gone:
                conn.execute(s.incidents.delete().where(s.incidents.c.id.in_(gone)))
            if incidents:
                conn.execute(
                    insert(s.incidents),
                    [
                        {
                            "id": i.id,
                            "type": i.type,
                            "date_start": i.date.start if i.date else None,
                            "date_end": i.date.end if i.date else None,
                            "independent_sources": i.independent_sources,
                            "payload": i.model_dump(mode="json"),
                        }
                        for i in incidents
                    ],
                )
            entries = s.linker_entries
            for name, changed in changes.items():
                conn.execute(s.linker_state.delete().where(s.linker_state.c.name == name))
                if not changed:
                    continue
                conn.execute(
                    entries.delete().where(entries.c.linker == name, entries.c.key == bindparam("k")),
                    [{"k": key} for key in changed],
                )
                kept = [{"linker": name, "key": k, "payload": v} for k, v in changed.items() if v is not None]
                if kept:
                    conn.execute(insert(entries), kept)
            if relinks:
                conn.execute(insert(s.relinks), [{**r, "at": now} for r in relinks])
