"""Counts that are no figure of the attack told: tallies, ages and killers, on short
reports written for these tests."""

from __future__ import annotations

import pytest

from tests.casualty_reading import asserted_assaults, most


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # a killing verb whose time is a period
        (
            "A cook was shot and killed behind a diner on Sunday. In the county, 318 people were "
            "killed last year.",
            1,
        ),
        (
            "A cook was fatally shot behind a diner on Sunday. Across the city, 57 people have been "
            "killed so far this year.",
            1,
        ),
        (
            "A cook was fatally shot behind a diner on Sunday. Police said 96 people have been "
            "killed so far this year.",
            1,
        ),
        # several attacks told together
        (
            "A cook was fatally shot behind a diner on Sunday. Nine people were killed in separate "
            "shootings over the weekend.",
            1,
        ),
        # the attack's own figure still counts
        ("A gunman killed three people at a laundromat on Sunday, police said.", 3),
        # a month of this year is one time, no period
        ("Twin bombings at a market in August this year killed 90 people.", 90),
        # days of one outbreak since a weekday are its dead, no period's tally
        ("Officials said 37 people were killed in police firing in the district since Friday night.", 37),
        # one death beside a tally is still the news
        (
            "A cook was shot behind a diner on Sunday. He died at the hospital, the city's 12th "
            "homicide this year.",
            1,
        ),
    ],
)
def test_a_killing_verb_over_a_period_counts_no_dead(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        (
            "A courier was shot in the arm on Tuesday and is in stable condition. More than 240 "
            "people have been shot in the city since January.",
            1,
        ),
        (
            "A courier was shot in the arm on Tuesday and is in stable condition. At least 31 people "
            "were shot across the city on Sunday.",
            1,
        ),
        (
            "A courier was shot in the arm on Tuesday and survived. Twelve people were wounded in "
            "overnight shootings.",
            1,
        ),
        # the attack's own victims still count
        ("Four people were shot outside a skating rink on Tuesday and all are expected to survive.", 4),
    ],
)
def test_a_wounding_verb_over_a_period_counts_no_wounded(text: str, injured: int) -> None:
    assert most(asserted_assaults(text), "injured") == injured


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # an age set off by commas is no count of the dead
        ("Girl, 9, dies after being hit by gunfire outside her home on Sunday.", 1),
        ("Police said Darnell Ruiz Jr., 14, died from a gunshot wound on Sunday.", 1),
        # the killers a number counts are not the dead
        ("Prosecutors say the three suspects killed Orla Fenn and Ivo Marsh at a park.", 2),
        ("Police arrested 3 suspects in the shooting death of a cashier on Monday.", 1),
        ("3 suspects charged in shooting death of cashier, 19.", 1),
        # killers who died are dead
        ("Two gunmen were killed in a shootout with deputies on Friday.", 2),
        # a count after a comma that counts people stays a count
        ("A shooting at a block party left one dead, 3 injured on Friday.", 1),
    ],
)
def test_ages_and_killers_are_no_count_of_the_dead(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


def test_a_count_after_a_comma_that_counts_people_stays_a_count() -> None:
    events = asserted_assaults("A shooting at a block party left one dead, 3 injured on Friday.")
    assert most(events, "injured") == 3
