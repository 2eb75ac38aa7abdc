"""A killer's own death and tallies of a period, on short reports written for these tests."""

from __future__ import annotations

import pytest

from tests.casualty_reading import asserted_assaults, most


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        (
            "A man shot and killed his two nephews at a cabin on Sunday before turning the gun on "
            "himself, deputies said. The sheriff called it a murder-suicide.",
            3,
        ),
        (
            "A woman fatally shot her husband and his brother on Monday before taking her own life, "
            "police said. Neighbors heard the shots around noon.",
            3,
        ),
        (
            "Police said the gunman killed a cashier at the store and then committed suicide in "
            "the parking lot. Officers arrived minutes later.",
            2,
        ),
        # the killer already counted among the dead is not counted twice
        (
            "Four people are dead, including the gunman, who took his own life, police said. "
            "The shooting began at a warehouse.",
            4,
        ),
        # a child who shot himself by accident is the only dead
        (
            "A 5-year-old boy shot himself with a pistol he found in a closet, police said. "
            "He was pronounced dead at a hospital.",
            1,
        ),
    ],
)
def test_a_killer_who_killed_himself_is_one_more_dead(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


def test_a_killer_who_shot_himself_and_died_is_no_wounded() -> None:
    text = (
        "A man shot and killed his neighbor on Friday and then shot himself, police said. "
        "Investigators are treating it as a murder-suicide."
    )
    events = asserted_assaults(text)
    assert most(events, "dead") == 2
    assert most(events, "injured") is None


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        (
            "A woman was fatally shot at a bus stop on Monday. Citywide, 212 people have been "
            "killed so far this year.",
            1,
        ),
        # a figure of the attack itself still counts
        ("Gunmen killed 14 people at a wedding hall on Saturday, officials said.", 14),
    ],
)
def test_a_tally_of_a_period_is_no_figure_of_the_attack(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


def test_shooting_himself_after_a_killing_is_no_death_of_his_own() -> None:
    # he may live: only a death told or a murder-suicide counts the killer
    text = (
        "The man killed his wife before shooting himself. He was taken to a hospital in "
        "critical condition and is expected to survive."
    )
    assert most(asserted_assaults(text), "dead") == 1


def test_a_headline_killing_done_by_someone_counts_its_subject() -> None:
    # the parser reads "shot" as the subject's act; "killed by" makes both passive
    assert most(asserted_assaults("Teenage girl shot and killed by neighbor"), "dead") == 1


@pytest.mark.parametrize(
    "text",
    [
        "A girl was shot at a park on Saturday. Police later confirmed that the girl had died.",
        "A boy was shot at a home on Monday. On Tuesday police said the boy had died from his injuries.",
    ],
)
def test_a_death_told_in_the_past_perfect_by_someone_is_the_news(text: str) -> None:
    assert most(asserted_assaults(text), "dead") == 1


def test_a_relatives_death_in_the_past_perfect_is_no_news() -> None:
    text = (
        "A man was shot on Main Street on Sunday. Neighbors said the man's brother had died "
        "in a shooting on the same street."
    )
    assert most(asserted_assaults(text), "dead") is None
