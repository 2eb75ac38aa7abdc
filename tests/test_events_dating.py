"""Which time expression dates an event: sentences written for these tests, full analysis."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.events.dating import DateKind, DatingCues, attack_day, yields_to
from threatline.extract import extract
from threatline.models import Event, TimeInterval

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
        # a time the parse hangs on another verb of the sentence is not the attack's either
        "A bomber struck a bus station on Friday.\n\nHis brother was arrested in the capital the day "
        "after the attack and extradited to the city on Monday.",
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


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the time of a clause about the group (its founding) is not the bombing's
        (
            "The Northern Front, formed in the hills near the border in 2009, claimed a bombing outside "
            "the customs office in March 2015 that killed two guards.",
            dt.date(2015, 3, 1),
        ),
        # the gunman's release is another act: the shooting takes its own day
        (
            "The gunman, who was released from prison on Monday, shot two people outside a bar on "
            "Main Street on Saturday.",
            dt.date(2016, 7, 23),
        ),
    ],
)
def test_a_time_in_a_clause_about_another_noun_is_that_acts(text: str, day: dt.date) -> None:
    dates = {e.date.start for e in _assaults(text) if e.date is not None and e.date.precision != "open"}
    assert dates == {day}


def test_a_clause_on_the_target_tells_the_attack() -> None:
    # "that crashed ... on Friday" is the attack's own time, not the statement's
    events = _assaults(
        "Investigators said on Monday that a bomb destroyed the cargo plane that crashed near the "
        "coast on Friday, killing all six crew members."
    )
    assert {e.date.start for e in events if e.date is not None} == {dt.date(2016, 7, 22)}


def test_a_founding_time_dates_no_event_at_all() -> None:
    # with only the founding's time in the sentence, the bombing is not dated by it
    events = _assaults("The Northern Front, founded in 2009, claimed a bombing outside the customs office.")
    assert events
    assert all(e.date is None or e.date.start != dt.date(2009, 1, 1) for e in events)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the arrest's day yields to the one day the article gives the shooting itself
        (
            "Police arrested a man Monday in connection with a shooting that wounded four people. "
            "The gunman opened fire outside a club around 10 p.m. Saturday, police said.",
            dt.date(2016, 7, 23),
        ),
        # told as the passive subject of a scene verb, the shooting happened at its time
        (
            "A man turned himself in to police Monday. The shooting was reported in the 600 block of "
            "Elm Street on Friday afternoon.",
            dt.date(2016, 7, 22),
        ),
    ],
)
def test_a_borrowed_time_yields_to_the_attacks_own_day(text: str, day: dt.date) -> None:
    dates = {e.date.start for e in _assaults(text) if e.date is not None and e.status == "asserted"}
    assert dates == {day}


def test_two_attack_days_leave_a_borrowed_time_alone() -> None:
    # a round-up of two shootings on two days names no single attack day
    text = (
        "Police arrested a man Monday in connection with a shooting on Oak Street. "
        "Two men were shot on Friday near the park. A woman was shot on Saturday near the river."
    )
    dates = {e.date.start for e in _assaults(text) if e.date is not None}
    assert dt.date(2016, 7, 25) in dates


def test_a_victims_clause_of_wounding_is_the_attacks_time() -> None:
    # "who was injured Wednesday" tells the attack's toll, not another act
    events = _assaults(
        "A girl who was injured Monday after being shot inside a home appears to have fired the gun "
        "herself, police said."
    )
    assert {e.date.start for e in events if e.date is not None} == {dt.date(2016, 7, 25)}


def _day(day: int, precision: str = "day") -> TimeInterval:
    start = dt.date(2016, 7, day)
    return TimeInterval(text=f"July {day}", start=start, end=start, precision=precision)  # type: ignore[arg-type]


_CUES = DatingCues(since=frozenset(), hosts=frozenset(), history_days=30)


@pytest.mark.parametrize(
    ("dated", "day"),
    [
        ([(_day(23), "own"), (_day(25), "borrowed")], 23),
        ([(_day(23), "own"), (_day(23), "own"), (_day(25), "loose")], 23),
        ([(_day(22), "own"), (_day(23), "own")], None),  # a round-up of two days
        ([(_day(25), "borrowed"), (_day(23), "loose")], None),  # no own time
        ([(_day(23, "month"), "own")], None),  # not a day
        (
            [
                (
                    TimeInterval(
                        text="May 2", start=dt.date(2016, 5, 2), end=dt.date(2016, 5, 2), precision="day"
                    ),
                    "own",
                )
            ],
            None,
        ),
    ],
)
def test_attack_day(dated: list[tuple[TimeInterval, DateKind]], day: int | None) -> None:
    found = attack_day(dated, PUBLISHED, _CUES)
    assert (found.start if found is not None else None) == (dt.date(2016, 7, day) if day else None)


@pytest.mark.parametrize(
    ("borrowed", "day", "expected"),
    [
        (_day(25), _day(23), True),  # "police said Monday" after Saturday's shooting
        (_day(23), _day(23), True),
        (_day(20), _day(23), False),  # earlier than the attack: not its follow-up
        (None, _day(23), True),
    ],
)
def test_a_borrowed_time_yields_only_to_an_attack_before_it(
    borrowed: TimeInterval | None, day: TimeInterval, expected: bool
) -> None:
    assert yields_to(borrowed, day) is expected


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        # the lead's "weekend" gives way to the one day the report names inside it
        (
            "Two men were wounded in a shooting over the weekend outside a bar on Main Street.\n\n"
            "Officers arrived at about 8:30 p.m. Sunday and found the two men on the sidewalk.",
            dt.date(2016, 7, 24),
            "day",
        ),
        (
            "A man was shot earlier this week outside his home on Elm Street.\n\n"
            "Neighbors told reporters they heard gunfire around 10 p.m. Monday.",
            dt.date(2016, 7, 25),
            "day",
        ),
        # two days inside the weekend (a round-up): the weekend stays
        (
            "Two men were wounded in shootings over the weekend in the city.\n\n"
            "Officers were called to Main Street at 1 a.m. Saturday and to Elm Street at 8 p.m. Sunday.",
            dt.date(2016, 7, 23),
            "week",
        ),
        # a posting stamp names no day of the event
        (
            "Bar shooting leaves two hurt Posted: Sunday, July 24, 2016 1:37 PM EDT\n\n"
            "Two men were wounded in a shooting over the weekend outside a bar on Main Street.",
            dt.date(2016, 7, 23),
            "week",
        ),
    ],
)
def test_a_week_gives_way_to_the_one_day_named_inside_it(text: str, day: dt.date, precision: str) -> None:
    dates = {(e.date.start, e.date.precision) for e in _assaults(text) if e.date is not None}
    assert dates == {(day, precision)}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a bare day named first is when police spoke; the day told with a clock time is the scene's
        (
            "A toddler was shot inside a home on Elm Street.\n\n"
            "It was unclear Tuesday whether charges would be filed.\n\n"
            "The gun went off shortly after 3 p.m. Monday, the boy's mother told investigators.",
            dt.date(2016, 7, 25),
        ),
        # "posted at" is a page's stamp, not the scene's time
        (
            "A teenager was shot inside a home on Elm Street.\n\n"
            "Originally posted at 12:26 a.m. July 27.\n\n"
            "Officers went to the home a little after 7:30 p.m. Monday, the chief told reporters.",
            dt.date(2016, 7, 25),
        ),
    ],
)
def test_a_scene_day_with_a_clock_time_comes_before_a_bare_day(text: str, day: dt.date) -> None:
    dates = {e.date.start for e in _assaults(text) if e.date is not None and e.status == "asserted"}
    assert dates == {day}


def test_a_clocked_day_after_the_scene_is_a_later_act() -> None:
    text = (
        "Police are investigating a shooting that left a man wounded on Elm Street.\n\n"
        "The man was walking home Friday when a car pulled up beside him.\n\n"
        "A suspect was arrested at 2 a.m. Monday."
    )
    dates = {e.date.start for e in _assaults(text) if e.date is not None and e.status == "asserted"}
    assert dates == {dt.date(2016, 7, 22)}
