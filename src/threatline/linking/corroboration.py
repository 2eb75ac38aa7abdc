"""How many independent sources confirm an incident, and who quoted whom.

A source is an outlet. Its key is the KB id when the KB knows the outlet as a
media entity ("The Daily Caller" → ``daily-caller``), else its normalised name,
else (unknown outlet) ``article:<id>``, so that undated, unsourced reports still
count once each.

Not independent:

* a near or exact copy (``Article.duplicate_of``) of an article in the incident:
  it adds nothing the original did not say;
* a *relay*: an article whose every report of the incident is attributed to a
  media outlet (``Event.attributed_to`` or an attribution chain over the same
  evidence). It counts as the outlet it relays: once, and not at all when that
  outlet is among the incident's sources ("an article citing The Daily Caller is
  not independent of The Daily Caller").

Background mentions (an article recalling the incident) count only when the
incident has no other report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from threatline.analysis.kb import alias_key, folded_key
from threatline.models import EntityRef


class MediaKB(Protocol):
    """The part of the knowledge base corroboration needs."""

    def type_of(self, entity_id: str) -> str | None: ...

    def candidates(self, alias: str) -> list[str]: ...


@dataclass(frozen=True)
class Cite:
    """A source an event is attributed to: its key and whether the KB knows it as media."""

    key: str
    media: bool


@dataclass(frozen=True)
class SourceReport:
    """One article's part in an incident.

    ``cites`` holds, per event of the article in the incident, the sources that
    event is attributed to (an empty tuple: the article's own reporting).
    """

    article_id: str
    key: str
    name: str
    duplicate_of: str | None = None
    cites: tuple[tuple[Cite, ...], ...] = ()
    background: bool = False


@dataclass
class SourceBreakdown:
    """One outlet in an incident: its articles, copies, whom it quotes, who quotes it."""

    key: str
    name: str
    article_ids: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    quoted_by: list[str] = field(default_factory=list)
    independent: bool = False


@dataclass(frozen=True)
class Corroboration:
    """The independent source count and the per-outlet breakdown."""

    independent_sources: int
    origins: list[str]
    sources: list[SourceBreakdown]


def name_key(name: str) -> str:
    """The key of an outlet name that the KB does not know ("The Daily Caller's" → "daily caller")."""
    return folded_key(alias_key(name))


def source_key(source: str | None, article_id: str, kb: MediaKB | None = None) -> str:
    """The key an article's outlet is counted under (see the module docstring)."""
    if source is None or not source.strip():
        return f"article:{article_id}"
    if kb is not None:
        for entity_id in kb.candidates(source):
            if kb.type_of(entity_id) == "media":
                return entity_id
    return name_key(source)


def cite_of(ref: EntityRef, kb: MediaKB | None = None) -> Cite | None:
    """The cite an attribution names: a media KB id, else the normalised name; None if empty."""
    if ref.entity_id is not None and kb is not None and kb.type_of(ref.entity_id) == "media":
        return Cite(ref.entity_id, media=True)
    name = ref.name or ref.text
    if kb is not None and name:
        for entity_id in kb.candidates(name):
            if kb.type_of(entity_id) == "media":
                return Cite(entity_id, media=True)
    key = name_key(name) if name else ""
    return Cite(key, media=False) if key else None


def cites_of(refs: Iterable[EntityRef], kb: MediaKB | None = None) -> tuple[Cite, ...]:
    """The cites of several attributions, without repeats, in order."""
    seen: dict[str, Cite] = {}
    for ref in refs:
        cite = cite_of(ref, kb)
        if cite is not None and cite.key not in seen:
            seen[cite.key] = cite
    return tuple(seen.values())


def corroborate(reports: Sequence[SourceReport]) -> Corroboration:
    """Count independent sources among ``reports`` (the incident's articles) and explain the count."""
    reporting = [r for r in reports if not r.background] or list(reports)
    by_article = {r.article_id: r for r in reporting}
    present = {r.key for r in reporting}
    breakdown: dict[str, SourceBreakdown] = {}
    for r in reporting:
        entry = breakdown.setdefault(r.key, SourceBreakdown(r.key, r.name))
        entry.article_ids.append(r.article_id)
    origins: list[str] = []
    for r in reporting:
        entry = breakdown[r.key]
        if r.duplicate_of is not None and r.duplicate_of in by_article:
            entry.copies.append(r.article_id)
            continue
        # a cite counts when the KB knows it as media or it names an outlet of this incident
        relayed = [
            [c.key for c in event if c.key != r.key and (c.media or c.key in present)] for event in r.cites
        ]
        if r.cites and all(relayed):
            for key in dict.fromkeys(k for keys in relayed for k in keys[:1]):
                if key not in entry.quotes:
                    entry.quotes.append(key)
                cited = breakdown.setdefault(key, SourceBreakdown(key, key))
                if r.key not in cited.quoted_by:
                    cited.quoted_by.append(r.key)
                if key not in origins:
                    origins.append(key)
            continue
        entry.independent = True
        if r.key not in origins:
            origins.append(r.key)
    for key in origins:
        breakdown[key].independent = True
    return Corroboration(len(origins), origins, list(breakdown.values()))
