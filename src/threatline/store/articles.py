"""Article persistence: adding an article with its duplicate index (MinHash and
LSH bands) in one transaction, and reading articles back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, func, insert, select, tuple_
from sqlalchemy.exc import SQLAlchemyError

from threatline.errors import StoreError
from threatline.ingest.duplicates import THRESHOLD, Signature
from threatline.models import Article
from threatline.store import schema as s
from threatline.store.base import StoreBase
from threatline.store.rows import article_from_row, article_row, storable

_ARTICLE_WRITER_LOCK = 0x54484C4E  # PostgreSQL advisory lock key ("THLN") of article writers


def _one_article_writer(conn: Connection) -> None:
    """Hold, until ``conn``'s transaction ends, the right to add articles.

    The id check, the duplicate search and ``seq = max + 1`` must each see the
    articles of any other writer (two ingests into one PostgreSQL database).
    SQLite lets one writer in at a time anyway; PostgreSQL gets a transaction
    advisory lock.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_ARTICLE_WRITER_LOCK)))


class ArticleStore(StoreBase):
    """Articles and their duplicate index."""

    def find_duplicate(self, conn: Connection, text_hash: str, sig: Signature) -> tuple[str, str] | None:
        """The original of an article with this text: ``(id, "exact"|"near")`` or None.

        The original is the first copy stored; a copy of a copy points at the
        first one too.
        """
        row = conn.execute(
            select(s.articles.c.id, s.articles.c.duplicate_of)
            .where(s.articles.c.text_hash == text_hash)
            .order_by(s.articles.c.seq)
            .limit(1)
        ).first()
        if row is not None:
            return (row.duplicate_of or row.id, "exact")
        candidates = set(
            conn.execute(
                select(s.lsh_bands.c.article_id).where(
                    tuple_(s.lsh_bands.c.band, s.lsh_bands.c.key).in_(sig.band_keys())
                )
            ).scalars()
        )
        if not candidates:
            return None
        rows = conn.execute(
            select(s.articles.c.id, s.articles.c.duplicate_of, s.articles.c.seq, s.minhashes.c.signature)
            .join(s.minhashes, s.minhashes.c.article_id == s.articles.c.id)
            .where(s.articles.c.id.in_(candidates))
            .order_by(s.articles.c.seq)
        ).all()
        for cand in rows:
            if sig.similarity(Signature.from_bytes(cand.signature)) >= THRESHOLD:
                return (cand.duplicate_of or cand.id, "near")
        return None

    def add_article(self, article: Article, sig: Signature) -> tuple[Article, bool]:
        """Store an article with its duplicate link resolved; a no-op if its id is stored.

        Returns the article as stored (with ``duplicate_of`` set when it is a
        copy) and whether it was new.
        """
        article = storable(article)
        try:
            with self.engine.begin() as conn:
                _one_article_writer(conn)
                existing = conn.execute(select(s.articles).where(s.articles.c.id == article.id)).first()
                if existing is not None:
                    return article_from_row(existing), False
                dup = self.find_duplicate(conn, article.text_hash, sig)
                if dup is not None:
                    article = article.model_copy(update={"duplicate_of": dup[0], "duplicate_kind": dup[1]})
                seq = (conn.execute(select(func.max(s.articles.c.seq))).scalar() or 0) + 1
                conn.execute(insert(s.articles).values(article_row(article, seq)))
                conn.execute(insert(s.minhashes).values(article_id=article.id, signature=sig.to_bytes()))
                if dup is None or dup[1] == "near":
                    # exact copies add nothing to the index: their original is already there
                    conn.execute(
                        insert(s.lsh_bands),
                        [{"band": b, "key": k, "article_id": article.id} for b, k in sig.band_keys()],
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: cannot store article {article.id} ({exc})") from exc
        return article, True

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or with this unique id prefix (at least 6 characters)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.articles).where(s.articles.c.id == article_id)).first()
            if row is None and len(article_id) >= 6:
                rows = conn.execute(
                    select(s.articles).where(s.articles.c.id.startswith(article_id, autoescape=True)).limit(2)
                ).all()
                row = rows[0] if len(rows) == 1 else None
        return None if row is None else article_from_row(row)

    def articles(
        self, *, limit: int | None = None, offset: int = 0, include_duplicates: bool = True
    ) -> Iterator[Article]:
        """Articles in the order they were stored."""
        query = select(s.articles).order_by(s.articles.c.seq).offset(offset)
        if not include_duplicates:
            query = query.where(s.articles.c.duplicate_of.is_(None))
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield article_from_row(row)

    def count_articles(self) -> dict[str, int]:
        """Counts of articles, duplicates, and analyses by status."""
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(s.articles)).scalar() or 0
            dups = (
                conn.execute(
                    select(func.count()).select_from(s.articles).where(s.articles.c.duplicate_of.is_not(None))
                ).scalar()
                or 0
            )
            by_status = {
                row[0]: row[1]
                for row in conn.execute(
                    select(s.analyses.c.status, func.count()).group_by(s.analyses.c.status)
                )
            }
        return {"articles": total, "duplicates": dups, **{f"analysis_{k}": v for k, v in by_status.items()}}

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        wanted = list(ids)
        if not wanted:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.articles).where(s.articles.c.id.in_(wanted)).order_by(s.articles.c.seq)
            )
            return [article_from_row(r) for r in rows]
