"""Times told from another event ("the day after the attack") and times with no day of their own."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.events.dating import dayless
from threatline.extract import extract
from threatline.models import Event, TimeInterval

# A Wednesday: "Friday" is 2016-07-22, "Saturday" 2016-07-23, "Monday" 2016-07-25.
PUBLISHED = dt.date(2016, 7, 27)
_PAD = "\n\nThe investigation is continuing and no further details were given."


def _events(text: str, type_: str) -> list[Event]:
    return [e for e in extract(text + _PAD, published=PUBLISHED).events if e.type == type_]


def _dates(text: str, type_: str) -> set[tuple[dt.date | None, dt.date | None]]:
    return {(e.date.start, e.date.end) for e in _events(text, type_) if e.date is not None}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a counted day from the attack's own day
        (
            "Gunmen attacked a bus station on Friday.\n\nPolice arrested a man in the capital the day "
            "after the attack.",
            (dt.date(2016, 7, 23), dt.date(2016, 7, 23)),
        ),
        (
            "Gunmen attacked a bus station on Friday.\n\nPolice arrested a man in the capital two days "
            "after the attack.",
            (dt.date(2016, 7, 24), dt.date(2016, 7, 24)),
        ),
        # hours after it: the same day
        (
            "Gunmen attacked a bus station on Friday.\n\nPolice arrested a man in the capital hours "
            "after the attack.",
            (dt.date(2016, 7, 22), dt.date(2016, 7, 22)),
        ),
        # "days before": open on the far side, closed by the day before the attack
        (
            "Gunmen attacked a bus station on Friday.\n\nDays before the attack, police arrested a man "
            "in the capital.",
            (None, dt.date(2016, 7, 21)),
        ),
    ],
)
def test_a_time_told_from_the_attack_counts_from_its_day(
    text: str, want: tuple[dt.date | None, dt.date | None]
) -> None:
    assert _dates(text, "COERCE") == {want}


def test_a_time_told_from_another_event_takes_no_date_of_the_previous_sentence() -> None:
    # the trial's day is not told: the arrest is left open, not dated by the warning's day
    text = (
        "The embassy warned of attacks on Monday. Days before the trial, police arrested a man in "
        "the capital."
    )
    dates = _dates(text, "COERCE")
    assert dates == {(None, PUBLISHED)}


def test_two_acts_of_one_sentence_keep_their_own_times() -> None:
    # the arrest takes "the day after the attack", the extradition its year
    text = (
        "Gunmen attacked a bus station on Friday.\n\nHis brother was arrested in the capital the day "
        "after the attack and extradited to Britain in 2015."
    )
    dates = _dates(text, "COERCE")
    assert (dt.date(2016, 7, 23), dt.date(2016, 7, 23)) in dates
    assert (dt.date(2015, 1, 1), dt.date(2015, 12, 31)) in dates


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # "overnight" named no day: the scene's day told before it dates the shooting
        (
            "Police say a man was wounded on Monday near a bar on Main Street.\n\nA second man was "
            "shot overnight outside the same bar.",
            dt.date(2016, 7, 25),
        ),
        # a day named long before publication is another story's: the publication day stays
        (
            "Police say a man was wounded last Thursday near a bar on Main Street.\n\nA second man "
            "was shot overnight outside the same bar.",
            PUBLISHED,
        ),
        # with no day named before it, the publication day stays
        ("A man was shot overnight outside a bar on Main Street.", PUBLISHED),
    ],
)
def test_a_dayless_time_takes_the_day_named_before_it(text: str, day: dt.date) -> None:
    starts = {e.date.start for e in _events(text, "ASSAULT") if e.date is not None and e.date.text}
    assert day in starts
    if day != PUBLISHED:
        assert PUBLISHED not in starts


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("about 9:10 p.m.", PUBLISHED, True),
        ("midnight", PUBLISHED, True),
        ("overnight", PUBLISHED, True),
        ("a few hours later", PUBLISHED, True),
        # a clock time the discourse already put on a day before publication has its day
        ("about 9:10 p.m.", dt.date(2016, 7, 23), False),
        ("Saturday night", dt.date(2016, 7, 23), False),
        ("this morning", PUBLISHED, False),
        ("Wednesday", PUBLISHED, False),
    ],
)
def test_dayless(text: str, start: dt.date, expected: bool) -> None:
    time = TimeInterval(text=text, start=start, end=start, precision="day", anchor=PUBLISHED)
    assert dayless(time) is expected


@pytest.mark.parametrize(
    "text",
    [
        # the clock time and its day came apart: the day right after it dates the shooting
        "A man was shot at about 1:30 a.m. on Saturday (July 23) outside a bar on Main Street.",
        "A man was shot overnight Saturday outside a bar on Main Street.",
    ],
)
def test_a_dayless_time_takes_the_day_named_right_after_it(text: str) -> None:
    dates = {e.date.start for e in _events(text, "ASSAULT") if e.date is not None and e.date.text}
    assert dates == {dt.date(2016, 7, 23)}


@pytest.mark.parametrize(
    "scene",
    [
        # a scene verb's time, and the first day a report names, both come apart the same way
        "Police were called to the bar about 1:30 a.m. on Saturday (July 23) and found him.",
        "A passer-by heard the noise about 1:30 a.m. on Saturday (July 23).",
    ],
)
def test_a_dayless_scene_time_takes_the_day_named_right_after_it(scene: str) -> None:
    text = (
        "A man was shot outside a bar on Main Street.\n\nHis neighbours said the street is usually "
        f"quiet.\n\n{scene}"
    )
    events = _events(text, "ASSAULT")
    assert {e.date.start for e in events if e.date is not None} == {dt.date(2016, 7, 23)}
    assert all(e.date_from_scene for e in events)
