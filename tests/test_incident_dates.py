"""The date an incident takes from its members (threatline.linking.incidents.fields.incident_date)."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.linking.incidents.fields import incident_date, narrowed
from threatline.linking.incidents.state import Member
from threatline.models import Event, TimeInterval

PUBLISHED = dt.date(2014, 6, 13)


def interval(start: str, end: str | None = None, precision: str = "day") -> TimeInterval:
    return TimeInterval.model_validate(
        {"text": start, "start": start, "end": end or start, "precision": precision, "anchor": PUBLISHED}
    )


MAY = interval("2014-05-01", "2014-05-31", "month")
LAST_WEEK = interval("2014-06-02", "2014-06-08", "week")
YEAR = interval("2014-01-01", "2014-12-31", "year")


def member(
    eid: str, aid: str, date: TimeInterval | None, *, scene: bool = False, background: bool = False
) -> Member:
    event = Event(
        id=eid,
        article_id=aid,
        type="ASSAULT",
        date=date,
        date_from_scene=scene,
        status="historical" if background else "asserted",
    )
    return Member(event, None, f"src:{aid}", None, background, [], 0)


def date_and_soft(members: list[Member]) -> tuple[str | None, str | None, bool]:
    reporting = [m for m in members if not m.background] or members
    date, soft = incident_date(members, reporting, 1)
    return (date.precision if date else None, str(date.start) if date and date.start else None, soft)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        # a month in the lead, the day further down in a background mention of the same report
        (
            [member("e1", "a", MAY), member("e2", "a", interval("2014-05-10"), background=True)],
            ("day", "2014-05-10", False),
        ),
        # a day outside the month does not narrow it, and with no scene day the month stays
        (
            [member("e1", "a", MAY), member("e2", "a", interval("2014-04-10"), background=True)],
            ("month", "2014-05-01", False),
        ),
        # a background day of another article does not narrow this report's month
        (
            [member("e1", "a", MAY), member("e2", "b", interval("2014-05-10"), background=True)],
            ("month", "2014-05-01", False),
        ),
        # a month with no told day inside yields to the report's scene day (soft)
        (
            [member("e1", "a", MAY), member("e2", "a", interval("2014-06-12"), scene=True)],
            ("day", "2014-06-12", True),
        ),
        # a scene day inside the week narrows it
        (
            [member("e1", "a", LAST_WEEK), member("e2", "a", interval("2014-06-04"), scene=True)],
            ("day", "2014-06-04", True),
        ),
        # a year is history: a scene day outside it does not replace it
        (
            [
                member("e1", "a", interval("2013-01-01", "2013-12-31", "year")),
                member("e2", "a", interval("2014-06-12"), scene=True),
            ],
            ("year", "2013-01-01", False),
        ),
        # a day told in a report beats a scene time
        (
            [
                member("e1", "a", interval("2014-06-10")),
                member("e2", "b", interval("2014-06-12"), scene=True),
            ],
            ("day", "2014-06-10", False),
        ),
        # reports dated only by their scene: a day recalled by another article's background mention wins
        (
            [
                member("e1", "a", interval("2014-06-12"), scene=True),
                member("e2", "b", interval("2014-01-07"), background=True),
            ],
            ("day", "2014-01-07", False),
        ),
        # nothing but scene times: the scene day, soft
        ([member("e1", "a", interval("2014-06-12"), scene=True)], ("day", "2014-06-12", True)),
    ],
)
def test_incident_date(members: list[Member], expected: tuple[str | None, str | None, bool]) -> None:
    assert date_and_soft(members) == expected


@pytest.mark.parametrize(
    ("date", "told", "scene", "expected"),
    [
        (None, [], [], None),
        (interval("2014-06-10"), [member("e", "a", interval("2014-06-11"))], [], "2014-06-10"),
        (YEAR, [member("e", "a", interval("2014-03-03"))], [], "2014-03-03"),
        (YEAR, [], [member("e", "a", interval("2015-03-03"), scene=True)], "2014-01-01"),
        # the day more of the reports tell inside the month wins
        (
            MAY,
            [
                member("e1", "a", interval("2014-05-10")),
                member("e2", "b", interval("2014-05-10")),
                member("e3", "c", interval("2014-05-02")),
            ],
            [],
            "2014-05-10",
        ),
    ],
)
def test_narrowed(
    date: TimeInterval | None, told: list[Member], scene: list[Member], expected: str | None
) -> None:
    result, _ = narrowed(date, told, scene)
    assert (str(result.start) if result and result.start else None) == expected


def said(start: str, text: str) -> TimeInterval:
    """A day-precise date read from ``text`` (how it names its day matters)."""
    return interval(start).model_copy(update={"text": text})


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        # "overnight" names no day of its own: the scene's "about 11:30 p.m. Thursday" dates it (soft)
        (
            [
                member("e1", "a", said("2014-06-13", "overnight")),
                member("e2", "a", said("2014-06-12", "about 11:30 p.m. Thursday"), scene=True),
            ],
            ("day", "2014-06-12", True),
        ),
        # a bare "Friday" (the sheriff spoke) yields to the scene's "Tuesday night"
        (
            [
                member("e1", "a", said("2014-06-13", "Friday")),
                member("e2", "a", said("2014-06-10", "Tuesday night"), scene=True),
            ],
            ("day", "2014-06-10", True),
        ),
        # a tied day that names a time stays
        (
            [
                member("e1", "a", said("2014-06-13", "early Friday morning")),
                member("e2", "a", said("2014-06-10", "Tuesday night"), scene=True),
            ],
            ("day", "2014-06-13", False),
        ),
        # a scene day that names no time does not replace a named one
        (
            [
                member("e1", "a", said("2014-06-13", "Friday")),
                member("e2", "a", said("2014-06-10", "Tuesday"), scene=True),
            ],
            ("day", "2014-06-13", False),
        ),
        # a later scene day is a follow-up's (a hearing): it never wins
        (
            [
                member("e1", "a", said("2014-06-10", "Tuesday")),
                member("e2", "b", said("2014-06-12", "about 2 p.m. Thursday"), scene=True),
            ],
            ("day", "2014-06-10", False),
        ),
    ],
)
def test_scene_day_instead(members: list[Member], expected: tuple[str | None, str | None, bool]) -> None:
    assert date_and_soft(members) == expected
