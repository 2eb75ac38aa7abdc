"""Deaths and wounded read across a whole article, on short reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.casualty_reading import ANCHOR, asserted_assaults, most
from threatline.extract import extract
from threatline.models import Evidence, TimeInterval


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A cyclist was shot near the canal bridge. He was pronounced dead at the scene.", 1),
        ("A clerk was shot during a robbery at a gas station. The clerk later died at the hospital.", 1),
        ("A teenager is dead after a shooting at a park in Millbrook.", 1),
        # a toll given its value by a verb
        ("The number of people killed in Friday's bombing at the depot has risen to 41, officials said.", 41),
        ("Officials said the death toll from the market bombing stood at 19 on Monday.", 19),
        ("Two brothers were shot outside a bakery. Both victims succumbed to their wounds.", 2),
        ("Three men were shot in a parked van. Two of them died on the way to the hospital.", 2),
        ("Gunfire erupted outside a tavern on Elm Road. Two men were found dead in the lot.", 2),
        ("Deputies said the shooting happened at a farm. Luis Ortega died of a gunshot wound.", 1),
        # the same victim told twice is one death
        (
            "A farmer was shot in his barn. The farmer died on the way to the hospital. "
            "Silas Crane, 58, died of his injuries, the coroner said.",
            1,
        ),
        # two different names are two deaths
        (
            "A shooting broke out at a cookout. Mara Quill died at the scene. "
            "Dorian Vale was pronounced dead at the hospital.",
            2,
        ),
        ("Police are investigating the shooting death of a toddler. The shooting happened at a home.", 1),
    ],
)
def test_deaths_told_outside_the_attack_sentence(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


@pytest.mark.parametrize(
    "text",
    [
        "A courier was shot in the leg on Tuesday. No one died in the shooting.",
        "A courier was shot in the leg on Tuesday. He nearly died, his doctor said.",
        "A courier was shot in the leg on Tuesday. His grandmother died of cancer.",
        'A courier was shot in the leg on Tuesday. "Please do not let me die," he told a neighbour.',
        "A courier was shot in the leg on Tuesday. His father had died years earlier.",
    ],
)
def test_deaths_that_are_no_casualty_are_not_counted(text: str) -> None:
    events = asserted_assaults(text)
    assert events
    assert most(events, "dead") is None
    assert most(events, "injured") == 1


def test_a_death_dated_before_the_article_is_not_counted() -> None:
    text = "A courier was shot in the leg on Tuesday. His uncle died in 2010."
    at = text.index("2010")
    year = TimeInterval(
        text="2010",
        start=dt.date(2010, 1, 1),
        end=dt.date(2010, 12, 31),
        precision="year",
        evidence=Evidence(sentence=text, start=at, end=at + 4),
    )
    assert most(asserted_assaults(text, [year]), "dead") is None


def test_deaths_without_an_attack_are_no_event_figures() -> None:
    assert asserted_assaults("An elderly woman died at her home on Sunday, her family said.") == []


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # the one shot is the one who died: not also wounded
        (
            "A hunter died on Saturday when his rifle went off. The hunter was shot in the chest.",
            1,
            None,
        ),
        ("A cyclist was shot near the canal bridge. He was pronounced dead at the scene.", 1, None),
        # explicit wounded stay
        ("A gunman shot and killed one man and wounded another outside a diner.", 1, 1),
        ("The gunman killed two people and injured three others at a warehouse.", 2, 3),
        # a survivor told outright keeps the shot victims wounded
        (
            "A driver was shot at a crossing. He survived. His passenger died at the scene.",
            1,
            1,
        ),
    ],
)
def test_wounded_exclude_the_dead_told_elsewhere(text: str, dead: int, injured: int | None) -> None:
    events = asserted_assaults(text)
    assert most(events, "dead") == dead
    assert most(events, "injured") == injured


def test_the_shot_less_the_dead_told_elsewhere_are_the_wounded() -> None:
    events = asserted_assaults(
        "An adult is dead after the gunfire.\n\nIn all, seven people were shot at the park."
    )
    assert (most(events, "dead"), most(events, "injured")) == (1, 6)


def test_victims_set_apart_from_the_dead_keep_their_count() -> None:
    events = asserted_assaults("Two men were killed outside the bar. Three others were also shot.")
    assert (most(events, "dead"), most(events, "injured")) == (2, 3)


def test_a_life_celebrated_is_no_death() -> None:
    events = asserted_assaults("Seven people were shot at a party to celebrate a child's life.")
    assert (most(events, "dead"), most(events, "injured")) == (None, 7)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Officials say Angela Benton, Ray Daniel and Joe McDonald were killed.", 3),
        ("The gunman killed his wife and two children.", 3),
        ("John Smith, 34, and Jane Doe, 30, were killed.", 2),
    ],
)
def test_a_list_of_victims_counts_each(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # a death told in passing, by a gerund after "with"
        ("A total of 12 people were shot in the fight, with Ann King dying of her wounds.", 1, 11),
        # a participle the tagger reads as a past tense
        ("Durham was one of five people shot during a fight at the bar. He died at the scene.", 1, 4),
    ],
)
def test_victims_counted_through_the_phrase_that_holds_them(text: str, dead: int, injured: int) -> None:
    events = asserted_assaults(text)
    assert (most(events, "dead"), most(events, "injured")) == (dead, injured)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A second man has died after the shooting at the bus depot on Friday.", 2),
        ("A fourth victim died Tuesday of wounds from the attack on the market.", 4),
    ],
)
def test_an_ordinal_death_tells_the_dead_so_far(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A father shot and killed his two children on Tuesday. He then killed himself.", 3),
        # the killer already among the dead
        ("Three people, including the gunman himself, were killed. He had killed himself.", 3),
        # killed by police in the act
        ("A man shot three neighbors dead on Friday. He was shot and killed by deputies.", 4),
        ("Two clerks were killed in the robbery. The gunman was shot dead by a guard.", 3),
        # police who kill a man who had killed nobody add no one
        ("Officers shot and killed a man who was waving a knife outside a bar.", 1),
    ],
)
def test_a_killer_who_died_is_one_more_dead(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        ("Gunmen killed Ali Khan, Omar Aziz and a guard at the gate.", 3, None),
        ("A six-year-old girl and her father were shot outside the store.", None, 2),
        # a name for the head is no second victim
        ("Smith's son, Storm Malone, and a family friend, Dasmine Mitchell, were shot.", None, 2),
    ],
)
def test_a_list_counts_once_per_member(text: str, dead: int | None, injured: int | None) -> None:
    events = asserted_assaults(text)
    assert (most(events, "dead"), most(events, "injured")) == (dead, injured)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot at the house on Main Street overnight.",
        "Nina and Kate were shot in the head at 17 McAfee Farm Road.",
    ],
)
def test_what_was_fired_at_is_not_wounded(text: str) -> None:
    injured = most(asserted_assaults(text), "injured")
    assert injured != 17
    assert injured in (None, 2)


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # the shot less the dead of the same sentence
        ("Two brothers were shot and one died on Harbor Lane late Sunday.", 1, 1),
        ("Six teenagers leaving a dance were shot, two fatally, near the gym.", 2, 4),
        ("Three cousins were shot, one fatally, outside a laundromat.", 1, 2),
        # as many dead as shot: nobody wounded
        ("Two clerks were shot and killed behind the pharmacy counter.", 2, None),
    ],
)
def test_the_shot_less_their_dead_are_wounded(text: str, dead: int, injured: int | None) -> None:
    events = asserted_assaults(text)
    assert (most(events, "dead"), most(events, "injured")) == (dead, injured)


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # wounded told in a sentence that names no attack
        ("A bouncer was killed in a shooting at a nightclub. Three other men were wounded.", 1, 3),
        ("A bouncer was killed in a shooting at a nightclub. Two women and a man were hurt.", 1, 3),
        ("A bouncer was killed in a shooting at a nightclub. Both of his friends were injured.", 1, 2),
        ("A gunman opened fire on a porch. Five guests suffered minor injuries.", None, 5),
        # the wounded of one sentence add up
        (
            "A shooting broke out at a block party. One man is in stable condition, "
            "and two teenagers were treated for gunshot wounds and released.",
            None,
            3,
        ),
        ("The gunfire outside the arena left four fans injured and one dead.", 1, 4),
        ("A taxi driver was grazed by a bullet during a shooting downtown.", None, 1),
        # victims of care may be the dead, told elsewhere, unless the injury is mild
        (
            "Deputies were called to a shooting on Pine Road. They found three men suffering "
            "from gunshot wounds. One of the men died at the hospital.",
            1,
            2,
        ),
    ],
)
def test_wounded_told_outside_the_attack_sentence(text: str, dead: int | None, injured: int) -> None:
    events = asserted_assaults(text)
    assert (most(events, "dead"), most(events, "injured")) == (dead, injured)


@pytest.mark.parametrize(
    "text",
    [
        "A bouncer was killed in a shooting at a nightclub. No one else was injured.",
        "A bouncer was killed in a shooting at a nightclub. The bartender was not hurt.",
        "A bouncer was killed in a shooting at a nightclub. Two cousins were injured in a car crash.",
        # the one hurt is the one who died
        "A bouncer was killed in a shooting at a nightclub. The bouncer was wounded in the chest.",
        # the gunman is not among the wounded of a clause that borrows his subject
        "A bouncer was killed in a shooting at a nightclub, leaving the crowd stunned.",
    ],
)
def test_wounded_not_told(text: str) -> None:
    events = asserted_assaults(text)
    assert most(events, "dead") == 1
    assert most(events, "injured") is None


def test_the_dead_of_another_days_shooting_are_not_among_the_wounded() -> None:
    text = (
        "Four people were shot outside a youth center late Thursday, police said.\n\n"
        "The crowd had gathered for a vigil for a man killed in a shooting last month."
    )
    events = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert most(events, "injured") == 4


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # "shot" parsed as a noun carrying "to death"
        ("Police found a teen shot to death in a car on Tuesday.", 1, None),
        # "kills" parsed as a noun counted by the number after it
        ("Drive-by shooter kills 1, injures 3", 1, 3),
        # "outside bar" parsed as the object: the people are the ones shot, not the shooters
        ("Four people shot outside bar", None, 4),
    ],
)
def test_headline_parses_that_hide_the_casualties(text: str, dead: int | None, injured: int | None) -> None:
    events = asserted_assaults(text)
    assert most(events, "dead") == dead
    assert most(events, "injured") == injured
