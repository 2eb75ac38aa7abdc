"""Incremental incident linking: which events, across articles, are one real-world event?

Articles arrive in publication order; each article's events are scored against a
bounded set of candidate incidents retrieved from an index keyed by (type, week of
the date) and (type, country), plus the incidents of the article's story. Hard
rules veto a match (another PLOVER type; places farther than ``place_km`` or in
other countries; dates further apart than ``date_tolerance_days``); soft evidence
(modes, actors and recipients related through the KB, same place, precise
overlapping dates, same story) adds up to a score, and the event joins the best
incident reaching ``threshold``, else founds a new one. The rules are written out
in ``docs/linking.md``.

Incident ids are ``inc-`` plus a hash of the founding event's id, so they are
stable. An event that also scores ``bridge_threshold`` with a second, compatible
incident merges the two (the older id is kept); an article whose events the rest
of its incident now vetoes is split off. Both are recorded as :class:`Relink`.

Example::

    linker = IncidentLinker()
    for analysis in analyses:  # publication order
        linker.link(analysis.article, analysis.events, story_id=stories.story_of(analysis.article.id))
    incidents = linker.incidents()
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from threatline.analysis.geocode import distance_km, load_gazetteer
from threatline.analysis.kb import default_kb
from threatline.errors import DataFileError
from threatline.linking.conflicts import (
    FigureReport,
    ValueReport,
    actor_conflict,
    date_conflict,
    estimate,
    figure_conflict,
)
from threatline.linking.corroboration import Corroboration, SourceReport, cites_of, corroborate, source_key
from threatline.models import (
    Article,
    Attribution,
    EntityRef,
    Event,
    Incident,
    Location,
    Precision,
    Published,
    TimeInterval,
)

STATE_VERSION = 1
"""Stored with serialised state; a different version means re-linking from scratch."""


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode_match: float
    mode_conflict: float
    actor_same: float
    actor_related: float
    actor_conflict: float
    recipient_same: float
    recipient_related: float
    recipient_conflict: float
    place_near: float
    place_country: float
    date_precise: float
    date_open: float
    story_same: float


class IncidentConfig(BaseModel):
    """The ``incidents`` section of ``data/incident_linking.yaml``, validated."""

    model_config = ConfigDict(extra="forbid")

    threshold: float
    bridge_threshold: float
    place_km: float = Field(gt=0)
    date_tolerance_days: int = Field(ge=0)
    precise_days: int = Field(ge=0)
    bucket_days: int = Field(gt=0)
    max_bucket_span_days: int = Field(gt=0)
    postings_per_key: int = Field(gt=0)
    skip_status: frozenset[str]
    background_status: frozenset[str]
    background_creates: bool
    open_lookback_days: int = Field(gt=0)
    story_lookback_days: int = Field(gt=0)
    weights: Weights
    infer_precisions: frozenset[Precision] = frozenset({"day", "month", "year"})


class _InferConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allow: frozenset[Precision]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incidents: IncidentConfig
    infer_published: _InferConfig


@cache
def default_config() -> IncidentConfig:
    """The bundled ``incident_linking.yaml``, validated once."""
    path = resources.files("threatline") / "data" / "incident_linking.yaml"
    try:
        parsed = _File.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(f"{path}: invalid incident linking file: {exc}") from exc
    return parsed.incidents.model_copy(update={"infer_precisions": parsed.infer_published.allow})


class ActorKB(Protocol):
    """The part of the knowledge base incident linking needs (``default_kb()`` has it)."""

    def is_part_of(self, entity_id: str, ancestor_id: str) -> bool: ...

    def parents(self, entity_id: str) -> list[str]: ...

    def type_of(self, entity_id: str) -> str | None: ...

    def candidates(self, alias: str) -> list[str]: ...


IsCoarse = Callable[[Location], bool]
"""Whether a location names a whole country (or larger), so only its country can be compared."""


def country_level(location: Location) -> bool:
    """True when ``location`` has no coordinates or sits on its country's gazetteer point."""
    if location.lat is None or location.lon is None or location.country is None:
        return True
    country = load_gazetteer().country(location.country)
    return (
        country is not None
        and country.lat is not None
        and country.lon is not None
        and abs(country.lat - location.lat) < 0.01
        and abs(country.lon - location.lon) < 0.01
    )


@dataclass(frozen=True)
class Relink:
    """A change of the picture: ``merge`` (``from_ids`` absorbed into ``to_id``) or ``split``."""

    kind: Literal["merge", "split"]
    from_ids: list[str]
    to_id: str
    article_id: str
    reason: str


@dataclass(frozen=True)
class Assignment:
    """Where one event went: ``reason`` is joined, created, bridged, skipped:<status>."""

    event_id: str
    incident_id: str | None
    score: float
    reason: str


@dataclass
class LinkResult:
    article_id: str
    assignments: list[Assignment] = field(default_factory=list)
    relinks: list[Relink] = field(default_factory=list)


@dataclass
class Member:
    """One event in an incident, with what corroboration needs of its article."""

    event: Event
    source: str | None
    source_key: str
    duplicate_of: str | None
    background: bool
    cites: list[EntityRef]
    order: int


@dataclass
class IncidentState:
    id: str
    type: str
    created: int
    members: list[Member] = field(default_factory=list)
    story_ids: set[str] = field(default_factory=set)


def incident_id(event_id: str) -> str:
    """The stable id of an incident founded by ``event_id``."""
    return "inc-" + hashlib.sha1(event_id.encode()).hexdigest()[:12]  # noqa: S324 - an id, not security


def _km(a: Location, b: Location) -> float:
    return distance_km((a.lat or 0.0, a.lon or 0.0), (b.lat or 0.0, b.lon or 0.0))


def _span(t: TimeInterval | None) -> tuple[dt.date | None, dt.date | None]:
    if t is None:
        return None, None
    return t.start, t.end


@dataclass(frozen=True)
class _View:
    """The fields an event is compared on (an event's own, or an incident's derived ones)."""

    type: str
    mode: frozenset[str]
    actor: str | None
    recipient: str | None
    location: Location | None
    date: TimeInterval | None
    date_soft: bool = False
    """the date is only a report's scene time (:attr:`Event.date_from_scene`): it never vetoes"""


Span = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class _Derived:
    """An incident's view as of its last change (see :meth:`IncidentLinker._post`)."""

    view: _View
    meet: Span | None
    """the view's date as :meth:`IncidentLinker._meet_span` closes it (None: undated)"""


def _view_of(event: Event) -> _View:
    return _View(
        event.type,
        frozenset(event.mode),
        event.actor.entity_id if event.actor else None,
        event.recipient.entity_id if event.recipient else None,
        event.location,
        event.date,
        event.date_from_scene,
    )


class IncidentLinker:
    """Links articles' events into incidents, one article at a time.

    ``kb`` resolves actor hierarchy and outlets (``default_kb()`` when None);
    ``is_coarse`` decides whether a location is country-level.
    """

    def __init__(
        self,
        config: IncidentConfig | None = None,
        kb: ActorKB | None = None,
        is_coarse: IsCoarse | None = None,
    ) -> None:
        if kb is None:
            kb = default_kb()
        self.config = config or default_config()
        self.kb = kb
        self.is_coarse = is_coarse or country_level
        self.states: dict[str, IncidentState] = {}
        self.incident_of: dict[str, str] = {}
        self.postings: dict[str, list[str]] = {}
        self.story_incidents: dict[str, list[str]] = {}
        self.relinks: list[Relink] = []
        self._order = 0
        self._changed: set[str] = set()  # incident ids touched since changes() last ran
        # Each incident's derived view, rebuilt only when its members change: scoring
        # compares it with every candidate event, far more often than members change.
        self._derived: dict[str, _Derived] = {}

    # --- compatibility -------------------------------------------------------

    def _related(self, a: str, b: str) -> bool:
        return self.kb.is_part_of(a, b) or self.kb.is_part_of(b, a)

    def _known(self, entity_id: str | None) -> bool:
        return entity_id is not None and self.kb.type_of(entity_id) is not None

    def _role(self, a: str | None, b: str | None, same: float, related: float, conflict: float) -> float:
        if a is None or b is None:
            return 0.0
        if a == b:
            return same
        if self._known(a) and self._known(b):
            return related if self._related(a, b) else conflict
        return 0.0

    def _place(self, a: Location | None, b: Location | None) -> float | None:
        """Place evidence; None is a veto."""
        w = self.config.weights
        if a is None or b is None:
            return 0.0
        # A state or region is no point: "Virginia" and a town in it are not 300 km apart.
        fine = not self.is_coarse(a) and not self.is_coarse(b) and not _area_level(a) and not _area_level(b)
        if fine:
            return w.place_near if _km(a, b) <= self.config.place_km else None
        if a.country is not None and b.country is not None:
            return w.place_country if a.country == b.country else None
        return 0.0

    def _date(self, a: TimeInterval | None, b: TimeInterval | None) -> float | None:
        """Date evidence; None is a veto (further apart than the tolerance)."""
        return self._date_spans(_span(a), _span(b))

    def _date_spans(self, a: Span, b: Span) -> float | None:
        """:meth:`_date` of two intervals given as (start, end)."""
        (s1, e1), (s2, e2) = a, b
        if (s1 is None and e1 is None) or (s2 is None and e2 is None):
            return 0.0
        tolerance = dt.timedelta(days=self.config.date_tolerance_days)
        if (e1 is not None and s2 is not None and e1 + tolerance < s2) or (
            e2 is not None and s1 is not None and e2 + tolerance < s1
        ):
            return None
        precise = dt.timedelta(days=self.config.precise_days)
        bounded = all(x is not None for x in (s1, e1, s2, e2))
        if bounded and e1 - s1 <= precise and e2 - s2 <= precise:  # type: ignore[operator]
            return self.config.weights.date_precise
        return self.config.weights.date_open

    def _open_dates_closed(self, a: TimeInterval | None, b: TimeInterval | None) -> tuple[Span, Span]:
        """Dates only "before publication" closed: two such dates each fall within
        ``open_lookback_days`` of it, one against a dated incident within ``story_lookback_days``.

        Otherwise two undated reports of one story join however far apart they
        were published: a story of identical sign-up pages years apart made one
        incident of four shootings. An undated report joins a dated incident of
        its story within ``story_lookback_days`` (a trial months later).
        """
        if a is None or b is None or (a.start is not None and b.start is not None):
            return _span(a), _span(b)
        if a.start is not None or b.start is not None:
            # one is dated: a later report of the story joins it within the story lookback
            far = dt.timedelta(days=self.config.story_lookback_days)
            return _recent_span(a, far), _recent_span(b, far)
        lookback = dt.timedelta(days=self.config.open_lookback_days)
        return _recent_span(a, lookback), _recent_span(b, lookback)

    def _dates_may_meet(self, a: TimeInterval | None, b: TimeInterval | None) -> bool:
        """Whether events of different stories are close enough in time to be one.

        Across stories only time tells two threats by one group apart, so an event
        with no date at all never joins another story's incident, and one dated
        only "before publication" is taken to fall within ``open_lookback_days``
        of it (news reports recent events; a 2024 report does not join a 2016
        incident on that alone).
        """
        a_span, b_span = self._meet_span(a), self._meet_span(b)
        return a_span is not None and b_span is not None and self._spans_meet(a_span, b_span)

    def _meet_span(self, interval: TimeInterval | None) -> Span | None:
        """The span :meth:`_dates_may_meet` compares: None when undated, an open start
        closed at ``open_lookback_days`` before the end."""
        if interval is None or _undated(interval):
            return None
        return _recent_span(interval, dt.timedelta(days=self.config.open_lookback_days))

    def _spans_meet(self, a: Span, b: Span) -> bool:
        """Whether two spans, neither wholly open, are within the date tolerance (no :meth:`_date` veto)."""
        return _within(a, b, dt.timedelta(days=self.config.date_tolerance_days))

    def score(self, event: _View, incident: _View, same_story: bool = False) -> float | None:
        """The evidence that ``event`` and ``incident`` are one event; None when a hard rule vetoes it."""
        if event.type != incident.type:
            return None
        place = self._place(event.location, incident.location)
        date = self._date_spans(*self._open_dates_closed(event.date, incident.date))
        if date is None and (event.date_soft or incident.date_soft):
            date = 0.0  # a scene time is a guess: it neither vetoes nor supports
        if place is None or date is None:
            return None
        w = self.config.weights
        total = place + date + (w.story_same if same_story else 0.0)
        if event.mode and incident.mode:
            total += w.mode_match if event.mode & incident.mode else w.mode_conflict
        total += self._role(event.actor, incident.actor, w.actor_same, w.actor_related, w.actor_conflict)
        total += self._role(
            event.recipient, incident.recipient, w.recipient_same, w.recipient_related, w.recipient_conflict
        )
        return total

    # --- derived fields ------------------------------------------------------

    def _most_specific(self, refs: Sequence[tuple[EntityRef, str]]) -> EntityRef | None:
        """The agreed actor: most articles related to it, then the deepest in the KB hierarchy."""
        with_id = [(r, a) for r, a in refs if r.entity_id is not None]
        if not with_id:
            return refs[0][0] if refs else None

        def rank(i: int) -> tuple[int, int, int, int]:
            ref = with_id[i][0]
            eid = ref.entity_id or ""
            support = len(
                {a for r, a in with_id if r.entity_id == eid or self._related(eid, r.entity_id or "")}
            )
            return support, self._known(eid), len(self.kb.parents(eid)), -i

        return with_id[max(range(len(with_id)), key=rank)][0]

    def _location(self, members: Sequence[Member]) -> Location | None:
        """The most specific located place most articles support.

        Located places below country level compete: a settlement beats a state
        or region (:func:`_area_level`), then the place with the most articles
        placing the event within ``place_km`` of it wins, then the first seen.
        Without one, the first place with a country, else the first place.
        """
        located = [(m.event.location, m.event.article_id) for m in members if m.event.location is not None]
        places = [p for p, _ in located]
        fine = [(p, a) for p, a in located if not self.is_coarse(p)]
        if fine:
            km = self.config.place_km

            def rank(i: int) -> tuple[bool, int, int]:
                p = fine[i][0]
                support = len({a for q, a in fine if _km(p, q) <= km})
                return not _area_level(p), support, -i

            return fine[max(range(len(fine)), key=rank)][0]
        with_country = [p for p in places if p.country is not None]
        chosen = with_country or places
        return chosen[0] if chosen else None

    def _date_of(self, members: Sequence[Member]) -> TimeInterval | None:
        """The day most articles name, else the most precise interval overlapping the most articles' dates.

        A day-precise date is preferred when any member has one (see :func:`_agreed_day`);
        otherwise among bounded intervals the one overlapping the most articles'
        dates wins, then the narrowest, then the first seen.
        """
        day = _agreed_day(members)
        if day is not None:
            return day
        dates = [(m.event.date, m.event.article_id) for m in members if m.event.date is not None]
        bounded = [(d, a) for d, a in dates if d.start is not None and d.end is not None]
        if not bounded:
            return dates[0][0] if dates else None

        def rank(i: int) -> tuple[int, int, int]:
            d = bounded[i][0]
            support = len({a for o, a in dates if self._date(d, o) is not None and _overlaps(d, o)})
            return support, -((d.end - d.start).days), -i  # type: ignore[operator]

        return bounded[max(range(len(bounded)), key=rank)][0]

    def _state_view(self, state: IncidentState) -> _Derived:
        """The incident's derived view, computed once after each change of its members.

        Every change of members is followed by :meth:`_post`, which drops the
        stored view; events are not changed once linked.
        """
        derived = self._derived.get(state.id)
        if derived is None:
            view = self._view(state.members, state.type)
            derived = _Derived(view, self._meet_span(view.date))
            self._derived[state.id] = derived
        return derived

    def _view(self, members: Sequence[Member], type_: str) -> _View:
        reporting = [m for m in members if not m.background] or list(members)
        actor = self._most_specific([(m.event.actor, m.event.article_id) for m in reporting if m.event.actor])
        recipient = self._most_specific(
            [(m.event.recipient, m.event.article_id) for m in reporting if m.event.recipient]
        )
        date, soft = self._dated(members, reporting)
        return _View(
            type_,
            frozenset(x for m in reporting for x in m.event.mode),
            actor.entity_id if actor else None,
            recipient.entity_id if recipient else None,
            self._location(reporting),
            date,
            soft,
        )

    def _dated(
        self, members: Sequence[Member], reporting: Sequence[Member]
    ) -> tuple[TimeInterval | None, bool]:
        """The incident's date, and whether it is only a scene time.

        Dates the text ties to the event come first: the reports' own, then those
        of background mentions in the same reports (:func:`_told_again`); a scene
        time (:attr:`Event.date_from_scene`) dates the incident only when nothing
        else does, and is then soft.
        """
        stated = [m for m in reporting if not m.event.date_from_scene]
        if _bounded(stated):
            return self._date_of(stated), False
        told = [m for m in _told_again(members, reporting) if not m.event.date_from_scene]
        if _bounded(told):
            return self._date_of(told), False
        return self._date_of(reporting), _bounded(reporting)

    # --- index ---------------------------------------------------------------

    def _keys(self, view: _View) -> list[str]:
        keys = [f"t|{view.type}"]
        start, end = _span(view.date)
        if start is not None and end is not None and (end - start).days <= self.config.max_bucket_span_days:
            tol = self.config.date_tolerance_days
            first = (start.toordinal() - tol) // self.config.bucket_days
            last = (end.toordinal() + tol) // self.config.bucket_days
            keys += [f"d|{view.type}|{b}" for b in range(first, last + 1)]
        if view.location is not None and view.location.country is not None:
            keys.append(f"c|{view.type}|{view.location.country}")
        return keys

    def _post(self, state: IncidentState) -> None:
        """Index ``state`` again after its members changed (every change ends here)."""
        self._changed.add(state.id)
        self._derived.pop(state.id, None)
        for key in self._keys(self._state_view(state).view):
            posting = self.postings.setdefault(key, [])
            if state.id in posting:
                posting.remove(state.id)
            posting.append(state.id)
            del posting[: -self.config.postings_per_key]

    def _candidates(self, view: _View, story_id: str | None) -> list[str]:
        found: dict[str, None] = {}
        for key in self._keys(view):
            found.update(dict.fromkeys(self.postings.get(key, ())))
        if story_id is not None:
            found.update(dict.fromkeys(self.story_incidents.get(story_id, ())))
        return [i for i in found if i in self.states]

    # --- linking -------------------------------------------------------------

    def link(
        self,
        article: Article,
        events: Sequence[Event],
        story_id: str | None = None,
        attributions: Sequence[Attribution] = (),
    ) -> LinkResult:
        """Link one article's events; returns where each went and any merge or split it caused."""
        result = LinkResult(article.id)
        key = source_key(article.source, article.id, self.kb)
        for event in events:
            if event.id in self.incident_of:
                result.assignments.append(Assignment(event.id, self.incident_of[event.id], 1.0, "known"))
                continue
            if event.status in self.config.skip_status:
                result.assignments.append(Assignment(event.id, None, 0.0, f"skipped:{event.status}"))
                continue
            background = event.status in self.config.background_status
            self._order += 1
            member = Member(
                event,
                article.source,
                key,
                article.duplicate_of,
                background,
                _cites(event, attributions),
                self._order,
            )
            view = _view_of(event)
            # _dates_may_meet(view.date, incident date), its spans made once per event and incident
            meet = self._meet_span(view.date)
            tolerance = dt.timedelta(days=self.config.date_tolerance_days)
            scored: list[tuple[float, int, str]] = []
            for cid in self._candidates(view, story_id):
                state = self.states[cid]
                same_story = story_id in state.story_ids
                if not same_story and meet is None:
                    continue
                derived = self._state_view(state)
                if not same_story and (
                    meet is None or derived.meet is None or not _within(meet, derived.meet, tolerance)
                ):
                    continue
                s = self.score(view, derived.view, same_story)
                if s is not None and s >= self.config.threshold:
                    scored.append((s, -state.created, cid))
            scored.sort(reverse=True)
            if not scored:
                if background and not self.config.background_creates:
                    result.assignments.append(Assignment(event.id, None, 0.0, "skipped:background"))
                    continue
                state = IncidentState(incident_id(event.id), event.type, self._order)
                self.states[state.id] = state
                self._add(state, member, story_id)
                result.assignments.append(Assignment(event.id, state.id, 0.0, "created"))
                continue
            best_score, _, best = scored[0]
            target = self.states[best]
            self._add(target, member, story_id)
            reason = "joined"
            for s, _, other in scored[1:]:
                if (
                    s >= self.config.bridge_threshold
                    and other in self.states
                    and self._mergeable(target, other)
                ):
                    target = self._merge(target, self.states[other], article.id, result, event.id)
                    reason = "bridged"
            result.assignments.append(Assignment(event.id, target.id, best_score, reason))
            self._recheck(target, article.id, result)
        self.relinks.extend(result.relinks)
        return result

    def _add(self, state: IncidentState, member: Member, story_id: str | None) -> None:
        state.members.append(member)
        self.incident_of[member.event.id] = state.id
        if story_id is not None:
            state.story_ids.add(story_id)
            listed = self.story_incidents.setdefault(story_id, [])
            if state.id not in listed:
                listed.append(state.id)
        self._post(state)

    def _mergeable(self, a: IncidentState, b_id: str) -> bool:
        b = self.states[b_id]
        return self.score(self._state_view(a).view, self._state_view(b).view) is not None

    def _merge(
        self, a: IncidentState, b: IncidentState, article_id: str, result: LinkResult, event_id: str
    ) -> IncidentState:
        keep, gone = (a, b) if a.created <= b.created else (b, a)
        keep.members = sorted(keep.members + gone.members, key=lambda m: m.order)
        keep.story_ids |= gone.story_ids
        for m in gone.members:
            self.incident_of[m.event.id] = keep.id
        for listed in self.story_incidents.values():
            if gone.id in listed:
                listed.remove(gone.id)
                if keep.id not in listed:
                    listed.append(keep.id)
        del self.states[gone.id]
        self._derived.pop(gone.id, None)
        self._changed.add(gone.id)
        self._post(keep)
        result.relinks.append(
            Relink("merge", [gone.id], keep.id, article_id, f"event {event_id} matches both")
        )
        return keep

    def _recheck(self, state: IncidentState, article_id: str, result: LinkResult) -> None:
        """Split off articles whose every event the rest of the incident now vetoes."""
        articles = list(dict.fromkeys(m.event.article_id for m in state.members))
        if len(articles) < 3:
            return
        for aid in articles:
            own = [m for m in state.members if m.event.article_id == aid]
            rest = [m for m in state.members if m.event.article_id != aid]
            rest_view = self._view(rest, state.type)
            if any(self.score(_view_of(m.event), rest_view) is not None for m in own):
                continue
            founder_moves = own[0].order == min(m.order for m in state.members)
            state.members = rest
            new_id = incident_id(own[0].event.id + (":split" if founder_moves else ""))
            split = IncidentState(new_id, state.type, own[0].order, own, set(state.story_ids))
            self.states[new_id] = split
            for m in own:
                self.incident_of[m.event.id] = new_id
            for sid in split.story_ids:
                self.story_incidents.setdefault(sid, []).append(new_id)
            self._post(split)
            self._post(state)
            result.relinks.append(
                Relink("split", [state.id], new_id, article_id, f"article {aid} no longer fits")
            )
            return

    # --- output --------------------------------------------------------------

    def corroboration(self, incident_id: str) -> Corroboration:
        """Independent sources of one incident and the per-outlet breakdown (who quoted whom)."""
        state = self.states[incident_id]
        reports: list[SourceReport] = []
        for aid in dict.fromkeys(m.event.article_id for m in state.members):
            own = [m for m in state.members if m.event.article_id == aid]
            first = own[0]
            reports.append(
                SourceReport(
                    aid,
                    first.source_key,
                    first.source or first.source_key,
                    first.duplicate_of,
                    tuple(cites_of(m.cites, self.kb) for m in own if not m.background)
                    or tuple(cites_of(m.cites, self.kb) for m in own),
                    background=all(m.background for m in own),
                )
            )
        return corroborate(reports)

    def incident(self, incident_id: str) -> Incident:
        """One incident as an :class:`~threatline.models.Incident` record, its fields derived."""
        state = self.states[incident_id]
        members = state.members
        reporting = [m for m in members if not m.background] or members
        view = self._state_view(state).view
        actor = self._most_specific([(m.event.actor, m.event.article_id) for m in reporting if m.event.actor])
        recipient = self._most_specific(
            [(m.event.recipient, m.event.article_id) for m in reporting if m.event.recipient]
        )
        corroboration = self.corroboration(incident_id)
        figures: dict[str, list[FigureReport]] = {"dead": [], "injured": []}
        for m in reporting:
            for name, reports in figures.items():
                value = getattr(m.event, name)
                if value is not None:
                    reports.append(FigureReport(value, m.event.article_id, m.source_key, m.order))
        conflicts = [c for name, r in figures.items() if (c := figure_conflict(name, r)) is not None]
        actors = [
            ValueReport(m.event.actor.entity_id, m.event.article_id, m.source_key)
            for m in reporting
            if m.event.actor is not None
            and self._known(m.event.actor.entity_id)
            and m.event.actor.entity_id is not None
        ]
        if (c := actor_conflict("actor", actors, self._related)) is not None:
            conflicts.append(c)
        dated = [
            (m.event.date, m.event.article_id, m.source_key)
            for m in reporting
            if m.event.date is not None and not m.event.date_from_scene
        ]
        if (c := date_conflict(dated)) is not None:
            conflicts.append(c)
        modes = list(dict.fromkeys(x for m in reporting for x in m.event.mode))
        return Incident(
            id=state.id,
            type=state.type,
            mode=modes,
            actor=actor,
            recipient=recipient,
            location=view.location,
            date=view.date,
            dead=estimate(figures["dead"]),
            injured=estimate(figures["injured"]),
            event_ids=[m.event.id for m in members],
            article_ids=list(dict.fromkeys(m.event.article_id for m in members)),
            sources=list(dict.fromkeys(m.source or m.source_key for m in reporting)),
            independent_sources=corroboration.independent_sources,
            conflicts=conflicts,
        )

    def incidents(self) -> list[Incident]:
        """Every incident, in order of creation."""
        return [self.incident(i) for i in sorted(self.states, key=lambda i: self.states[i].created)]

    def background_events(self, incident_id: str) -> list[str]:
        """Ids of the events kept in an incident as background mentions."""
        return [m.event.id for m in self.states[incident_id].members if m.background]

    def state(self) -> dict[str, Any]:
        """The linker's whole state as JSON-ready data (members, stories, relinks, order)."""
        return {
            "version": STATE_VERSION,
            "order": self._order,
            "incidents": [_incident_entry(s) for s in self.states.values()],
            "relinks": [r.__dict__ for r in self.relinks],
        }

    def changes(self) -> dict[str, Any]:
        """The state entries changed since the last call: ``version``, ``order`` and
        ``inc:<id>`` per touched incident (None for one merged away); resets.

        A store keeps the entries as rows, so saving a batch costs what it
        touched. Re-links are not entries: the store records them as they happen.
        """
        changes: dict[str, Any] = {"version": STATE_VERSION, "order": self._order}
        for incident_id in sorted(self._changed):
            state = self.states.get(incident_id)
            changes[_INCIDENT_KEY + incident_id] = _incident_entry(state) if state is not None else None
        self._changed.clear()
        return changes

    def entries(self) -> dict[str, Any]:
        """The whole state as entries (what :meth:`changes` keeps up to date)."""
        self._changed.clear()
        return {
            "version": STATE_VERSION,
            "order": self._order,
            **{_INCIDENT_KEY + i: _incident_entry(s) for i, s in self.states.items()},
        }

    @classmethod
    def from_entries(
        cls, entries: dict[str, Any], config: IncidentConfig | None = None, kb: ActorKB | None = None
    ) -> IncidentLinker:
        """A linker that continues from stored entries; ``ValueError`` on another version."""
        incidents = [v for k, v in entries.items() if k.startswith(_INCIDENT_KEY)]
        return cls.from_state(
            {"version": entries.get("version"), "order": entries.get("order", 0), "incidents": incidents},
            config,
            kb,
        )

    @classmethod
    def from_state(
        cls, data: dict[str, Any], config: IncidentConfig | None = None, kb: ActorKB | None = None
    ) -> IncidentLinker:
        """A linker that continues from :meth:`state`; raises ``ValueError`` on another version."""
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"incident state version {data.get('version')!r}, expected {STATE_VERSION}")
        linker = cls(config, kb)
        linker._order = int(data["order"])
        for raw in sorted(data["incidents"], key=lambda s: s["created"]):
            state = IncidentState(raw["id"], raw["type"], raw["created"], story_ids=set(raw["story_ids"]))
            linker.states[state.id] = state
            for m in raw["members"]:
                member = Member(
                    Event.model_validate(m["event"]),
                    m["source"],
                    m["source_key"],
                    m["duplicate_of"],
                    m["background"],
                    [EntityRef.model_validate(c) for c in m["cites"]],
                    m["order"],
                )
                state.members.append(member)
                linker.incident_of[member.event.id] = state.id
            for sid in state.story_ids:
                linker.story_incidents.setdefault(sid, []).append(state.id)
            linker._post(state)
        linker.relinks = [Relink(**r) for r in data.get("relinks", ())]
        linker._changed.clear()
        return linker


_INCIDENT_KEY = "inc:"


def _incident_entry(state: IncidentState) -> dict[str, Any]:
    """One incident's state as JSON-ready data."""
    return {
        "id": state.id,
        "type": state.type,
        "created": state.created,
        "story_ids": sorted(state.story_ids),
        "members": [
            {
                "event": m.event.model_dump(mode="json"),
                "source": m.source,
                "source_key": m.source_key,
                "duplicate_of": m.duplicate_of,
                "background": m.background,
                "order": m.order,
                "cites": [c.model_dump(mode="json") for c in m.cites],
            }
            for m in state.members
        ],
    }


def _bounded(members: Sequence[Member]) -> bool:
    """Whether some member's date has a start (more than "before publication")."""
    return any(m.event.date is not None and m.event.date.start is not None for m in members)


def _told_again(members: Sequence[Member], reporting: Sequence[Member]) -> list[Member]:
    """The reporting members and the background members of the same articles.

    An incident whose reports date it only "before publication" takes the date of
    a background mention in one of those reports ("five people were shot on
    Saturday", read as history in a report a week later that tells the shooting
    as news without a date). Background mentions from other articles do not lend
    their dates: an old event recalled elsewhere is not this report's news.
    """
    articles = {m.event.article_id for m in reporting}
    return [m for m in members if m.event.article_id in articles]


def _undated(interval: TimeInterval | None) -> bool:
    """Whether an interval says nothing about when (no start and no end)."""
    return interval is None or (interval.start is None and interval.end is None)


def _within(a: Span, b: Span, tolerance: dt.timedelta) -> bool:
    """Whether neither span ends more than ``tolerance`` before the other starts."""
    (s1, e1), (s2, e2) = a, b
    return not (
        (e1 is not None and s2 is not None and e1 + tolerance < s2)
        or (e2 is not None and s1 is not None and e2 + tolerance < s1)
    )


def _recent_span(interval: TimeInterval | None, lookback: dt.timedelta) -> Span:
    """An interval's (start, end), an open start closed at ``lookback`` before its end."""
    if interval is None:
        return None, None
    start, end = interval.start, interval.end
    if start is None and end is not None:
        start = end - lookback
    return start, end


def _overlaps(a: TimeInterval, b: TimeInterval) -> bool:
    (s1, e1), (s2, e2) = _span(a), _span(b)
    return not (
        (e1 is not None and s2 is not None and e1 < s2) or (e2 is not None and s1 is not None and e2 < s1)
    )


_AREA_FEATURES = frozenset({"country", "continent", "admin1", "admin2", "region", "country_part"})


def _area_level(location: Location) -> bool:
    """Whether ``location`` is a gazetteer area (state, region, country), not a settlement or site.

    Locations carry no feature, so the gazetteer entry of the same name at the
    same point tells.
    """
    if location.lat is None or location.lon is None or location.name is None:
        return False
    return _area_at(location.name, location.lat, location.lon)


@cache
def _area_at(name: str, lat: float, lon: float) -> bool:
    return any(
        c.feature in _AREA_FEATURES
        and c.lat is not None
        and c.lon is not None
        and abs(c.lat - lat) < 0.01
        and abs(c.lon - lon) < 0.01
        for c in load_gazetteer().candidates(name)
    )


def _agreed_day(members: Sequence[Member]) -> TimeInterval | None:
    """The day-precise member date that the most articles name, or None when no member has one.

    Support is counted in distinct articles. Ties go to the day more articles
    *state*: a date off the article's publication day ("Monday night" in a
    Tuesday report, "Nov. 6") points at a day, while one on it is often the
    resolver's default for a bare "tonight" or "8 p.m." or a posting stamp.
    Remaining ties go to the earliest day (reports follow the event, and later
    days tend to be deaths, arrests or vigils). An
    article's publication day is the anchor its relative or open dates were
    resolved against.
    """
    published: dict[str, dt.date] = {}
    for m in members:
        if m.event.date is not None and m.event.date.anchor is not None:
            published.setdefault(m.event.article_id, m.event.date.anchor)
    support: dict[dt.date, set[str]] = {}
    stated: dict[dt.date, set[str]] = {}
    first: dict[dt.date, TimeInterval] = {}
    for m in members:
        d = m.event.date
        if d is None or d.precision != "day" or d.start is None or d.end != d.start:
            continue
        first.setdefault(d.start, d)
        support.setdefault(d.start, set()).add(m.event.article_id)
        if published.get(m.event.article_id) != d.start:
            stated.setdefault(d.start, set()).add(m.event.article_id)
    if not first:
        return None
    best = max(first, key=lambda day: (len(support[day]), len(stated.get(day, ())), -day.toordinal()))
    return first[best]


def _cites(event: Event, attributions: Sequence[Attribution]) -> list[EntityRef]:
    """The event's attributions plus the chains of attributions over the same evidence."""
    refs = list(event.attributed_to)
    for attribution in attributions:
        span = attribution.evidence
        if any(e.start < span.end and span.start < e.end for e in event.evidence):
            refs.extend(r for r in attribution.chain if r not in refs)
    return refs


def infer_published(
    article: Article, story_articles: Iterable[Article], allow: Iterable[Precision] | None = None
) -> Published | None:
    """A publication date for an undated article from the dated articles of its story (or incident).

    The date is the earliest dated article's; the precision says how tightly the
    dated articles agree: all on one day → ``day``, within one calendar month →
    ``month``, within one year → ``year``, wider → None. None too when
    ``article`` has a date already or no other article has one.
    """
    if article.published.date is not None:
        return None
    dates = sorted(
        a.published.date for a in story_articles if a.id != article.id and a.published.date is not None
    )
    if not dates:
        return None
    first, last = dates[0], dates[-1]
    if first == last:
        precision: Precision = "day"
    elif (first.year, first.month) == (last.year, last.month):
        precision = "month"
    elif first.year == last.year:
        precision = "year"
    else:
        return None
    allowed = set(allow) if allow is not None else set(default_config().infer_precisions)
    if precision not in allowed:
        return None
    return Published(date=first, precision=precision, how="inferred", text=None)
