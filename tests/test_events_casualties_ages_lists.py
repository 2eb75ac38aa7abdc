"""Casualty counts: ages written "y/o", lists of counted victims, no one in particular, relative clauses."""

from __future__ import annotations

from tests.casualty_reading import asserted_assaults, most


def test_an_age_written_y_o_is_no_count_of_the_dead() -> None:
    events = asserted_assaults("A 43 y/o man was shot and killed on Main Street on Friday.")
    assert most(events, "dead") == 1


def test_a_list_of_counted_victims_adds_up() -> None:
    events = asserted_assaults("Two adults and two children were killed in the shooting on Friday.")
    assert most(events, "dead") == 4


def test_no_one_in_particular_is_no_dead() -> None:
    events = asserted_assaults("Nothing will change until somebody gets killed, the mother said.")
    assert most(events, "dead") is None


def test_the_wounded_of_a_relative_clause_are_counted() -> None:
    events = asserted_assaults(
        "A man was shot and killed in his home on Friday. His wife, who suffered minor injuries, "
        "was released from the hospital on Saturday."
    )
    assert most(events, "dead") == 1
    assert most(events, "injured") == 1
