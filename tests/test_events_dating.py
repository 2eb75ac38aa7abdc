"""Which time expression dates an event: sentences written for these tests, full analysis."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.extract import extract
from threatline.models import Event

# A Wednesday: "Monday" is 2016-07-25, "Friday" 2016-07-22, "Saturday" 2016-07-23.
PUBLISHED = dt.date(2016, 7, 27)
_PAD = "\n\nThe investigation is continuing and no further details were given."


def _assaults(text: str) -> list[Event]:
    return [e for e in extract(text + _PAD, published=PUBLISHED).events if e.type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The shooting happened Monday night outside a bar on Main Street.", dt.date(2016, 7, 25)),
        ("A man was killed in a shooting Friday outside a bar on Main Street.", dt.date(2016, 7, 22)),
        ("A man died in a shooting on Saturday outside a bar on Main Street.", dt.date(2016, 7, 23)),
        (
            "Detectives charged a man in Saturday's shooting outside a bar on Main Street.",
            dt.date(2016, 7, 23),
        ),
        ("A man is wanted for a shooting that wounded four people on Friday.", dt.date(2016, 7, 22)),
        ("A bomb attack rocked the market in the old town on Saturday.", dt.date(2016, 7, 23)),
        ("A man was shot and killed Friday near his home on Elm Street.", dt.date(2016, 7, 22)),
    ],
)
def test_the_time_of_the_event_itself_dates_it(text: str, day: dt.date) -> None:
    dates = {e.date.start for e in _assaults(text) if e.date is not None}
    assert dates == {day}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the event's own day beats the day of the arrest, statement or plea beside it
        ("Police arrested a man Monday in Saturday's shooting of a cashier.", dt.date(2016, 7, 23)),
        ("Two men shot on Friday are recovering, police said Monday.", dt.date(2016, 7, 22)),
        # with no day of its own, the day of the act that governs it is the best guess
        ("Police arrested a man Monday in the shooting of a cashier.", dt.date(2016, 7, 25)),
    ],
)
def test_a_governing_acts_time_is_the_last_resort(text: str, day: dt.date) -> None:
    dates = {e.date.start for e in _assaults(text) if e.date is not None}
    assert dates == {day}


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot dead four guards at a depot on Friday. Two men accused of carrying out the "
        "shooting appeared in court on Monday.",
        "A bomber struck a bus station on Friday. Police arrested a man on Monday in the attack, and "
        "his brother was detained the same day.",
    ],
)
def test_an_attack_named_again_keeps_its_day(text: str) -> None:
    # "the shooting" after a shooting was told names that one: the court's day is not its day
    dates = {e.date.start for e in _assaults(text) if e.date is not None}
    assert dates == {dt.date(2016, 7, 22)}


def test_an_attack_named_again_with_its_victims_takes_the_earlier_time() -> None:
    # "the murder of 22 people" names the 2014 attack again, not an attack on the day of the sentence
    events = _assaults(
        "Karl Brenner, whose brother bombed a stadium in the capital in 2014, was jailed on Monday "
        "for his part in the murder of 22 people."
    )
    assert events
    assert {e.date.start for e in events if e.date is not None} == {dt.date(2014, 1, 1)}
    assert {e.status for e in events} == {"historical"}


def test_an_attack_that_happened_is_never_dated_after_publication() -> None:
    # "due on July 30" is three days after publication: the bombing cannot have happened then
    events = _assaults(
        "A bomb killed two guards outside the polling office ahead of the vote due on July 30."
    )
    assert events
    assert all(e.date is None or e.date.start != dt.date(2016, 7, 30) for e in events)


def test_the_nearest_own_time_wins_over_a_later_act() -> None:
    events = _assaults("The suspect in Saturday's shooting on Elm Street was arrested Monday by deputies.")
    assert {e.date.start for e in events if e.date is not None} == {dt.date(2016, 7, 23)}


def test_a_time_of_another_attack_in_the_sentence_is_that_attacks() -> None:
    events = _assaults(
        "The group claimed a bombing outside the embassy in Kabul in September 2015 that killed two "
        "guards, and twin bombings in Kerman in January this year that killed more than 90 people."
    )
    starts = {e.date.start for e in events if e.date is not None and e.date.precision != "open"}
    assert dt.date(2015, 9, 1) in starts


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a posting stamp dates nothing: the event keeps the day the text names
        (
            "Mother shot by her son dies Posted: Wednesday, July 27, 2016 1:37 PM EDT\n\n"
            "Officials said the shooting happened around 5 p.m. Saturday.",
            dt.date(2016, 7, 23),
        ),
        # the scene time of a report dates an attack told without one
        (
            "Two men were shot outside a bar on Main Street.\n\n"
            "Police were called to the bar at about 1 a.m. Monday.",
            dt.date(2016, 7, 25),
        ),
    ],
)
def test_stamps_and_scenes(text: str, day: dt.date) -> None:
    dates = {e.date.start for e in _assaults(text) if e.date is not None and e.status == "asserted"}
    assert dates == {day}


def test_a_scene_time_long_before_publication_is_no_scene() -> None:
    text = "Two men were shot outside a bar on Main Street.\n\nPolice were called to the bar in March 2014."
    dates = {e.date.precision for e in _assaults(text) if e.date is not None}
    assert dates == {"open"}
