"""Read routes: articles, events, incidents, stories, entities, claims, quotes, health.

Views only translate query parameters into store queries and records into
responses; filtering that the store does not offer yet (entity, claim and quote
listings) is a plain scan here, marked as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Annotated, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from threatline import __version__
from threatline.api.app import get_store
from threatline.api.errors import ApiError, ErrorResponse
from threatline.models import (
    Analysis,
    Article,
    Claim,
    Entity,
    Event,
    Incident,
    Published,
    Quote,
    Story,
)
from threatline.store import Store
from threatline.store.store import EventQuery, IncidentQuery

__all__ = ["health_router", "router"]

T = TypeVar("T")

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000

_errors: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse, "description": description}
    for code, description in (
        (401, "Missing or invalid token"),
        (403, "Token not configured"),
        (422, "Invalid parameters"),
    )
}
_not_found: dict[int | str, dict[str, object]] = {404: {"model": ErrorResponse, "description": "Not found"}}

router = APIRouter(responses=_errors)
health_router = APIRouter()

StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Since = Annotated[dt.date | None, Query(description="on or after this date (ISO 8601)")]
Until = Annotated[dt.date | None, Query(description="on or before this date (ISO 8601)")]
Text = Annotated[str | None, Query(max_length=200)]


class Page(BaseModel, Generic[T]):
    """One page of a listing; ``total`` counts every match (null when unknown)."""

    items: list[T]
    total: int | None
    limit: int
    offset: int


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


class ArticleRef(BaseModel):
    """An article named in another record: enough to show and fetch it."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: Published

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        return cls(
            id=article.id,
            title=article.title,
            source=article.source,
            url=article.url,
            published=article.published,
        )


class ArticleDetail(BaseModel):
    """An article and its analysis (null until it is analysed)."""

    article: Article
    analysis: Analysis | None


class IncidentDetail(BaseModel):
    """An incident, the events it merges and the articles that reported them."""

    incident: Incident
    events: list[Event]
    articles: list[ArticleRef]


class StoryDetail(BaseModel):
    """A story with its articles and incidents."""

    story: Story
    articles: list[ArticleRef]
    incidents: list[Incident]


def paginate(items: Iterable[T], limit: int, offset: int) -> Page[T]:
    """The page ``[offset, offset + limit)`` of ``items`` and their total count.

    The whole iterator is consumed to count it.
    """
    page: list[T] = []
    total = 0
    for total, item in enumerate(items, start=1):
        if offset < total <= offset + limit:
            page.append(item)
    return Page[T](items=page, total=total, limit=limit, offset=offset)


def _folded(value: str | None) -> str | None:
    return value.casefold() if value else None


@health_router.get("/health", tags=["meta"])
def health() -> Health:
    """Whether the server is up; always public."""
    return Health(version=__version__)


@router.get("/articles", tags=["articles"])
def list_articles(
    *,
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    source: Text = None,
    since: Since = None,
    until: Until = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description='words or pieces of words, all in the title or text, any case; "a phrase" in quotes',
        ),
    ] = None,
    duplicates: Annotated[bool, Query(description="include copies of other articles")] = True,
) -> Page[Article]:
    """Articles filtered by source, publication date and a text search.

    With ``q``, the most relevant come first; without, articles come in stored
    order. ``total`` counts every match.
    """
    items, total = store.search_articles(
        q or "",
        limit=limit,
        offset=offset,
        source=source,
        since=since,
        until=until,
        include_duplicates=duplicates,
    )
    return Page[Article](items=items, total=total, limit=limit, offset=offset)


@router.get("/articles/{article_id}", tags=["articles"], responses=_not_found)
def get_article(store: StoreDep, article_id: str) -> ArticleDetail:
    """An article (by id or a unique id prefix of 6+ characters) with its analysis."""
    article = store.get_article(article_id)
    if article is None:
        raise ApiError(404, f"no article {article_id!r}")
    return ArticleDetail(article=article, analysis=store.get_analysis(article.id))


def _event_query(
    *,
    type: Annotated[list[str] | None, Query(description="PLOVER type, repeatable")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor id or name")] = None,
    recipient: Annotated[str | None, Query(max_length=200, description="recipient id or name")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place name or country")] = None,
    since: Since = None,
    until: Until = None,
) -> EventQuery:
    return EventQuery(
        types=tuple(type or ()), actor=actor, recipient=recipient, place=place, since=since, until=until
    )


@router.get("/events", tags=["events"])
def list_events(
    *,
    store: StoreDep,
    query: Annotated[EventQuery, Depends(_event_query)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[Event]:
    """Events by date (undated last), filtered by type, actor, recipient, place and date."""
    return paginate(store.events(query), limit, offset)


@router.get("/incidents", tags=["incidents"])
def list_incidents(
    *,
    store: StoreDep,
    query: Annotated[EventQuery, Depends(_event_query)],
    min_sources: Annotated[int, Query(ge=0, le=10_000, description="fewest independent sources")] = 0,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[Incident]:
    """Incidents by date (undated last), with the event filters and a corroboration floor."""
    incident_query = IncidentQuery(
        types=query.types,
        actor=query.actor,
        recipient=query.recipient,
        place=query.place,
        since=query.since,
        until=query.until,
        min_sources=min_sources,
    )
    return paginate(store.incidents(incident_query), limit, offset)


@router.get("/incidents/{incident_id}", tags=["incidents"], responses=_not_found)
def get_incident(store: StoreDep, incident_id: str) -> IncidentDetail:
    """An incident with its events and the titles and sources of its articles."""
    incident = store.get_incident(incident_id)
    if incident is None:
        raise ApiError(404, f"no incident {incident_id!r}")
    wanted = set(incident.event_ids)
    events: list[Event] = []
    articles = store.articles_by_id(incident.article_ids)
    for article in articles:
        analysis = store.get_analysis(article.id)
        if analysis is not None:
            events.extend(e for e in analysis.events if e.id in wanted)
    return IncidentDetail(incident=incident, events=events, articles=[ArticleRef.of(a) for a in articles])


@router.get("/stories", tags=["stories"])
def list_stories(
    *,
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    since: Since = None,
    until: Until = None,
) -> Page[Story]:
    """Stories by the date first seen; ``since``/``until`` keep those active in the range."""

    def active(story: Story) -> bool:
        last = story.last_seen or story.first_seen
        first = story.first_seen or story.last_seen
        if since is not None and (last is None or last < since):
            return False
        return until is None or (first is not None and first <= until)

    return paginate((st for st in store.stories() if active(st)), limit, offset)


@router.get("/stories/{story_id}", tags=["stories"], responses=_not_found)
def get_story(store: StoreDep, story_id: str) -> StoryDetail:
    """A story with its articles and incidents."""
    story = store.get_story(story_id)
    if story is None:
        raise ApiError(404, f"no story {story_id!r}")
    incidents = [i for i in (store.get_incident(iid) for iid in story.incident_ids) if i is not None]
    return StoryDetail(
        story=story,
        articles=[ArticleRef.of(a) for a in store.articles_by_id(story.article_ids)],
        incidents=incidents,
    )


def _distinct_entities(analyses: Iterable[Analysis]) -> Iterator[Entity]:
    seen: set[str] = set()
    for analysis in analyses:
        for entity in analysis.entities:
            if entity.id not in seen:
                seen.add(entity.id)
                yield entity


@router.get("/entities", tags=["entities"])
def list_entities(
    *,
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Annotated[str | None, Query(max_length=200, description="words in the name or an alias")] = None,
    type: Annotated[str | None, Query(max_length=50, description="person, group, place, ...")] = None,
) -> Page[Entity]:
    """Distinct entities named in analysed articles, in order of first appearance."""
    needle, wanted_type = _folded(q), _folded(type)

    def matches(entity: Entity) -> bool:
        if wanted_type and entity.type.casefold() != wanted_type:
            return False
        return not needle or any(needle in n.casefold() for n in (entity.name, *entity.aliases))

    found = (e for e in _distinct_entities(store.analyses()) if matches(e))
    return paginate(found, limit, offset)


ArticleFilter = Annotated[str | None, Query(max_length=200, description="only this article's")]


@router.get("/claims", tags=["claims"])
def list_claims(
    *,
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    article_id: ArticleFilter = None,
    q: Annotated[
        str | None, Query(max_length=200, description="words in the claim or what it counts")
    ] = None,
) -> Page[Claim]:
    """Figures stated by sources, with what they count and who said them."""
    needle = _folded(q)
    found = (
        claim
        for analysis in _analyses_of(store, article_id)
        for claim in analysis.claims
        if not needle or needle in f"{claim.text}\n{claim.quantity}".casefold()
    )
    return paginate(found, limit, offset)


@router.get("/quotes", tags=["quotes"])
def list_quotes(
    *,
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    article_id: ArticleFilter = None,
    speaker: Annotated[str | None, Query(max_length=200, description="speaker id or name")] = None,
    q: Annotated[str | None, Query(max_length=200, description="words in the quote")] = None,
) -> Page[Quote]:
    """Quotes with their speakers."""
    needle, who = _folded(q), _folded(speaker)

    def matches(quote: Quote) -> bool:
        if who:
            ref = quote.speaker
            names = (ref.entity_id, ref.name, ref.text) if ref else ()
            if not any(who in (n or "").casefold() for n in names):
                return False
        return not needle or needle in quote.text.casefold()

    found = (qt for analysis in _analyses_of(store, article_id) for qt in analysis.quotes if matches(qt))
    return paginate(found, limit, offset)


def _analyses_of(store: Store, article_id: str | None) -> Iterator[Analysis]:
    if article_id is None:
        yield from store.analyses()
        return
    analysis = store.get_analysis(article_id)
    if analysis is not None:
        yield analysis
