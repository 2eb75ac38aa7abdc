"""Wounded told mildly hurt with the compound written apart, and victims counted by a
number that is no count, on short reports written for these tests."""

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
        # "non-life threatening" and "non life threatening" tell survivors as the
        # hyphenated compound does: the dead are not among them
        (
            "A man was killed in a shooting outside a bar on Friday. "
            "The four victims were hospitalized for non-life threatening injuries.",
            1,
            4,
        ),
        (
            "A man was killed in a shooting outside a bar on Friday. "
            "Three people suffered non life threatening injuries.",
            1,
            3,
        ),
        # a year before "homicide victim" counts no victims
        (
            "A man was shot and killed on Elm Street on Friday. "
            "The 2015 homicide victim was a father of three.",
            1,
            None,
        ),
    ],
)
def test_mild_and_counts(text: str, dead: int | None, injured: int | None) -> None:
    assert _figures(text) == (dead, injured)
