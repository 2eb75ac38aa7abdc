"""Which numbers and nouns count casualties: ages used as nouns, numbers of things, years."""

from __future__ import annotations

import pytest

from tests.casualty_reading import asserted_assaults, most
from threatline.analysis.nlp import load_pipeline
from threatline.events.casualties.counting import aged_person, person_word


@pytest.mark.parametrize(
    ("text", "word", "aged"),
    [
        ("A 16-year-old was hurt.", "old", True),
        ("The 3-month-old was asleep.", "old", True),
        ("An old man was hurt.", "old", False),
        ("The house is old.", "old", False),
    ],
)
def test_an_age_used_as_a_noun_names_a_person(text: str, word: str, aged: bool) -> None:
    token = next(t for t in load_pipeline()(text) if t.lower_ == word)
    assert aged_person(token) is aged
    assert person_word(token) is aged


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        (
            "A 16-year-old was shot in the arm on Tuesday night near Birch Lane. Police have no suspect.",
            None,
            1,
        ),
        ("Deputies said a gunman shot a 19-year-old outside a bakery. The gunman ran away.", None, 1),
        (
            "Officers said a 15-year-old was wounded in the gunfire near the depot. Nobody was arrested.",
            None,
            1,
        ),
        ("A 20-year-old died after a shooting on Quarry Street on Monday. Police have no suspect.", 1, None),
        (
            "Police said a 17-year-old was killed in the shooting at the fairground. No arrests were made.",
            1,
            None,
        ),
    ],
)
def test_an_age_used_as_a_noun_is_a_victim(text: str, dead: int | None, injured: int | None) -> None:
    events = asserted_assaults(text)
    assert most(events, "dead") == dead
    assert most(events, "injured") == injured


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # a number of shots, a count of shootings or a year is no count of dead
        ("Officers said a courier was shot six times and killed outside the warehouse on Tuesday.", 1),
        ("Detectives are looking into three shootings that killed one man in the valley this week.", 1),
        ("The farmer killed his neighbour in '98 and was jailed for it. He was freed last spring.", 1),
    ],
)
def test_numbers_of_things_are_not_dead(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead


def test_a_headline_count_of_shot_still_counts_victims() -> None:
    events = asserted_assaults("5 Shot, 2 Killed At Block Party. Police are looking for the gunman.")
    assert (most(events, "dead"), most(events, "injured")) == (2, 3)


def test_a_number_before_a_later_clause_counts_nobody_in_it() -> None:
    """ "fired at a dozen people before killing himself": the dozen are not the dead."""
    events = asserted_assaults(
        "The gunman fired at a dozen people before killing himself in the hall. Police came."
    )
    assert most(events, "dead") != 12
