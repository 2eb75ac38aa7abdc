"""Incident linking: a late report with a toll of its own and no day earns no same-story bonus."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.events.dating import fallback_date
from threatline.linking.incidents import IncidentLinker
from threatline.models import Article, Event, Location, Published, Quantity, TimeInterval

TOWN = Location(text="Durham", name="Durham", country="US", lat=35.99, lon=-78.90)


def _article(aid: str, published: str) -> Article:
    pub = Published(date=dt.date.fromisoformat(published), how="metadata")
    return Article(id=aid, source=f"Outlet {aid}", text="x", text_hash=aid, published=pub)


def _event(eid: str, aid: str, date: TimeInterval, injured: int | None) -> Event:
    return Event(
        id=eid,
        article_id=aid,
        type="ASSAULT",
        mode=["firearms"],
        location=TOWN,
        date=date,
        injured=Quantity(min=injured, max=injured) if injured is not None else None,
    )


@pytest.mark.parametrize(
    ("reported", "injured", "incidents"),
    [
        ("2016-09-20", 2, 2),  # weeks later, a toll and no day: a new shooting
        ("2016-08-24", 2, 1),  # a few days later: a follow-up of the story's shooting
        ("2016-09-20", None, 1),  # weeks later, no toll of its own: a later report of it
    ],
)
def test_a_late_report_with_its_own_toll_needs_more_than_its_story(
    reported: str, injured: int | None, incidents: int
) -> None:
    linker = IncidentLinker()
    shooting = dt.date(2016, 8, 20)
    first = TimeInterval(text="Saturday", start=shooting, end=shooting, precision="day")
    linker.link(_article("a1", "2016-08-20"), [_event("e1", "a1", first, 3)], story_id="s1")
    late = fallback_date(dt.date.fromisoformat(reported))
    linker.link(_article("a2", reported), [_event("e2", "a2", late, injured)], story_id="s1")
    assert len(linker.incidents()) == incidents
