"""An incident's own fields, derived from what its members' reports agree on.

An incident is compared with new events through a :class:`View` (type, modes,
actor, recipient, place, date) that :func:`incident_view` derives from its
members: the actor most articles support, most specific in the knowledge base
(:func:`most_specific`); the most specific place most articles put it at
(:func:`location_of`); the day most articles name in words of their own
(:func:`agreed_day`), else the best-supported
interval (:func:`date_of`), with dates the text ties to the event before a
report's scene time and a coarse date narrowed to a day told inside it
(:func:`incident_date`, :func:`narrowed`). An event's own view is
:func:`view_of`. The rules are written out in ``docs/linking.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from threatline.linking.incidents.config import DayWords, IncidentConfig, default_config
from threatline.linking.incidents.dates_places import (
    IsCoarse,
    area_level,
    km_apart,
    overlaps,
    span_of,
    within,
)
from threatline.linking.incidents.state import Member
from threatline.models import EntityRef, Event, Location, TimeInterval


class ActorKB(Protocol):
    """The part of the knowledge base incident linking needs (``default_kb()`` has it)."""

    def is_part_of(self, entity_id: str, ancestor_id: str) -> bool: ...

    def parents(self, entity_id: str) -> list[str]: ...

    def type_of(self, entity_id: str) -> str | None: ...

    def candidates(self, alias: str) -> list[str]: ...


@dataclass(frozen=True)
class View:
    """The fields an event is compared on (an event's own, or an incident's derived ones)."""

    type: str
    mode: frozenset[str]
    actor: str | None
    recipient: str | None
    location: Location | None
    date: TimeInterval | None
    date_soft: bool = False
    """the date is only a report's scene time (:attr:`Event.date_from_scene`): it never vetoes"""


def view_of(event: Event) -> View:
    """The fields of one event as linking compares them."""
    return View(
        event.type,
        frozenset(event.mode),
        event.actor.entity_id if event.actor else None,
        event.recipient.entity_id if event.recipient else None,
        event.location,
        event.date,
        event.date_from_scene,
    )


def related(kb: ActorKB, a: str, b: str) -> bool:
    """Whether either entity is part of the other in ``kb``."""
    return kb.is_part_of(a, b) or kb.is_part_of(b, a)


def known(kb: ActorKB, entity_id: str | None) -> bool:
    """Whether ``entity_id`` is an entity of ``kb``."""
    return entity_id is not None and kb.type_of(entity_id) is not None


def incident_view(
    members: Sequence[Member], type_: str, config: IncidentConfig, kb: ActorKB, is_coarse: IsCoarse
) -> View:
    """The view of an incident of ``type_`` with ``members``, derived from its reporting members
    (its background mentions only when it has nothing else)."""
    reporting = [m for m in members if not m.background] or list(members)
    actor = most_specific([(m.event.actor, m.event.article_id) for m in reporting if m.event.actor], kb)
    recipient = most_specific(
        [(m.event.recipient, m.event.article_id) for m in reporting if m.event.recipient], kb
    )
    date, soft = incident_date(members, reporting, config.date_tolerance_days, config.day_words)
    return View(
        type_,
        frozenset(x for m in reporting for x in m.event.mode),
        actor.entity_id if actor else None,
        recipient.entity_id if recipient else None,
        location_of(reporting, is_coarse, config.place_km),
        date,
        soft,
    )


def most_specific(refs: Sequence[tuple[EntityRef, str]], kb: ActorKB) -> EntityRef | None:
    """The agreed actor of (reference, article id) pairs: most articles related to it,
    then known to ``kb``, then the deepest in its hierarchy (part of the most others
    named, then with the most parents), then the first."""
    with_id = [(r, a) for r, a in refs if r.entity_id is not None]
    if not with_id:
        return refs[0][0] if refs else None

    others = {r.entity_id for r, _ in with_id}

    def rank(i: int) -> tuple[int, int, int, int, int]:
        ref = with_id[i][0]
        eid = ref.entity_id or ""
        support = len({a for r, a in with_id if r.entity_id == eid or related(kb, eid, r.entity_id or "")})
        within = sum(1 for o in others if o is not None and o != eid and kb.is_part_of(eid, o))
        return support, known(kb, eid), within, len(kb.parents(eid)), -i

    return with_id[max(range(len(with_id)), key=rank)][0]


def location_of(members: Sequence[Member], is_coarse: IsCoarse, place_km: float) -> Location | None:
    """The most specific located place most articles support.

    Located places below country level compete: a settlement beats a state
    or region (:func:`~threatline.linking.incidents.dates_places.area_level`), then the
    place with the most articles placing the event within ``place_km`` of it
    wins, then the first seen. Without one, the first place with a country,
    else the first place.
    """
    located = [(m.event.location, m.event.article_id) for m in members if m.event.location is not None]
    places = [p for p, _ in located]
    fine = [(p, a) for p, a in located if not is_coarse(p)]
    if fine:

        def rank(i: int) -> tuple[bool, int, int]:
            p = fine[i][0]
            support = len({a for q, a in fine if km_apart(p, q) <= place_km})
            return not area_level(p), support, -i

        return fine[max(range(len(fine)), key=rank)][0]
    with_country = [p for p in places if p.country is not None]
    chosen = with_country or places
    return chosen[0] if chosen else None


def date_of(
    members: Sequence[Member], tolerance_days: int, words: DayWords | None = None
) -> TimeInterval | None:
    """The day most articles name, else the most precise interval overlapping the most articles' dates.

    A day-precise date is preferred when any member has one (see :func:`agreed_day`);
    otherwise among bounded intervals the one overlapping the most articles'
    dates (within ``tolerance_days`` of it, and overlapping) wins, then the
    narrowest, then the first seen. ``words`` tell a named day (:func:`agreed_day`).
    """
    day = agreed_day(members, words)
    if day is not None:
        return day
    dates = [(m.event.date, m.event.article_id) for m in members if m.event.date is not None]
    bounded = [(d, a) for d, a in dates if d.start is not None and d.end is not None]
    if not bounded:
        return dates[0][0] if dates else None
    tolerance = dt.timedelta(days=tolerance_days)

    def rank(i: int) -> tuple[int, int, int]:
        d = bounded[i][0]
        support = len({a for o, a in dates if within(span_of(d), span_of(o), tolerance) and overlaps(d, o)})
        return support, -((d.end - d.start).days), -i  # type: ignore[operator]

    return bounded[max(range(len(bounded)), key=rank)][0]


def incident_date(
    members: Sequence[Member],
    reporting: Sequence[Member],
    tolerance_days: int,
    words: DayWords | None = None,
) -> tuple[TimeInterval | None, bool]:
    """The incident's date, and whether it is only a scene time.

    Dates the text ties to the event come first: the reports' own, then those
    of background mentions in the same reports (:func:`told_again`), then those
    of background mentions in other articles. A scene time
    (:attr:`Event.date_from_scene`) dates the incident only when nothing else
    does, and is then soft, or when it is an earlier day that the text names more
    firmly than the tied day (:func:`scene_day_instead`), and is then soft too. A
    date coarser than a day is narrowed to a day where one is told (:func:`narrowed`).
    """
    scene = [m for m in reporting if m.event.date_from_scene]
    stated = [m for m in reporting if not m.event.date_from_scene]
    told = [m for m in told_again(members, reporting) if not m.event.date_from_scene]
    recalled = [m for m in members if not m.event.date_from_scene]
    for tied in (stated, told, recalled):
        if has_start(tied):
            date = date_of(tied, tolerance_days, words)
            instead = scene_day_instead(date, tied, scene, words)
            if instead is not None:
                return instead, True
            return narrowed(date, told, scene, words)
    return date_of(reporting, tolerance_days, words), has_start(reporting)


def scene_day_instead(
    date: TimeInterval | None,
    tied: Sequence[Member],
    scene: Sequence[Member],
    words: DayWords | None = None,
) -> TimeInterval | None:
    """An earlier scene day that dates the incident better than the day ``tied`` agree on, or None.

    A day the text ties to the event loses to the reports' scene day when it is
    weaker than that day and later: a day named by no member ("overnight", "this
    morning", a bare "8 p.m.": the resolver's default of the publication day)
    yields to a scene day that names its day ("around 11:30 p.m. Monday"); a named
    day with no time within it ("Thursday", often the day a sheriff spoke or police
    named a suspect) yields to a scene day that names a time as well ("about 2 a.m.
    Aug. 29", "Sunday night"). A later scene day is mostly a follow-up's (a hearing,
    a vigil) and never wins. Among the scene days :func:`agreed_day` picks.
    """
    words = words if words is not None else default_config().day_words
    if date is None or date.precision != "day" or date.start is None:
        return None
    texts = [
        m.event.date.text
        for m in tied
        if m.event.date is not None and m.event.date.precision == "day" and m.event.date.start == date.start
    ]
    if any(words.names_time(t) for t in texts):
        return None
    stronger = words.names_time if any(words.names_day(t) for t in texts) else words.names_day
    candidates = [
        m
        for m in scene
        if m.event.date is not None and m.event.date.precision == "day" and stronger(m.event.date.text)
    ]
    day = agreed_day(candidates, words)
    if day is None or day.start is None or day.start >= date.start:
        return None
    return day


def narrowed(
    date: TimeInterval | None,
    told: Sequence[Member],
    scene: Sequence[Member],
    words: DayWords | None = None,
) -> tuple[TimeInterval | None, bool]:
    """``date`` (told by the text), narrowed to a day when it is coarser than one, and whether
    the result is only a scene time.

    A bounded date coarser than a day ("in May", "last week", "2014") becomes the
    day that :func:`agreed_day` picks among the days inside it that the same
    reports tell, background mentions included ("in May" in the lead, "on May
    10" further down); else among the reports' scene days inside it (soft).
    A week or a month with no day inside it yields to the reports' scene day
    (soft), when they have one: a report set on a day whose only dated words
    are a week or a month mostly recalls something older ("last month", "in
    November") or carries a wrongly resolved date. A year or longer is
    history's scale and stays.
    """
    if date is None or date.precision == "day" or date.start is None or date.end is None:
        return date, False
    start, end = date.start, date.end

    def days(among: Sequence[Member], inside: bool) -> list[Member]:
        return [
            m
            for m in among
            if m.event.date is not None
            and m.event.date.precision == "day"
            and m.event.date.start is not None
            and (not inside or start <= m.event.date.start <= end)
        ]

    day = agreed_day(days(told, True), words)
    if day is not None:
        return day, False
    day = agreed_day(days(scene, True), words)
    if day is None and date.precision in ("week", "month"):
        day = agreed_day(days(scene, False), words)
    if day is not None:
        return day, True
    return date, False


def has_start(members: Sequence[Member]) -> bool:
    """Whether some member's date has a start (more than "before publication")."""
    return any(m.event.date is not None and m.event.date.start is not None for m in members)


def told_again(members: Sequence[Member], reporting: Sequence[Member]) -> list[Member]:
    """The reporting members and the background members of the same articles.

    An incident whose reports date it only "before publication" takes the date of
    a background mention in one of those reports ("five people were shot on
    Saturday", read as history in a report a week later that tells the shooting
    as news without a date). Background mentions from other articles do not lend
    their dates: an old event recalled elsewhere is not this report's news.
    """
    articles = {m.event.article_id for m in reporting}
    return [m for m in members if m.event.article_id in articles]


def agreed_day(members: Sequence[Member], words: DayWords | None = None) -> TimeInterval | None:
    """The day-precise member date that the most articles name, or None when no member has one.

    Support is counted in distinct articles, and first among the articles whose
    date text *names* the day (``words``, by default the bundled
    :class:`~threatline.linking.incidents.config.DayWords`): a weekday, a month
    and day, "yesterday" point at a day, while a bare "8 p.m.", "overnight" or
    "today" is mostly the resolver's default of the publication day. Then come
    all articles, then the articles that name a time within the day as well
    ("about 3 a.m. Saturday", "Saturday night": a report that times the act is
    telling it, not recalling it), then the articles whose first named day in the text is this
    one (a report leads with its news; later sentences add earlier or later
    shootings, deaths and arrests). Remaining ties go to the earliest day.
    """
    words = words if words is not None else default_config().day_words
    support: dict[dt.date, set[str]] = {}
    named: dict[dt.date, set[str]] = {}
    timed: dict[dt.date, set[str]] = {}
    first: dict[dt.date, TimeInterval] = {}
    lead: dict[str, tuple[int, dt.date]] = {}
    for m in members:
        d = m.event.date
        if d is None or d.precision != "day" or d.start is None or d.end != d.start:
            continue
        article = m.event.article_id
        first.setdefault(d.start, d)
        support.setdefault(d.start, set()).add(article)
        if not words.names_day(d.text):
            continue
        named.setdefault(d.start, set()).add(article)
        if words.names_time(d.text):
            timed.setdefault(d.start, set()).add(article)
        offset = d.evidence.start if d.evidence is not None else _UNPLACED
        if article not in lead or offset < lead[article][0]:
            lead[article] = (offset, d.start)
    if not first:
        return None
    leads: dict[dt.date, int] = {}
    for _, day in lead.values():
        leads[day] = leads.get(day, 0) + 1

    def rank(day: dt.date) -> tuple[int, int, int, int, int]:
        return (
            len(named.get(day, ())),
            len(support[day]),
            len(timed.get(day, ())),
            leads.get(day, 0),
            -day.toordinal(),
        )

    return first[max(first, key=rank)]


_UNPLACED = 1 << 62
"""The offset of a date with no evidence: after every placed one."""
