"""Deaths told by an active verb's object, a lost life, a relative clause or "passed away",
on short reports written for these tests."""

from __future__ import annotations

import pytest

from tests.casualty_reading import asserted_assaults, most


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # the object of an active frame died, not its subject
        ("A boy was shot on Monday. Medics pronounced him dead at the scene.", 1),
        ("Police are looking into a shooting on Monday that left a teenage boy dead.", 1),
        # a life taken
        ("A shooting on Monday claimed the lives of a boy and his mother.", 2),
        ("A man was shot on Monday. He lost his life at the hospital.", 1),
        # "deceased" as its own clause
        ("A shooting was reported on Monday. Deputies found all four deceased.", 4),
        ("A shooting was reported on Monday. Officers found a woman who was deceased in the garage.", 1),
        # "passed away" is "died"
        ("A girl was shot on Monday. She was taken off life support on Sunday and passed away.", 1),
    ],
)
def test_death_frames(text: str, dead: int) -> None:
    assert most(asserted_assaults(text), "dead") == dead
