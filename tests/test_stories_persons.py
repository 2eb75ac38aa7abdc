"""Tests of the person rules of story linking: shared people, and name conflicts on one day."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.linking import default_config
from threatline.linking.features import Evidence
from threatline.linking.index import StoryState
from threatline.linking.stories import evidence_adjustment, persons_shared

DAY = dt.date(2016, 3, 1)


def _story(**evidence: object) -> StoryState:
    story = StoryState("s", "t", DAY, DAY, [], {}, 1.0)
    story.absorb({}, Evidence(**evidence), keep=10, members=0)  # type: ignore[arg-type]
    return story


@pytest.mark.parametrize(
    ("article", "story", "shared"),
    [
        # A sentencing report names the victim and the accused as the first report did.
        (
            Evidence(persons=frozenset({"okafor", "brandt", "ng"})),
            _story(persons=frozenset({"okafor", "brandt"})),
            True,
        ),
        # One common surname on both sides is no sign of one story.
        (Evidence(persons=frozenset({"okafor", "ng"})), _story(persons=frozenset({"okafor", "lee"})), False),
        (Evidence(persons=frozenset({"okafor", "brandt"})), _story(), False),
    ],
)
def test_persons_shared(article: Evidence, story: StoryState, shared: bool) -> None:
    assert persons_shared(article, story, default_config()) is shared


def test_several_shared_people_weigh_more_than_one() -> None:
    """A later report naming two of the story's people gets more than one naming one."""
    config = default_config()
    story = _story(
        persons=frozenset({"okafor", "brandt"}),
        main_persons=frozenset({"okafor", "brandt"}),
        dates=frozenset({DAY}),
    )
    later = DAY + dt.timedelta(days=200)
    one = Evidence(persons=frozenset({"okafor"}), main_persons=frozenset({"okafor"}))
    two = Evidence(persons=frozenset({"okafor", "brandt"}), main_persons=frozenset({"okafor"}))
    gain = evidence_adjustment(two, story, config, None, later) - evidence_adjustment(
        one, story, config, None, later
    )
    assert gain == pytest.approx(config.evidence.persons_shared)
    assert config.evidence.persons_shared > 0


@pytest.mark.parametrize(
    ("published", "dates", "conflict"),
    [
        # Same incident day, dated report: a victim in one, a witness in the other.
        (DAY, frozenset({DAY}), "same_day"),
        # Another day: the names tell two incidents apart.
        (DAY + dt.timedelta(days=1), frozenset({DAY + dt.timedelta(days=9)}), "full"),
        # An undated report's weekday dates are guesses: the names keep their full weight.
        (None, frozenset({DAY}), "full"),
    ],
)
def test_person_conflict_is_lighter_on_an_agreed_incident_day(
    published: dt.date | None, dates: frozenset[dt.date], conflict: str
) -> None:
    config = default_config()
    weights = config.evidence
    story = _story(persons=frozenset({"okafor"}), main_persons=frozenset({"okafor"}), dates=frozenset({DAY}))
    named = Evidence(persons=frozenset({"vlasic"}), main_persons=frozenset({"vlasic"}), dates=dates)
    unnamed = Evidence(dates=dates)
    difference = evidence_adjustment(named, story, config, None, published) - evidence_adjustment(
        unnamed, story, config, None, published
    )
    expected = weights.person_conflict_same_day if conflict == "same_day" else weights.person_conflict
    assert difference == pytest.approx(expected)
    assert weights.person_conflict_same_day > weights.person_conflict
