"""Analysis persistence: which articles still need analysing, saving an
analysis with its events in one transaction, and reading analyses and events.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import insert, select, update

from threatline.models import Analysis, Article, Event
from threatline.store import schema as s
from threatline.store.articles import ArticleStore
from threatline.store.queries import EventQuery
from threatline.store.rows import article_from_row, event_row, utc_now


class AnalysisStore(ArticleStore):
    """Analyses and the events they found."""

    # -- analyses ---------------------------------------------------------

    def pending_analysis(self, version: str, batch: int = 64) -> Iterator[list[Article]]:
        """Batches of articles with no analysis of this version, in stored order."""
        last_seq = 0
        while True:
            query = (
                select(s.articles)
                .outerjoin(s.analyses, s.analyses.c.article_id == s.articles.c.id)
                .where(s.articles.c.seq > last_seq)
                .where((s.analyses.c.article_id.is_(None)) | (s.analyses.c.version != version))
                .order_by(s.articles.c.seq)
                .limit(batch)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            last_seq = rows[-1].seq
            yield [article_from_row(r) for r in rows]

    def save_analysis(self, analysis: Analysis, version: str, stage: str | None = None) -> None:
        """Replace the article's analysis and events in one transaction."""
        article_id = analysis.article.id
        payload = analysis.model_dump(mode="json", exclude={"article"})
        with self.engine.begin() as conn:
            conn.execute(s.events.delete().where(s.events.c.article_id == article_id))
            conn.execute(s.analyses.delete().where(s.analyses.c.article_id == article_id))
            conn.execute(
                insert(s.analyses).values(
                    article_id=article_id,
                    status=analysis.status,
                    stage=stage,
                    reason=analysis.status_reason,
                    payload=payload,
                    version=version,
                    analyzed_at=utc_now(),
                )
            )
            if analysis.events:
                conn.execute(insert(s.events), [event_row(e) for e in analysis.events])
            if analysis.article.published.how == "inferred":
                conn.execute(
                    update(s.articles)
                    .where(s.articles.c.id == article_id)
                    .values(
                        published_date=analysis.article.published.date,
                        published_precision=analysis.article.published.precision,
                        published_how="inferred",
                    )
                )

    def get_analysis(self, article_id: str) -> Analysis | None:
        article = self.get_article(article_id)
        if article is None:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(s.analyses).where(s.analyses.c.article_id == article.id)).first()
        if row is None:
            return None
        return Analysis.model_validate({**row.payload, "article": article})

    def analyses(self) -> Iterator[Analysis]:
        """Stored analyses with their articles, in stored order."""
        query = (
            select(s.articles, s.analyses.c.payload)
            .join(s.analyses, s.analyses.c.article_id == s.articles.c.id)
            .order_by(s.articles.c.seq)
        )
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield Analysis.model_validate({**row.payload, "article": article_from_row(row)})

    # -- events -------------------------------------------------------------

    def events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Stored events matching ``query``, by date (undated last), then article order."""
        q = query or EventQuery()
        stmt = (
            select(s.events.c.payload)
            .join(s.articles, s.articles.c.id == s.events.c.article_id)
            .order_by(s.events.c.date_start.is_(None), s.events.c.date_start, s.articles.c.seq, s.events.c.id)
        )
        stmt = q.where(stmt, s.events)
        if q.statuses:
            stmt = stmt.where(s.events.c.status.in_(q.statuses))
        with self.engine.connect() as conn:
            for (payload,) in conn.execute(stmt):
                event = Event.model_validate(payload)
                if q.matches(event):
                    yield event
