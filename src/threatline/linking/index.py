"""The candidate index of the story linker: bounded, incremental, serialisable.

Linking one article must not compare it with the whole store, so the index keeps:

- document frequencies of terms, for idf weights (one counter for the whole store);
- per term, the ids of the stories most recently active with that term as one of
  their distinctive terms, at most ``postings_per_term`` of them;
- per story, a centroid pruned to its ``centroid_terms`` heaviest terms and the
  union of its articles' structured evidence;
- per short page body, the headline it was first seen under (page templates).

A query touches at most ``query_terms × postings_per_term`` postings and scores at
most ``candidates`` centroids, whatever the size of the store. Every part is plain
data (:meth:`StoryIndex.to_dict`) so that a store can persist it as rows.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from threatline.linking.features import Evidence, StoryConfig

_META, _DF, _POSTING, _STORY, _SOURCE, _SOURCE_DF = "meta", "df:", "post:", "story:", "src:", "sdf:"
_BODY = "body:"
"""Key prefixes of the state's entries (see :meth:`StoryIndex.entries`)."""

_MANY = "*"
"""The headline recorded for a page line seen under more than one headline."""

_MAX_EVIDENCE = 64
"""At most this many dates, places or persons are kept per story (bounded cost)."""


@dataclass
class StoryState:
    """What the linker remembers of one story."""

    id: str
    title: str
    first_seen: dt.date | None
    last_seen: dt.date | None
    article_ids: list[str]
    centroid: dict[str, float]
    norm: float
    members: list[dict[str, float]] = field(default_factory=list)
    dates: set[dt.date] = field(default_factory=set)
    coords: list[tuple[float, float]] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    main_persons: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    dead: int | None = None
    injured: int | None = None
    years: set[int] = field(default_factory=set)
    core_dates: set[dt.date] = field(default_factory=set)
    """The incident days its reports agree on: the first dated report's, and days a later one names again."""
    created: int = 0
    """The story's rank in creation order."""

    def absorb(self, vector: dict[str, float], evidence: Evidence, keep: int, members: int) -> None:
        """Add one article's unit vector and evidence; prune the centroid to ``keep`` terms.

        Up to ``members`` article vectors are kept as well (the first and the latest
        ones): a follow-up often resembles one earlier report more than their mean.
        """
        if members > 0:
            self.members = (
                [*self.members[:1], *self.members[1:][-(members - 2) :], vector][-members:]
                if self.members
                else [vector]
            )
        for term, weight in vector.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + weight
        if len(self.centroid) > keep:
            heaviest = sorted(self.centroid.items(), key=lambda kv: -kv[1])[:keep]
            self.centroid = dict(heaviest)
        self.norm = math.sqrt(sum(w * w for w in self.centroid.values())) or 1.0
        # A day a later report alone names (its arrest's, a funeral's) is not the incident's:
        # only the first dated report's days, and days named again, are the story's own.
        if not self.core_dates:
            _extend(self.core_dates, evidence.dates)
        else:
            _extend(self.core_dates, frozenset(evidence.dates & self.dates))
        _extend(self.dates, evidence.dates)
        _extend(self.places, evidence.places)
        _extend(self.persons, evidence.persons)
        _extend(self.main_persons, evidence.main_persons)
        _extend(self.actors, evidence.actors)
        _extend(self.years, evidence.years)
        self.coords = (self.coords + list(evidence.coords))[:_MAX_EVIDENCE]
        # The largest figure is kept: later reports raise tolls more often than they lower them.
        if evidence.dead is not None:
            self.dead = max(self.dead or 0, evidence.dead)
        if evidence.injured is not None:
            self.injured = max(self.injured or 0, evidence.injured)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy (dates as ISO strings, sets as sorted lists)."""
        return {
            "id": self.id,
            "title": self.title,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "article_ids": list(self.article_ids),
            "centroid": dict(self.centroid),
            "norm": self.norm,
            "members": [dict(m) for m in self.members],
            "dates": sorted(d.isoformat() for d in self.dates),
            "coords": [list(c) for c in self.coords],
            "places": sorted(self.places),
            "persons": sorted(self.persons),
            "main_persons": sorted(self.main_persons),
            "actors": sorted(self.actors),
            "dead": self.dead,
            "injured": self.injured,
            "years": sorted(self.years),
            "core_dates": sorted(d.isoformat() for d in self.core_dates),
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> StoryState:
        """The inverse of :meth:`to_dict`."""
        return cls(
            id=raw["id"],
            title=raw["title"],
            first_seen=_date(raw["first_seen"]),
            last_seen=_date(raw["last_seen"]),
            article_ids=list(raw["article_ids"]),
            centroid={str(k): float(v) for k, v in raw["centroid"].items()},
            norm=float(raw["norm"]),
            members=[{str(k): float(v) for k, v in m.items()} for m in raw["members"]],
            dates={dt.date.fromisoformat(d) for d in raw["dates"]},
            coords=[(float(a), float(b)) for a, b in raw["coords"]],
            places=set(raw["places"]),
            persons=set(raw["persons"]),
            main_persons=set(raw.get("main_persons", ())),
            actors=set(raw["actors"]),
            dead=raw["dead"],
            injured=raw["injured"],
            years={int(y) for y in raw.get("years", ())},
            core_dates={dt.date.fromisoformat(d) for d in raw.get("core_dates", raw["dates"])},
            created=int(raw.get("created", 0)),
        )


def _extend(target: set[Any], values: frozenset[Any]) -> None:
    for value in values:
        if len(target) >= _MAX_EVIDENCE:
            return
        target.add(value)


def _date(raw: str | None) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None


@dataclass
class StoryIndex:
    """In-memory index of stories; the reference implementation of the linker's state."""

    config: StoryConfig
    documents: int = 0
    df: Counter[str] = field(default_factory=Counter)
    postings: dict[str, dict[str, None]] = field(default_factory=dict)
    stories: dict[str, StoryState] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    source_documents: Counter[str] = field(default_factory=Counter)
    source_df: dict[str, Counter[str]] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    """Key of a short page body → key of the headline it was first seen under."""
    changed: set[str] = field(default_factory=set)
    """Keys of :meth:`entries` changed since :meth:`take_changes` last ran."""

    def weigh(self, terms: dict[str, float], source: str | None = None) -> dict[str, float]:
        """Count the article in the document frequencies; return its unit tf-idf vector.

        Terms that most articles of the same ``source`` contain (the outlet's name,
        its city, its sign-off) are weighted down by the share of that source's
        articles that hold them, once the source has ``min_source_documents``.
        """
        self.documents += 1
        self.df.update(terms.keys())
        self.changed.add(_META)
        self.changed.update(_DF + t for t in terms)
        n = self.documents
        trust = n >= self.config.min_documents
        own: Counter[str] | None = None
        own_n = 0
        if source is not None:
            self.source_documents[source] += 1
            own = self.source_df.setdefault(source, Counter())
            own.update(terms.keys())
            own_n = self.source_documents[source]
            self.changed.add(_SOURCE + source)
            self.changed.update(f"{_SOURCE_DF}{source}|{t}" for t in terms)
        vector: dict[str, float] = {}
        for term, tf in terms.items():
            df = self.df[term]
            if trust and df / n > self.config.max_df:
                continue
            weight = tf * (math.log((n + 1) / (df + 1)) + 1.0)
            if own is not None and own_n >= self.config.min_source_documents:
                weight *= 1.0 - (own[term] - 1) / (own_n - 1)
            if weight > 0:
                vector[term] = weight
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {term: w / norm for term, w in vector.items()}

    def template(
        self, body: str, headline: str, lines: Sequence[tuple[str, int]] = (), line_share: float = 1.0
    ) -> bool:
        """Whether ``body`` was seen before under another headline (the first one is kept).

        Also when at least ``line_share`` of the body's characters are in ``lines``
        (key, length) seen under two other headlines before: the same form on a
        sister site, with that site's name in one line. Keys come from
        :func:`~threatline.linking.features.page_keys` and
        :func:`~threatline.linking.features.page_line_keys`.
        """
        first = self.bodies.get(body)
        if first is None:
            self.bodies[body] = headline
            self.changed.add(_BODY + body)
        elif first != headline:
            return True
        seen = total = 0
        for key, size in lines:
            total += size
            first = self.bodies.get(key)
            if first == _MANY:
                seen += size
            elif first is None or first != headline:
                # A line two pages share may be one report copied; a form's lines recur
                # under many headlines: only a line seen under two others counts.
                self.bodies[key] = headline if first is None else _MANY
                self.changed.add(_BODY + key)
        return total > 0 and seen >= line_share * total

    def distinctive(self, vector: dict[str, float]) -> list[str]:
        """The article's heaviest terms: what it is looked up and indexed by."""
        return [t for t, _ in sorted(vector.items(), key=lambda kv: -kv[1])[: self.config.query_terms]]

    def candidates(
        self, vector: dict[str, float], terms: list[str], keys: Sequence[str] = ()
    ) -> list[StoryState]:
        """At most ``candidates`` stories sharing the most weight of ``terms``.

        Each evidence key (see :func:`~threatline.linking.features.evidence_keys`)
        shared with a story adds ``key_vote`` to its vote.
        """
        votes: defaultdict[str, float] = defaultdict(float)
        for term in terms:
            for story_id in self.postings.get(term, ()):
                votes[story_id] += vector[term]
        for key in keys:
            for story_id in self.postings.get(key, ()):
                votes[story_id] += self.config.evidence.key_vote
        best = heapq.nlargest(self.config.candidates, votes.items(), key=lambda kv: kv[1])
        return [self.stories[s] for s, _ in best]

    def add(self, story: StoryState, terms: list[str]) -> None:
        """Register ``story`` as the latest story active with each of ``terms``."""
        self.stories[story.id] = story
        self.changed.add(_STORY + story.id)
        cap = self.config.postings_per_term
        self.changed.update(_POSTING + t for t in terms)
        for term in terms:
            posting = self.postings.setdefault(term, {})
            posting.pop(story.id, None)
            posting[story.id] = None
            if len(posting) > cap:
                # Dicts keep insertion order: the first key is the least recently active story.
                del posting[next(iter(posting))]

    def to_dict(self) -> dict[str, Any]:
        """All state as JSON-ready data (see the module docstring for what it holds)."""
        return {
            "documents": self.documents,
            "df": dict(self.df),
            "postings": {t: list(p) for t, p in self.postings.items()},
            "stories": [s.to_dict() for s in self.stories.values()],
            "story_of": dict(self.story_of),
            "source_documents": dict(self.source_documents),
            "source_df": {s: dict(c) for s, c in self.source_df.items()},
            "bodies": dict(self.bodies),
        }

    def entry(self, key: str) -> Any:
        """The current value of one entry of the state (None: the entry is gone)."""
        kind, _, name = key.partition(":")
        prefix = kind + ":"
        if key == _META:
            return {"documents": self.documents}
        if prefix == _DF:
            return self.df.get(name)
        if prefix == _POSTING:
            posting = self.postings.get(name)
            return list(posting) if posting is not None else None
        if prefix == _STORY:
            story = self.stories.get(name)
            return story.to_dict() if story is not None else None
        if prefix == _SOURCE:
            return self.source_documents.get(name)
        if prefix == _SOURCE_DF:
            source, _, term = name.partition("|")
            return self.source_df.get(source, Counter()).get(term)
        if prefix == _BODY:
            return self.bodies.get(name)
        raise KeyError(key)

    def take_changes(self) -> dict[str, Any]:
        """The entries changed since the last call (key → value, None to delete); resets."""
        changes = {key: self.entry(key) for key in sorted(self.changed)}
        self.changed.clear()
        return changes

    def entries(self) -> dict[str, Any]:
        """The whole state as entries, one per term, posting list, story and outlet.

        A store keeps them as rows and rewrites only :meth:`take_changes`, so saving
        after a batch costs what the batch changed, not what the store holds.
        """
        keys = [_META, *(_DF + t for t in self.df), *(_POSTING + t for t in self.postings)]
        keys += [_STORY + sid for sid in self.stories]
        keys += [_SOURCE + src for src in self.source_documents]
        keys += [f"{_SOURCE_DF}{src}|{t}" for src, c in self.source_df.items() for t in c]
        keys += [_BODY + body for body in self.bodies]
        return {key: self.entry(key) for key in keys}

    @classmethod
    def from_entries(cls, entries: dict[str, Any], config: StoryConfig) -> StoryIndex:
        """The inverse of :meth:`entries` (entries in any order)."""
        index = cls(config)
        for key, value in entries.items():
            kind, _, name = key.partition(":")
            prefix = kind + ":"
            if key == _META:
                index.documents = int(value["documents"])
            elif prefix == _DF:
                index.df[name] = int(value)
            elif prefix == _POSTING:
                index.postings[name] = dict.fromkeys(value)
            elif prefix == _STORY:
                index.stories[name] = StoryState.from_dict(value)
            elif prefix == _SOURCE:
                index.source_documents[name] = int(value)
            elif prefix == _SOURCE_DF:
                source, _, term = name.partition("|")
                index.source_df.setdefault(source, Counter())[term] = int(value)
            elif prefix == _BODY:
                index.bodies[name] = str(value)
        # Posting lists keep their recency order as stored; stories, their creation order.
        index.stories = dict(sorted(index.stories.items(), key=lambda kv: kv[1].created))
        index.story_of = {a: sid for sid, story in index.stories.items() for a in story.article_ids}
        return index

    @classmethod
    def from_dict(cls, raw: dict[str, Any], config: StoryConfig) -> StoryIndex:
        """The inverse of :meth:`to_dict`."""
        stories = [StoryState.from_dict(s) for s in raw["stories"]]
        return cls(
            config=config,
            documents=int(raw["documents"]),
            df=Counter({str(k): int(v) for k, v in raw["df"].items()}),
            postings={t: dict.fromkeys(p) for t, p in raw["postings"].items()},
            stories={s.id: s for s in stories},
            story_of=dict(raw["story_of"]),
            source_documents=Counter({str(k): int(v) for k, v in raw["source_documents"].items()}),
            source_df={
                s: Counter({str(k): int(v) for k, v in c.items()}) for s, c in raw["source_df"].items()
            },
            bodies={str(k): str(v) for k, v in raw.get("bodies", {}).items()},
        )
