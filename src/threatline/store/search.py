"""Article search: parsing a query into terms, and finding and ranking the
articles that contain them, through migration 0003's FTS5 index on SQLite,
migration 0004's trigram indexes on PostgreSQL, or plain ``LIKE`` otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from threatline.errors import StoreError
from threatline.models import Article
from threatline.store import schema as s
from threatline.store.base import StoreBase
from threatline.store.rows import article_from_row

_SEARCH_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_MAX_TERMS = 32
_INDEXED_LENGTH = 3  # the trigram index cannot find shorter pieces; LIKE finds those
_TITLE_WEIGHT = 4.0  # a term in the title counts as much as four in the text
_ARTICLE_WRITER_LOCK = 0x54484C4E  # PostgreSQL advisory lock key ("THLN") of article writers

# the FTS5 table of migration 0003; not in schema.metadata, which only holds real tables
_articles_fts = table("articles_fts", column("rowid", Integer))
_fts_ref: ColumnElement[Any] = literal_column("articles_fts")


def search_terms(q: str) -> list[str]:
    """The pieces of a search query, each of which an article must contain.

    Words are split on white space; text in double quotes is one piece (an
    unclosed quote runs to the end). Repeats (in any case) are dropped, and at
    most 32 pieces are kept. Any string is a query: nothing in it is an operator.

    >>> search_terms('Putin "Crocus City  Hall" putin -(AND*')
    ['Putin', 'Crocus City Hall', '-(AND*']
    """
    # lone surrogates cannot reach the database driver; NUL ends C strings
    clean = q.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    terms: list[str] = []
    seen: set[str] = set()
    for match in _SEARCH_TERM.finditer(clean):
        quoted, word = match.groups()
        term = " ".join((word if quoted is None else quoted).split())
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms[:_MAX_TERMS]


def _fts_query(terms: Sequence[str]) -> str:
    """An FTS5 query requiring every term, each one a quoted string (never syntax)."""
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _occurrences(terms: Sequence[str]) -> ColumnElement[Any]:
    """How often the terms occur in an article, in any case, a title occurrence
    counting as ``_TITLE_WEIGHT`` text ones (portable SQL: lower, replace, length)."""
    a = s.articles
    score: ColumnElement[Any] = literal(0.0)
    for term in terms:
        needle = func.lower(literal(term))
        for col, weight in ((a.c.title, _TITLE_WEIGHT), (a.c.text, 1.0)):
            hay = func.lower(func.coalesce(col, ""))
            removed = func.length(hay) - func.length(func.replace(hay, needle, ""))
            score = score + weight * removed / func.length(needle)
    return score


def _article_filters(
    source: str | None, since: dt.date | None, until: dt.date | None, include_duplicates: bool
) -> list[ColumnElement[bool]]:
    a = s.articles
    where: list[ColumnElement[bool]] = []
    if source:
        where.append(func.lower(a.c.source) == source.lower())
    if since is not None:
        where.append(a.c.published_date >= since)
    if until is not None:
        where.append(a.c.published_date <= until)
    if not include_duplicates:
        where.append(a.c.duplicate_of.is_(None))
    return where


class ArticleSearch(StoreBase):
    """Full-text search over the stored articles."""

    _indexed: bool | None = None  # whether the FTS5 index exists; looked up on first search

    def search_articles(
        self,
        q: str,
        *,
        limit: int,
        offset: int,
        source: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        include_duplicates: bool = True,
    ) -> tuple[list[Article], int]:
        """One page of the articles matching ``q`` and the filters, and how many match in all.

        Every piece of ``q`` (see :func:`search_terms`) must occur in the title
        or the text, in any case, as a word, part of a word or, quoted, a
        phrase. Matches come most relevant first, the title weighing more than
        the text: by BM25 where SQLite has the search index, elsewhere
        (PostgreSQL, whose ILIKE scans migration 0004's trigram indexes speed
        up) by how often the pieces occur; ties, and a blank ``q``, in stored
        order. ``source`` is matched whole, in any case; ``since``/``until`` bound the
        publication date and leave out undated articles. No text of ``q``
        makes this raise.

        >>> found, total = store.search_articles("crocus", limit=10, offset=0)  # doctest: +SKIP
        """
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must be >= 0, not {limit} and {offset}")
        a = s.articles
        where = _article_filters(source, since, until, include_duplicates)
        terms = search_terms(q)
        indexed = [t for t in terms if len(t) >= _INDEXED_LENGTH] if self._has_search_index() else []
        where += [
            or_(a.c.title.icontains(t, autoescape=True), a.c.text.icontains(t, autoescape=True))
            for t in terms
            if t not in indexed
        ]
        found: FromClause = a
        order: list[ColumnElement[Any]] = [a.c.seq]
        if indexed:
            found = a.join(_articles_fts, _articles_fts.c.rowid == a.c.seq)
            where.append(_fts_ref.match(_fts_query(indexed)))
            # bm25 is lower (more negative) for better matches; its weights are per column
            order.insert(0, func.bm25(_fts_ref, _TITLE_WEIGHT, 1.0))
        elif terms:
            order.insert(0, -_occurrences(terms))
        try:
            with self.engine.connect() as conn:
                total = conn.execute(select(func.count()).select_from(found).where(*where)).scalar_one()
                rows = conn.execute(
                    select(a).select_from(found).where(*where).order_by(*order).limit(limit).offset(offset)
                ).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: article search for {q!r} failed ({exc})") from exc
        return [article_from_row(r) for r in rows], total

    def _has_search_index(self) -> bool:
        """Whether migration 0003 could build the FTS5 index (SQLite with FTS5 and trigrams)."""
        if self._indexed is None:
            self._indexed = False
            if self.engine.dialect.name == "sqlite":
                with self.engine.connect() as conn:
                    self._indexed = (
                        conn.execute(
                            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles_fts'")
                        ).first()
                        is not None
                    )
        return self._indexed
