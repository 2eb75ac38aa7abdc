"""The store: articles, their duplicate index, analyses and run records.

Every write that belongs together happens in one transaction (an article with
its MinHash and LSH bands; an analysis with its events), so a run killed at any
point leaves a consistent store and re-running finishes the work: articles
already stored are recognised by their content-hash id, and articles without an
analysis are analysed on the next run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    FromClause,
    Integer,
    bindparam,
    column,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    tuple_,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from threatline.errors import StoreError
from threatline.ingest.duplicates import THRESHOLD, Signature
from threatline.models import (
    Analysis,
    Article,
    EntityRef,
    Event,
    Incident,
    Location,
    Published,
    Removal,
    Story,
)
from threatline.store import schema as s
from threatline.store.database import create_store_engine, migrate, resolve_url

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


def _one_article_writer(conn: Connection) -> None:
    """Hold, until ``conn``'s transaction ends, the right to add articles.

    The id check, the duplicate search and ``seq = max + 1`` must each see the
    articles of any other writer (two ingests into one PostgreSQL database).
    SQLite lets one writer in at a time anyway; PostgreSQL gets a transaction
    advisory lock.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_ARTICLE_WRITER_LOCK)))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _clip(value: str | None, col: Column[Any]) -> str | None:
    """``value`` cut to ``col``'s length: PostgreSQL enforces VARCHAR lengths, SQLite does not."""
    length = getattr(col.type, "length", None)
    return value[:length] if value is not None and length is not None else value


def _storable(article: Article) -> Article:
    """The article as every backend stores it alike: NUL, which PostgreSQL text
    cannot hold, becomes U+FFFD, and the source is cut to its column's length."""
    fields = {name: getattr(article, name) for name in ("url", "source", "title", "author", "text")}
    changes: dict[str, Any] = {
        name: value.replace("\x00", "\ufffd") for name, value in fields.items() if value and "\x00" in value
    }
    source = _clip(changes.get("source", article.source), s.articles.c.source)
    if source != article.source:
        changes["source"] = source
    published_text = article.published.text
    if published_text and "\x00" in published_text:
        changes["published"] = article.published.model_copy(
            update={"text": published_text.replace("\x00", "\ufffd")}
        )
    return article.model_copy(update=changes) if changes else article


def _article_row(article: Article, seq: int) -> dict[str, Any]:
    return {
        "id": article.id,
        "seq": seq,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "published_date": article.published.date,
        "published_precision": article.published.precision,
        "published_how": article.published.how,
        "published_text": article.published.text,
        "language": article.language,
        "text": article.text,
        "removed": [r.model_dump() for r in article.removed],
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind,
        "text_hash": article.text_hash,
        "meta": article.metadata,
        "ingested_at": _now(),
    }


def _article(row: Any) -> Article:
    return Article(
        id=row.id,
        url=row.url,
        source=row.source,
        title=row.title,
        author=row.author,
        published=Published(
            date=row.published_date,
            precision=row.published_precision,
            how=row.published_how,
            text=row.published_text,
        ),
        language=row.language,
        text=row.text,
        removed=[Removal(**r) for r in row.removed],
        duplicate_of=row.duplicate_of,
        duplicate_kind=row.duplicate_kind,
        text_hash=row.text_hash,
        metadata=row.meta,
    )


class Store:
    """A Threatline database. Open it with :func:`threatline.open_store`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._indexed: bool | None = None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- articles ---------------------------------------------------------

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
        article = _storable(article)
        try:
            with self.engine.begin() as conn:
                _one_article_writer(conn)
                existing = conn.execute(select(s.articles).where(s.articles.c.id == article.id)).first()
                if existing is not None:
                    return _article(existing), False
                dup = self.find_duplicate(conn, article.text_hash, sig)
                if dup is not None:
                    article = article.model_copy(update={"duplicate_of": dup[0], "duplicate_kind": dup[1]})
                seq = (conn.execute(select(func.max(s.articles.c.seq))).scalar() or 0) + 1
                conn.execute(insert(s.articles).values(_article_row(article, seq)))
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
        return None if row is None else _article(row)

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
                yield _article(row)

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
        return [_article(r) for r in rows], total

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
            yield [_article(r) for r in rows]

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
                    analyzed_at=_now(),
                )
            )
            if analysis.events:
                conn.execute(insert(s.events), [_event_row(e) for e in analysis.events])
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
                yield Analysis.model_validate({**row.payload, "article": _article(row)})

    # -- events -------------------------------------------------------------

    def events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Stored events matching ``query``, by date (undated last), then article order."""
        q = query or EventQuery()
        stmt = (
            select(s.events.c.payload)
            .join(s.articles, s.articles.c.id == s.events.c.article_id)
            .order_by(s.events.c.date_start.is_(None), s.events.c.date_start, s.articles.c.seq, s.events.c.id)
        )
        if q.types:
            stmt = stmt.where(s.events.c.type.in_([t.upper() for t in q.types]))
        if q.since is not None:
            stmt = stmt.where(func.coalesce(s.events.c.date_end, s.events.c.date_start) >= q.since)
        if q.until is not None:
            stmt = stmt.where(s.events.c.date_start <= q.until)
        if q.statuses:
            stmt = stmt.where(s.events.c.status.in_(q.statuses))
        with self.engine.connect() as conn:
            for (payload,) in conn.execute(stmt):
                event = Event.model_validate(payload)
                if q.matches(event):
                    yield event

    # -- linking ------------------------------------------------------------

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
                article = _article(row)
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
        now = _now()
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
        if q.types:
            stmt = stmt.where(s.incidents.c.type.in_([t.upper() for t in q.types]))
        if q.since is not None:
            stmt = stmt.where(func.coalesce(s.incidents.c.date_end, s.incidents.c.date_start) >= q.since)
        if q.until is not None:
            stmt = stmt.where(s.incidents.c.date_start <= q.until)
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

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        wanted = list(ids)
        if not wanted:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.articles).where(s.articles.c.id.in_(wanted)).order_by(s.articles.c.seq)
            )
            return [_article(r) for r in rows]

    # -- runs and problems --------------------------------------------------

    def start_run(self, run_id: str, inputs: Sequence[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(s.runs).values(id=run_id, started_at=_now(), inputs=list(inputs)))

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(s.runs).where(s.runs.c.id == run_id).values(finished_at=_now(), summary=summary)
            )

    def record_problems(self, run_id: str, problems: Iterable[tuple[str, str, str]]) -> None:
        """Record ``(origin, stage, reason)`` failures of a run."""
        rows = [
            {"run_id": run_id, "origin": o, "stage": st, "reason": r, "at": _now()} for o, st, r in problems
        ]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(s.problems), rows)


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


def _event_row(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "article_id": event.article_id,
        "type": event.type,
        "status": event.status,
        # index columns only (filters read the payload): a long made-up entity id may be cut
        "actor_id": _clip(event.actor.entity_id if event.actor else None, s.events.c.actor_id),
        "recipient_id": _clip(
            event.recipient.entity_id if event.recipient else None, s.events.c.recipient_id
        ),
        "place": event.location.name if event.location else None,
        "date_start": event.date.start if event.date else None,
        "date_end": event.date.end if event.date else None,
        "confidence": event.confidence,
        "payload": event.model_dump(mode="json"),
    }


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``url`` defaults to ``THREATLINE_DB`` or ``sqlite:///threatline.db``.

    >>> store = open_store("sqlite:///:memory:")  # doctest: +SKIP
    """
    engine = create_store_engine(resolve_url(url))
    migrate(engine)
    return Store(engine)
