"""The day an incident takes among its members' days (threatline.linking.incidents.fields.agreed_day)."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.linking.incidents.config import DayWords, default_config
from threatline.linking.incidents.fields import agreed_day, incident_date
from threatline.linking.incidents.state import Member
from threatline.models import Event, Evidence, TimeInterval

PUBLISHED = dt.date(2015, 3, 14)  # a Saturday


def dated(aid: str, text: str, day: str, offset: int | None = None) -> Member:
    """A member of article ``aid`` dated ``day`` by ``text`` found at ``offset`` (None: unplaced)."""
    evidence = None if offset is None else Evidence(sentence=text, start=offset, end=offset + len(text))
    date = TimeInterval(
        text=text,
        start=dt.date.fromisoformat(day),
        end=dt.date.fromisoformat(day),
        precision="day",
        anchor=PUBLISHED,
        evidence=evidence,
    )
    event = Event(id=f"{aid}-{text}-{day}", article_id=aid, type="ASSAULT", date=date)
    return Member(event, None, f"src:{aid}", None, False, [], 0)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        # a bare clock time resolved to the publication day yields to a named day, even in fewer articles
        (
            [
                dated("a", "10 p.m.", "2015-03-14"),
                dated("b", "about 10 p.m.", "2015-03-14"),
                dated("c", "Friday night", "2015-03-13"),
            ],
            "2015-03-13",
        ),
        # among named days, more articles win
        (
            [
                dated("a", "Friday", "2015-03-13"),
                dated("b", "Saturday", "2015-03-14"),
                dated("c", "early Saturday", "2015-03-14"),
            ],
            "2015-03-14",
        ),
        # one report: the day named with the time of the act beats a day named alone
        (
            [dated("a", "Friday", "2015-03-13"), dated("a", "about 2 a.m. Saturday", "2015-03-14")],
            "2015-03-14",
        ),
        # one report: the day the report names first (its lead) beats a later, earlier day
        (
            [dated("a", "Friday", "2015-03-13", 900), dated("a", "Saturday", "2015-03-14", 40)],
            "2015-03-14",
        ),
        # two reports that each lead with another day: the earliest day
        ([dated("a", "Saturday", "2015-03-14"), dated("b", "Friday", "2015-03-13")], "2015-03-13"),
        # only bare times: the day most articles give
        (
            [
                dated("a", "overnight", "2015-03-14"),
                dated("b", "9 p.m.", "2015-03-13"),
                dated("c", "tonight", "2015-03-14"),
            ],
            "2015-03-14",
        ),
    ],
)
def test_agreed_day(members: list[Member], expected: str) -> None:
    day = agreed_day(members)
    assert day is not None
    assert day.start == dt.date.fromisoformat(expected)


def test_agreed_day_without_day_dates() -> None:
    assert agreed_day([]) is None


def test_agreed_day_with_no_words_counts_articles_only() -> None:
    members = [
        dated("a", "Friday", "2015-03-13"),
        dated("b", "8 p.m.", "2015-03-14"),
        dated("c", "8 p.m.", "2015-03-14"),
    ]
    day = agreed_day(members, DayWords())
    assert day is not None
    assert day.start == dt.date(2015, 3, 14)


@pytest.mark.parametrize(
    ("text", "names_day", "names_time"),
    [
        ("Saturday", True, False),
        ("Sat.", True, False),
        ("about 3:10 a.m. Jan. 1", True, True),
        ("the 4th of July", True, False),
        ("late last night", True, True),
        ("yesterday afternoon", True, True),
        ("2015-03-14", True, False),
        ("8 p.m.", False, False),
        ("overnight", False, False),
        ("today", False, False),
        ("tonight", False, False),
        ("this morning", False, False),
    ],
)
def test_day_words(text: str, names_day: bool, names_time: bool) -> None:
    words = default_config().day_words
    assert words.names_day(text) is names_day
    assert words.names_time(text) is names_time


def test_day_words_reject_a_broken_pattern() -> None:
    with pytest.raises(ValueError, match="named"):
        DayWords(named=("(unclosed",))


def test_a_linkers_own_day_words_decide_its_incident_dates() -> None:
    members = [
        dated("a", "10 p.m.", "2015-03-14"),
        dated("b", "about 10 p.m.", "2015-03-14"),
        dated("c", "Friday night", "2015-03-13"),
    ]
    bundled = default_config()
    plain = bundled.model_copy(update={"day_words": DayWords(named=[], time_of_day=[])})
    days = {
        name: incident_date(members, members, config.date_tolerance_days, config.day_words)[0]
        for name, config in (("bundled", bundled), ("plain", plain))
    }
    assert days["bundled"] is not None
    assert days["bundled"].start == dt.date(2015, 3, 13)  # the named day
    assert days["plain"] is not None
    assert days["plain"].start == dt.date(2015, 3, 14)  # no day is named: the most articles'
