"""Deaths told across a report: the accused counted apart, addresses, "the other" who
died, killings told by a multiple, and a killer who turned the gun on himself, on short
reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.casualty_reading import asserted_assaults, most
from threatline.extract import extract


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # a number that counts the accused counts no dead
        (
            "3 teens indicted in shooting death of 9-year-old boy. "
            "A teen was charged in the fatal shooting of a boy.",
            1,
        ),
        ("Two women were charged on Monday in the shooting death of a cab driver.", 1),
        # a number in an address counts nobody
        ("Police named the victim of the fatal shooting at 731 Larkspur Street as Ana Holm.", 1),
        # "one ... and the other": two deaths
        ("Two men were shot on Sunday night. One man died at the scene and the other died at a hospital.", 2),
        ("Two men were shot on Sunday night. One of them later died at a hospital.", 1),
        # a killing told by a multiple counts that many; one of several does not
        ("Police are investigating a double homicide after a shooting on Oak Lane on Saturday.", 2),
        ("A triple murder followed a shooting at a motel on Friday, police said.", 3),
        ("A shooting on Saturday left one man dead. It was the city's third double homicide this year.", 1),
        # the killer who turned the gun on himself after a killing is one more dead
        ("A man shot and killed a young woman in Lakeview on Sunday, before turning the gun on himself.", 2),
        ("A man killed his neighbor on Sunday and then turned the gun on himself.", 2),
        # a turn of the gun with no killing tells no death by itself
        ("A man shot a clerk on Sunday, then turned the gun on himself.", None),
        # one death told with no killing may be the man who took his own life
        ("A man died in a shooting on Elm Street on Sunday. Police said the man took his own life.", 1),
        # names of the dead are people's: place names parsed as a subject count nobody
        ("Jane Roe and John Doe died in a shooting on Sunday. Chicago and Evanston died.", 2),
        # ... but a surname the model takes for a place is still a person's after a first name
        (
            "Two men were shot on Sunday. Tyrone Washington died at the scene. "
            "Later, Marcus Jordan died at a hospital.",
            2,
        ),
        # one who killed himself beside a death told without a killing: someone else, unless
        # the same word or a pronoun names him
        ("One person died in a shooting on Elm Street on Sunday. The gunman then killed himself.", 2),
        ("A woman died in a shooting on Elm Street on Sunday. Her husband then killed himself.", 2),
        ("A man was found shot dead in his car on Sunday. Police said he killed himself.", 1),
        # a killing told in the passive had a killer besides the dead
        ("One person was killed in a shooting on Elm Street on Sunday before the gunman killed himself.", 2),
    ],
)
def test_dead_told_across_the_report(text: str, dead: int | None) -> None:
    assert most(asserted_assaults(text), "dead") == dead


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        # "non" in a compound other than "non-life-threatening" tells no survivor
        (
            "A man was shot outside a non-profit center in Chicago. He died at the scene.",
            1,
            None,
        ),
        (
            "A man was shot in Chicago. He was taken to a hospital with non-life-threatening injuries.",
            None,
            1,
        ),
        # victims told apart from a count of victims add to it
        (
            "Police found three victims, and two others were taken to a hospital with gunshot wounds.",
            None,
            5,
        ),
        (
            "Police found three victims, and two were taken to a hospital with gunshot wounds.",
            None,
            3,
        ),
        # the part of the body hit is no dead body, read through the analysis's claims too
        ("Two men were shot in the upper body on Friday.", None, 2),
    ],
)
def test_figures_through_the_whole_analysis(text: str, dead: int | None, injured: int | None) -> None:
    [event] = [e for e in extract(text, published=dt.date(2020, 1, 1)).events if e.type == "ASSAULT"]
    assert (event.dead.min if event.dead else None) == dead
    assert (event.injured.min if event.injured else None) == injured
