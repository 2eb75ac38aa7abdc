"""A killer's own death and tallies of a period, on short reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.analysis.nlp import load_pipeline
from threatline.events import extract_events
from threatline.models import Article, Event, Published

ANCHOR = dt.date(2016, 8, 17)


def _assaults(text: str) -> list[Event]:
    doc = load_pipeline()(text)
    article = Article(id="t", text=text, text_hash="t", published=Published(date=ANCHOR, how="metadata"))
    events = extract_events(
        doc, article, mentions=[], entities=[], times=[], places=[], claims=[], attributions=[]
    )
    return [e for e in events if e.type == "ASSAULT" and e.status == "asserted"]


def _most(events: list[Event], field: str) -> int | None:
    """The article's figure as the incident linker reads it: its largest one."""
    quantities = [getattr(e, field) for e in events]
    figures = [q.min for q in quantities if q is not None and q.min is not None]
    return max(figures) if figures else None


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
    assert _most(_assaults(text), "dead") == dead


def test_a_killer_who_shot_himself_and_died_is_no_wounded() -> None:
    text = (
        "A man shot and killed his neighbor on Friday and then shot himself, police said. "
        "Investigators are treating it as a murder-suicide."
    )
    events = _assaults(text)
    assert _most(events, "dead") == 2
    assert _most(events, "injured") is None


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
    assert _most(_assaults(text), "dead") == dead
