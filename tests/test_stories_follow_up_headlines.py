"""Tests of the follow-up headline rule: a report of an arrest, a charge or a trial leads with its own day."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.linking import default_config
from threatline.linking.features import Evidence, analysis_evidence, is_follow_up
from threatline.linking.index import StoryState
from threatline.linking.stories import evidence_adjustment
from threatline.models import Analysis, Article, Published

DAY = dt.date(2019, 3, 9)


def _analysis(title: str | None) -> Analysis:
    article = Article(
        id="a",
        title=title,
        text=f"{title or ''}\n\nPolice gave no further details.",
        text_hash="h",
        published=Published(date=DAY, how="metadata"),
    )
    return Analysis(article=article)


@pytest.mark.parametrize(
    ("title", "follow_up"),
    [
        ("Teen charged with murder in Elmwood shooting", True),
        ("Two men arrested after drive-by on Harlow Street", True),
        ("Jury finds Dale Pruett guilty in tavern shooting", True),
        ("Sentencing set for woman who shot neighbour", True),
        ("Coroner identifies man killed on Ridge Avenue", True),
        ("Grand jury indicts suspect in highway shootings", True),
        # A first report: an attack told as news.
        ("Three wounded in shooting outside Elmwood bar", False),
        # Words first reports use too: a suspect sought, a victim who died.
        ("Suspect sought after woman dies in shooting", False),
        ("Update: four shot near vigil on West Side", False),
        # Names and words that merely begin like one of the words.
        ("2 killed in Pleasant Hill shooting", False),
        ("Bondi Junction stabbing leaves six dead", False),
        ("Gunman opens fire near courthouse square", False),
        ("Police plead for witnesses after double shooting", False),
        (None, False),
    ],
)
def test_follow_up_headlines(title: str | None, follow_up: bool) -> None:
    config = default_config()
    assert is_follow_up(_analysis(title), config.evidence) is follow_up
    assert analysis_evidence(_analysis(title), config.evidence).follow_up is follow_up


def _story(dates: frozenset[dt.date], persons: frozenset[str]) -> StoryState:
    story = StoryState("s", "t", DAY, DAY, [], {}, 1.0)
    story.absorb({}, Evidence(dates=dates, persons=persons), keep=10, members=0)
    return story


@pytest.mark.parametrize(
    ("days_later", "named"),
    [
        # Published within date_conflict_days of the story's latest report.
        (3, frozenset()),
        # Weeks later, naming none of the story's people, its day after all of the story's.
        (40, frozenset()),
        # Weeks later, naming the victim.
        (40, frozenset({"pruett"})),
    ],
)
def test_a_follow_up_with_its_own_day_weighs_date_conflict_follow_up(
    days_later: int, named: frozenset[str]
) -> None:
    config = default_config()
    weights = config.evidence
    story = _story(frozenset({DAY}), frozenset({"pruett", "alvarez"}))
    when = DAY + dt.timedelta(days=days_later)
    own_day = frozenset({when})

    def difference(follow_up: bool) -> float:
        dated = Evidence(dates=own_day, persons=named, follow_up=follow_up)
        undated = Evidence(persons=named, follow_up=follow_up)
        return evidence_adjustment(dated, story, config, None, when) - evidence_adjustment(
            undated, story, config, None, when
        )

    assert difference(True) == pytest.approx(weights.date_conflict_follow_up)
    # The plain rules weigh more against a report of another day.
    assert difference(False) < difference(True)
    assert weights.date_conflict_follow_up > weights.date_conflict


def test_a_follow_up_on_the_storys_day_gets_the_date_match() -> None:
    """The rule only softens a conflict: an agreeing incident date still counts in full."""
    config = default_config()
    story = _story(frozenset({DAY}), frozenset())
    when = DAY + dt.timedelta(days=30)
    plain = Evidence(dates=frozenset({DAY}))
    follow_up = Evidence(dates=frozenset({DAY}), follow_up=True)
    assert evidence_adjustment(follow_up, story, config, None, when) == pytest.approx(
        evidence_adjustment(plain, story, config, None, when)
    )
