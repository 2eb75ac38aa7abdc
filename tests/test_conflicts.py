"""Merged figures and conflicts between sources."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.analysis.kb import default_kb
from threatline.linking.conflicts import (
    FigureReport,
    ValueReport,
    actor_conflict,
    claim_conflicts,
    claim_key,
    date_conflict,
    estimate,
    figure_conflict,
)
from threatline.models import Claim, Evidence, Quantity, TimeInterval


def fig(lo: int | None, hi: int | None, source: str, order: int) -> FigureReport:
    return FigureReport(Quantity(min=lo, max=hi), f"art{order}", source, order)


@pytest.mark.parametrize(
    ("reports", "expected", "conflict"),
    [
        ([fig(60, 60, "a", 0), fig(137, 137, "b", 1)], (60, 60, 137), True),
        ([fig(137, None, "a", 0), fig(141, None, "b", 1)], (137, 141, 141), False),  # at least 137, over 140
        ([fig(60, 60, "a", 0), fig(137, 137, "a", 1)], (137, 137, 137), False),  # an outlet updating itself
        ([fig(None, 40, "a", 0), fig(30, 30, "b", 1)], (30, 30, 40), False),  # up to 40 allows 30
        ([fig(5, 7, "a", 0), fig(10, 10, "b", 1), fig(20, 20, "c", 2)], (5, 10, 20), True),
        # one article: "three were shot", then "the victim was shot" counts one of them again
        (
            [
                FigureReport(Quantity(min=3, max=3), "x", "a", 0),
                FigureReport(Quantity(min=1, max=1), "x", "a", 1),
            ],
            (3, 3, 3),
            False,
        ),
        # a later article of the same outlet still revises the earlier one, even downwards
        ([fig(3, 3, "a", 0), fig(2, 2, "a", 1)], (2, 2, 2), False),
    ],
)
def test_estimate_and_conflict(
    reports: list[FigureReport], expected: tuple[int, int, int], conflict: bool
) -> None:
    merged = estimate(reports)
    assert merged is not None
    assert (merged.min, merged.best, merged.max) == expected
    found = figure_conflict("dead", reports)
    assert (found is not None) == conflict
    if found is not None:
        assert [v.article_id for v in found.values] == [r.article_id for r in reports]


@pytest.mark.parametrize(
    ("ids", "conflict"),
    [(["is-khorasan", "islamic-state"], False), (["islamic-state", "al-qaeda"], True), (["russia"], False)],
)
def test_actor_conflict(ids: list[str], conflict: bool) -> None:
    kb = default_kb()
    reports = [ValueReport(i, f"a{n}", f"s{n}") for n, i in enumerate(ids)]
    assert (actor_conflict("actor", reports, kb.is_part_of) is not None) == conflict


@pytest.mark.parametrize(
    ("days", "conflict"), [(["2024-03-22", "2024-03-22"], False), (["2024-03-22", "2024-03-23"], True)]
)
def test_date_conflict(days: list[str], conflict: bool) -> None:
    reports = [
        (
            TimeInterval(
                text=d, start=dt.date.fromisoformat(d), end=dt.date.fromisoformat(d), precision="day"
            ),
            f"a{n}",
            f"s{n}",
        )
        for n, d in enumerate(days)
    ]
    assert (date_conflict(reports) is not None) == conflict


def test_claims_grouped_by_quantity() -> None:
    ev = Evidence(sentence="s", start=0, end=1)
    claims = [
        Claim(
            id="c1",
            article_id="a",
            quantity="Chechens fighting for ISIS",
            value=Quantity(max=4000),
            text="t",
            evidence=ev,
        ),
        Claim(
            id="c2",
            article_id="b",
            quantity="the Chechens fighting for ISIS",
            value=Quantity(min=5000),
            text="t",
            evidence=ev,
        ),
    ]
    estimates, conflicts = claim_conflicts(claims, {"a": "x", "b": "y"})
    key = claim_key("Chechens fighting for ISIS")
    assert list(estimates) == [key]
    assert [c.field for c in conflicts] == [f"claim:{key}"]
