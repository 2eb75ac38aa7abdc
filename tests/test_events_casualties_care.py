"""Wounded told by their care or beside the dead, and the shot less the dead, on short
reports written for these tests."""

from __future__ import annotations

import pytest

from tests.casualty_reading import asserted_assaults, most


def _figures(text: str) -> tuple[int | None, int | None]:
    """The article's (dead, injured) as the incident linker reads them: the largest of its assaults."""
    assaults = asserted_assaults(text)
    return most(assaults, "dead"), most(assaults, "injured")


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # a condition, a coma or a ride to a hospital tells a victim without a verb of hurt
        (
            "A boy is in serious condition after an accidental shooting on Friday. Police are investigating.",
            None,
            1,
        ),
        (
            "Two men were shot in a car on Friday night. "
            "One man died at the scene and the other remains in a coma.",
            1,
            1,
        ),
        (
            "A shooting broke out at a diner on Friday. "
            "A cook died at the scene and a waiter was rushed to a hospital.",
            1,
            1,
        ),
        # someone else's death in the sentence sets the victim apart from the dead
        (
            "A woman died and a man was injured in a shooting on Elm Street on Friday. "
            "Police are investigating.",
            1,
            1,
        ),
        # a statement inside another is counted once
        (
            "A shooting broke out at a diner on Friday. A cook was killed. All three other victims "
            "were taken to a hospital, where two were listed in critical condition.",
            1,
            3,
        ),
    ],
)
def test_wounded_told_by_their_care(text: str, dead: int | None, injured: int) -> None:
    assert _figures(text) == (dead, injured)


@pytest.mark.parametrize(
    "text",
    [
        # the one carried to a hospital is the one who died there
        "A clerk was shot at a gas station on Friday. The clerk was rushed to a hospital, where he died.",
        # "also" in an apposition sets nobody apart
        "A student was shot at a dorm on Friday. Rowan Pike, also a student, was rushed to a hospital "
        "where he was pronounced dead.",
    ],
)
def test_a_victim_in_care_who_died_is_not_wounded(text: str) -> None:
    assert _figures(text) == (1, None)


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # the number of the first verb's object is no count of the second verb's dead
        ("A gunman opened fire at a bar on Friday, shooting eight people and killing a bartender.", 1, 7),
        # "non-life threatening" tells of no death
        (
            "Two people were shot and killed at a park on Friday. At least four others suffered "
            "non-life threatening gunshot wounds.",
            2,
            4,
        ),
    ],
)
def test_the_shot_less_the_dead(text: str, dead: int, injured: int) -> None:
    assert _figures(text) == (dead, injured)


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # victims found with their wounds are the wounded, less the dead told elsewhere
        ("Gunfire broke out on Pine Road on Friday. Three men were found with gunshot wounds.", None, 3),
        (
            "Gunfire broke out on Pine Road on Friday. Two women were found with gunshot wounds. "
            "One of them died at a hospital.",
            1,
            1,
        ),
        # in the active voice the subject found them: "officers" are no victims
        ("Gunfire broke out on Pine Road on Friday. Officers found a man with a gunshot wound.", None, None),
    ],
)
def test_victims_found_with_wounds(text: str, dead: int | None, injured: int | None) -> None:
    assert _figures(text) == (dead, injured)


def test_a_non_fatal_shooting_tells_no_death() -> None:
    # "non-fatal" holds "fatal" as the tokenizer splits it: nobody died, so the wounded stay
    text = "A couple was charged in the non-fatal shooting of their son. The boy shot himself in the arm."
    assert _figures(text) == (None, 1)
