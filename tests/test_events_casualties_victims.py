"""A count of victims with no verb of hurt ("found four victims"): the wounded less the dead."""

from __future__ import annotations

import pytest

from tests.casualty_reading import asserted_assaults, most


def _figures(text: str) -> tuple[int | None, int | None]:
    events = asserted_assaults(text)
    return most(events, "dead"), most(events, "injured")


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        (
            "A shooting broke out at a party on Friday. When officers arrived they found four victims.",
            None,
            4,
        ),
        # the dead are among the victims counted
        ("Gunfire erupted on Elm Street on Friday. One man died. Medics rushed all four victims away.", 1, 3),
        # victims set apart from the dead are all wounded
        ("A man was shot dead on Elm Street on Friday. Two other victims were taken to a hospital.", 1, 2),
    ],
)
def test_counted_victims_are_wounded_less_the_dead(text: str, dead: int | None, injured: int) -> None:
    assert _figures(text) == (dead, injured)


@pytest.mark.parametrize(
    "text",
    [
        # every victim counted died
        "Two men were killed on Elm Street on Friday. The two victims were identified as brothers.",
        # one victim may be the one who died
        "A man was shot dead on Elm Street on Friday. The victim was identified as a cook.",
        # victims of a period are no attack's
        "A man was shot dead on Elm Street on Friday. The city has counted 300 victims this year.",
    ],
)
def test_victims_who_are_the_dead_or_a_tally_are_not_wounded(text: str) -> None:
    events = asserted_assaults(text)
    assert most(events, "dead")  # the attack is read, with its dead ...
    assert most(events, "injured") is None  # ... and no wounded besides them


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # an attack named with a multiple hit that many: the dead are taken off for the wounded
        ("Officers were called to a double shooting on Elm Street on Friday night.", None, 2),
        ("Police are investigating a triple stabbing at a bar on Saturday.", None, 3),
        ("A man was killed in a quadruple shooting on Oak Lane on Sunday.", 1, 3),
        ("Two men were killed in a double shooting on Oak Lane on Sunday.", 2, None),
        # one of several counts no one hit
        ("Police are investigating another double shooting on Elm Street on Friday.", None, None),
    ],
)
def test_an_attack_named_with_a_multiple_counts_the_hit(
    text: str, dead: int | None, injured: int | None
) -> None:
    assert _figures(text) == (dead, injured)
