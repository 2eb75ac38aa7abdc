"""Incremental incident linking: which events, across articles, are one real-world event?

Articles arrive in publication order; each article's events are scored against a
bounded set of candidate incidents retrieved from an index keyed by (type, week of
the date) and (type, country), plus the incidents of the article's story. Hard
rules veto a match (another PLOVER type; places farther than ``place_km`` or in
other countries; dates further apart than ``date_tolerance_days``); soft evidence
(modes, actors and recipients related through the KB, same place, precise dates
sharing a day, same story) adds up to a score, and the event joins the best
incident reaching ``threshold`` (``cross_story_threshold`` for an incident of other
stories only), else founds a new one. The rules are written out
in ``docs/linking.md``.

Incident ids are ``inc-`` plus a hash of the founding event's id, so they are
stable. An event that also scores ``bridge_threshold`` with a second, compatible
incident merges the two (the older id is kept); an article whose events the rest
of its incident now vetoes is split off. Both are recorded as :class:`Relink`.

The linker is here; its configuration, state records, derived fields, date and
place helpers are in the modules beside it (``config``, ``state``, ``fields``,
``dates_places``), and ``infer_published`` in :mod:`threatline.linking.published`.

Example::

    linker = IncidentLinker()
    for analysis in analyses:  # publication order
        linker.link(analysis.article, analysis.events, story_id=stories.story_of(analysis.article.id))
    incidents = linker.incidents()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from threatline.analysis.kb import default_kb
from threatline.linking.conflicts import (
    FigureReport,
    ValueReport,
    actor_conflict,
    date_conflict,
    estimate,
    figure_conflict,
)
from threatline.linking.corroboration import Corroboration, SourceReport, cites_of, corroborate, source_key
from threatline.linking.incidents.config import IncidentConfig, Weights, default_config
from threatline.linking.incidents.dates_places import (
    IsCoarse,
    Span,
    area_level,
    country_level,
    km_apart,
    recent_span,
    span_of,
    undated,
    within,
)
from threatline.linking.incidents.fields import (
    ActorKB,
    View,
    incident_view,
    known,
    most_specific,
    related,
    view_of,
)
from threatline.linking.incidents.state import (
    INCIDENT_KEY,
    STATE_VERSION,
    IncidentState,
    Member,
    Relink,
    cites_in,
    incident_entry,
    incident_from_entry,
    incident_id,
)
from threatline.linking.published import infer_published
from threatline.models import Article, Attribution, Event, Incident, Location, TimeInterval

__all__ = [
    "STATE_VERSION",
    "ActorKB",
    "Assignment",
    "IncidentConfig",
    "IncidentLinker",
    "IncidentState",
    "IsCoarse",
    "LinkResult",
    "Member",
    "Relink",
    "Span",
    "Weights",
    "country_level",
    "default_config",
    "incident_id",
    "infer_published",
]


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


@dataclass(frozen=True)
class _Derived:
    """An incident's view as of its last change (see :meth:`IncidentLinker._post`)."""

    view: View
    meet: Span | None
    """the view's date as :meth:`IncidentLinker._meet_span` closes it (None: undated)"""


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
        return related(self.kb, a, b)

    def _known(self, entity_id: str | None) -> bool:
        return known(self.kb, entity_id)

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
        fine = not self.is_coarse(a) and not self.is_coarse(b) and not area_level(a) and not area_level(b)
        if fine:
            return w.place_near if km_apart(a, b) <= self.config.place_km else None
        if a.country is not None and b.country is not None:
            return w.place_country if a.country == b.country else None
        return 0.0

    def _date(self, a: TimeInterval | None, b: TimeInterval | None) -> float | None:
        """Date evidence; None is a veto (further apart than the tolerance)."""
        return self._date_spans(span_of(a), span_of(b))

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
        if (
            bounded
            and e1 - s1 <= precise  # type: ignore[operator]
            and e2 - s2 <= precise  # type: ignore[operator]
            and within(a, b, dt.timedelta(0))
        ):
            return self.config.weights.date_precise
        # Precise dates on different days (within the tolerance) are no evidence of one
        # event: shootings a day apart in one city are mostly two (GVA, see docs/linking.md).
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
            return span_of(a), span_of(b)
        if a.start is not None or b.start is not None:
            # one is dated: a later report of the story joins it within the story lookback
            far = dt.timedelta(days=self.config.story_lookback_days)
            return recent_span(a, far), recent_span(b, far)
        lookback = dt.timedelta(days=self.config.open_lookback_days)
        return recent_span(a, lookback), recent_span(b, lookback)

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
        if interval is None or undated(interval):
            return None
        return recent_span(interval, dt.timedelta(days=self.config.open_lookback_days))

    def _spans_meet(self, a: Span, b: Span) -> bool:
        """Whether two spans, neither wholly open, are within the date tolerance (no :meth:`_date` veto)."""
        return within(a, b, dt.timedelta(days=self.config.date_tolerance_days))

    def score(self, event: View, incident: View, same_story: bool = False) -> float | None:
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

    def _view(self, members: Sequence[Member], type_: str) -> View:
        return incident_view(members, type_, self.config, self.kb, self.is_coarse)

    # --- index ---------------------------------------------------------------

    def _keys(self, view: View) -> list[str]:
        keys = [f"t|{view.type}"]
        start, end = span_of(view.date)
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

    def _candidates(self, view: View, story_id: str | None) -> list[str]:
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
                cites_in(event, attributions),
                self._order,
            )
            view = view_of(event)
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
                    meet is None or derived.meet is None or not within(meet, derived.meet, tolerance)
                ):
                    continue
                bonus = same_story and not self._told_late(event, view, derived.view)
                s = self.score(view, derived.view, bonus)
                if s is not None and s >= self._threshold(story_id, state, same_story, view, derived.view):
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

    def _told_late(self, event: Event, view: View, incident: View) -> bool:
        """Whether ``event`` tells a toll of its own but is dated only by its report,
        published more than ``story_fresh_days`` after the incident's date.

        Such a report earns no same-story bonus: a fresh toll with no day of its own,
        weeks after the story's shooting, is mostly a new shooting that story linking
        put in the old story (one town, one kind of victim). A later report without a
        toll of its own (a trial, a sentencing) still joins its story's incident.
        """
        start, end = span_of(view.date)
        incident_end = span_of(incident.date)[1]
        if start is not None or end is None or incident_end is None:
            return False
        told = any(q is not None and q.min is not None for q in (event.dead, event.injured))
        return told and (end - incident_end).days > self.config.story_fresh_days

    def _threshold(
        self, story_id: str | None, state: IncidentState, same_story: bool, event: View, incident: View
    ) -> float:
        """The score an event needs to join ``state``: ``cross_story_threshold`` when the
        event's story is known and is none of the incident's stories and the two share
        no actor or recipient, else ``threshold``.

        Story linking has then read the two reports as different stories; one place, one
        day and one weapon do not overrule it (a city has several shootings a day), but
        the same actor or recipient ("Russia's air strikes in Syria" told again in a
        later story) still joins them at the plain threshold.
        """
        if same_story or story_id is None or not state.story_ids:
            return self.config.threshold
        w = self.config.weights
        parties = self._role(
            event.actor, incident.actor, w.actor_same, w.actor_related, w.actor_conflict
        ) + self._role(
            event.recipient, incident.recipient, w.recipient_same, w.recipient_related, w.recipient_conflict
        )
        return self.config.threshold if parties > 0 else self.config.cross_story_threshold

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
            if any(self.score(view_of(m.event), rest_view) is not None for m in own):
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
        actor = most_specific(
            [(m.event.actor, m.event.article_id) for m in reporting if m.event.actor], self.kb
        )
        recipient = most_specific(
            [(m.event.recipient, m.event.article_id) for m in reporting if m.event.recipient], self.kb
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
            "incidents": [incident_entry(s) for s in self.states.values()],
            "relinks": [r.__dict__ for r in self.relinks],
        }

    def changes(self) -> dict[str, Any]:
        """The state entries changed since the last call: ``version``, ``order`` and
        ``inc:<id>`` per touched incident (None for one merged away); resets.

        A store keeps the entries as rows, so saving a batch costs what it
        touched. Re-links are not entries: the store records them as they happen.
        """
        changes: dict[str, Any] = {"version": STATE_VERSION, "order": self._order}
        for changed_id in sorted(self._changed):
            state = self.states.get(changed_id)
            changes[INCIDENT_KEY + changed_id] = incident_entry(state) if state is not None else None
        self._changed.clear()
        return changes

    def entries(self) -> dict[str, Any]:
        """The whole state as entries (what :meth:`changes` keeps up to date)."""
        self._changed.clear()
        return {
            "version": STATE_VERSION,
            "order": self._order,
            **{INCIDENT_KEY + i: incident_entry(s) for i, s in self.states.items()},
        }

    @classmethod
    def from_entries(
        cls, entries: dict[str, Any], config: IncidentConfig | None = None, kb: ActorKB | None = None
    ) -> IncidentLinker:
        """A linker that continues from stored entries; ``ValueError`` on another version."""
        incidents = [v for k, v in entries.items() if k.startswith(INCIDENT_KEY)]
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
            state = incident_from_entry(raw)
            linker.states[state.id] = state
            for member in state.members:
                linker.incident_of[member.event.id] = state.id
            for sid in state.story_ids:
                linker.story_incidents.setdefault(sid, []).append(state.id)
            linker._post(state)
        linker.relinks = [Relink(**r) for r in data.get("relinks", ())]
        linker._changed.clear()
        return linker
