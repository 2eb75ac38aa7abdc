"""The records of Threatline: the one vocabulary every stage speaks.

These are the public contract of ``../shared/DESIGN.md``: exports, the API and
``threatline extract --json`` serialise exactly these shapes. Dates are ISO 8601.
Every field extracted from text carries its ``text`` and, on the record, an
``evidence`` pointing at the sentence and character offsets in the article's
clean text (``Article.text``).

Records are pydantic models so that they validate on construction, serialise
to JSON without glue, and publish a JSON Schema (``docs/schema/``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Precision = Literal["day", "month", "year", "week", "season", "decade", "open"]
"""How exact a date is; ``open`` means it could not be resolved."""

PublishedHow = Literal["metadata", "dateline", "text", "inferred", "none"]
"""Where a publication date came from; ``none`` says no date was found."""

EventStatus = Literal["asserted", "historical", "future", "hypothetical", "negated"]


class Record(BaseModel):
    """Base of every record: strict fields, JSON round-trip safe."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class Evidence(Record):
    """Where a fact was read: the sentence and offsets into ``Article.text``."""

    sentence: str
    start: int = Field(ge=0, description="offset of the evidence span in the clean text")
    end: int = Field(ge=0)


class Removal(Record):
    """A piece of text the cleaner took out, and the rule that took it."""

    text: str
    reason: str = Field(description="pattern name or rule, e.g. 'boilerplate:comments'")


class Published(Record):
    """A publication date, how exact it is, and where it came from."""

    date: dt.date | None = None
    precision: Precision = "day"
    how: PublishedHow = "none"
    text: str | None = Field(default=None, description="the words the date was read from")


class Article(Record):
    """One real article: clean text, metadata, and its duplicate link."""

    id: str = Field(description="content hash of source location and normalised text")
    url: str | None = None
    source: str | None = Field(default=None, description="the outlet, e.g. 'The Jerusalem Post'")
    title: str | None = None
    author: str | None = None
    published: Published = Field(default_factory=Published)
    language: str | None = Field(default=None, description="ISO 639-1 code, 'und' if unknown")
    text: str
    removed: list[Removal] = Field(default_factory=list)
    duplicate_of: str | None = Field(default=None, description="id of the first copy seen")
    duplicate_kind: Literal["exact", "near"] | None = None
    text_hash: str = Field(description="hash of the normalised text, for exact duplicates")
    metadata: dict[str, Any] = Field(default_factory=dict)


class Entity(Record):
    """A real-world actor, organisation or place, from the knowledge base or an article."""

    id: str
    name: str
    type: str = Field(description="person, group, organization, government, agency, media, place, ...")
    aliases: list[str] = Field(default_factory=list)
    parent: str | None = Field(default=None, description="id of the parent entity")
    country: str | None = None
    wikidata: str | None = None


class EntityRef(Record):
    """A reference to an entity as the text named it."""

    text: str
    entity_id: str | None = None
    name: str | None = None


class Mention(Record):
    """A span of the text that names an entity."""

    id: str
    entity_id: str
    text: str
    label: str = Field(description="spaCy label or 'KB'/'COREF'")
    start: int
    end: int
    how: Literal["kb", "fuzzy", "coref", "new"] = "new"


class TimeInterval(Record):
    """A date or time expression resolved to an interval."""

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision = "open"
    anchor: dt.date | None = Field(
        default=None, description="date a relative expression was resolved against"
    )
    relative: bool = False
    evidence: Evidence | None = None


class Place(Record):
    """A geocoded place mention."""

    text: str
    name: str | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = Field(default=None, description="e.g. 'geonames:524901'")
    feature: str | None = Field(default=None, description="city, region, country, ...")
    evidence: Evidence | None = None


class Quantity(Record):
    """A count as an interval; open ends are ``None``."""

    min: int | None = None
    max: int | None = None
    text: str | None = None


class Claim(Record):
    """A figure a source states, tied to what it counts and who said it."""

    id: str
    article_id: str
    quantity: str = Field(description="what is counted, e.g. 'Chechens fighting for ISIS'")
    value: Quantity
    text: str
    attributed_to: list[EntityRef] = Field(default_factory=list)
    evidence: Evidence


class Quote(Record):
    """Words reported verbatim, with their speaker."""

    id: str
    article_id: str
    text: str
    speaker: EntityRef | None = None
    evidence: Evidence


class Attribution(Record):
    """Content the article attributes to a chain of sources, outermost first."""

    id: str
    article_id: str
    chain: list[EntityRef]
    cue: str = Field(description="the attribution cue, e.g. 'according to', 'reported'")
    content: str
    evidence: Evidence


class Location(Record):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Event(Record):
    """One article's account of something that happened (PLOVER coded)."""

    id: str
    article_id: str
    type: str
    mode: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    actor: EntityRef | None = None
    recipient: EntityRef | None = None
    location: Location | None = None
    date: TimeInterval | None = None
    date_from_scene: bool = Field(
        default=False,
        description="the date is the report's scene time, not a time the text ties to this event",
    )
    dead: Quantity | None = None
    injured: Quantity | None = None
    status: EventStatus = "asserted"
    attributed_to: list[EntityRef] = Field(default_factory=list)
    claimed_by: list[EntityRef] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class Estimate(Record):
    """A merged figure across sources."""

    min: int | None = None
    best: int | None = None
    max: int | None = None


class ConflictValue(Record):
    value: Any
    article_id: str
    source: str | None = None


class Conflict(Record):
    field: str
    values: list[ConflictValue]


class Incident(Record):
    """One real-world event across articles."""

    id: str
    type: str
    mode: list[str] = Field(default_factory=list)
    actor: EntityRef | None = None
    recipient: EntityRef | None = None
    location: Location | None = None
    date: TimeInterval | None = None
    dead: Estimate | None = None
    injured: Estimate | None = None
    event_ids: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    independent_sources: int = 0
    conflicts: list[Conflict] = Field(default_factory=list)


class Story(Record):
    """Articles about the same real-world incident or chain of events."""

    id: str
    title: str
    article_ids: list[str] = Field(default_factory=list)
    incident_ids: list[str] = Field(default_factory=list)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None


class Analysis(Record):
    """Everything read from one article: the output of ``threatline extract``."""

    article: Article
    entities: list[Entity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    times: list[TimeInterval] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    status: Literal["ok", "skipped", "failed"] = "ok"
    status_reason: str | None = None


def extract_schema() -> dict[str, Any]:
    """JSON Schema of ``threatline extract --json`` (kept in ``docs/schema/``)."""
    schema = Analysis.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Threatline extract output"
    return schema
