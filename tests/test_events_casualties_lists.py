"""Victims named in lists with ages, victims set apart from the dead, body parts and
survived injuries, on short reports written for these tests."""

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
        # names with their ages, the parser's chain of appositions read as written
        ("Tomas Greer, 34, Ulla Venn, 32, and Ivo Marsh, 33, were shot in the legs on Friday.", None, 3),
        (
            "A shooting on Friday left one man dead. Lena Fisk, 27, Omar Dent, 31, Paz Kroll, 45 and "
            "Rudi Sand, 22 were all taken to a hospital with non-life-threatening injuries.",
            1,
            4,
        ),
        ("Lena Fisk, 27, and Omar Dent, 31, were killed at a bar on Friday.", 2, None),
        (
            "Gunfire broke out at a party on Friday. Police said Tomas Greer, 34, Ulla Venn, 32, Ivo Marsh, "
            "33 and Pia Holt, 22 were wounded.",
            None,
            4,
        ),
    ],
)
def test_a_list_of_names_with_ages_counts_each_name(text: str, dead: int | None, injured: int | None) -> None:
    assert _figures(text) == (dead, injured)


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # "also" sets the shot apart from the dead told in another sentence ...
        (
            "A teenager was killed on Elm Street on Friday. "
            "An adult man was also shot and is expected to recover.",
            1,
            1,
        ),
        # ... or in their own sentence
        (
            "A shooting broke out at a bar on Friday. One man died, and police said Lena Fisk, 27, and "
            "Omar Dent, 31, were also shot.",
            1,
            2,
        ),
        # without it, the one shot is the one who died
        ("A clerk was shot at a gas station on Friday. The clerk died at the scene.", 1, None),
    ],
)
def test_victims_set_apart_from_the_dead_stay_wounded(
    text: str, dead: int | None, injured: int | None
) -> None:
    assert _figures(text) == (dead, injured)


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        # "body" as where a victim was hit is no dead body
        ("Two men were shot in the upper body on Friday.", 2),
        ("Three women were shot on Friday, police said. All were hit in the lower body.", 3),
    ],
)
def test_a_body_part_tells_no_death(text: str, injured: int) -> None:
    assert _figures(text) == (None, injured)


def test_a_victims_count_holds_the_statements_of_its_sentence() -> None:
    text = (
        "A bar shooting broke out on Friday. Officers found three victims, and two were taken to a hospital."
    )
    assert _figures(text) == (None, 3)


@pytest.mark.parametrize(
    "text",
    [
        "A gunman shot at a car on Friday. Deputies found the driver on Hwy 150 with a gunshot wound.",
        "A gunman shot at a car on Friday. The driver was found on Route 9 with a gunshot wound.",
    ],
)
def test_a_number_in_a_road_name_counts_nobody(text: str) -> None:
    assert most(asserted_assaults(text), "injured") in (None, 1)
