"""Merged figures and disagreements between the sources of one incident.

Every source's value is kept; the incident's own figure is derived by the rule
written in ``docs/linking.md``:

* each outlet's *latest* article stands for that outlet (an outlet that said 60
  dead and later 137 has updated itself, it does not disagree with itself), and
  an article's largest figure stands for the article (its other figures count
  parts of the same total: "three were shot", then "Smith was shot");
* each report is a range ``[min, max]``: "at least 137" is ``[137, open)``, "up
  to 40" is ``[0, 40]``, an exact figure is a single point;
* when every outlet's range shares a value, ``best`` is the lowest such value
  (the most conservative figure that every source allows) and there is no conflict;
* otherwise the outlets disagree: a :class:`~threatline.models.Conflict` lists
  every report and ``best`` is the lower median of the outlets' figures (a
  figure is the lower bound, or the upper bound when only that was given);
* ``min`` is the lowest outlet figure, ``max`` the highest finite bound anyone gave.

Perpetrators conflict when two KB actors are not related through the hierarchy
(``is-khorasan`` and ``islamic-state`` agree); dates conflict when two day-precise
intervals do not overlap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from threatline.analysis.kb import alias_key, folded_key
from threatline.models import Claim, Conflict, ConflictValue, Estimate, Quantity, TimeInterval

Related = Callable[[str, str], bool]
"""Whether two KB ids are the same or one is part of the other."""


@dataclass(frozen=True)
class FigureReport:
    """One article's figure for one quantity; ``order`` is arrival order (later is newer)."""

    value: Quantity
    article_id: str
    source: str
    order: int


@dataclass(frozen=True)
class ValueReport:
    """One article's value of a non-numeric field (an actor id, a date interval)."""

    value: str
    article_id: str
    source: str


def _bounds(q: Quantity) -> tuple[int, int | None] | None:
    if q.min is None and q.max is None:
        return None
    return (q.min if q.min is not None else 0), q.max


def _figure(q: Quantity) -> int | None:
    return q.min if q.min is not None else q.max


def latest_per_source(reports: Iterable[FigureReport]) -> list[FigureReport]:
    """Each source's newest article's figure, in order of sources' first report.

    Within one article the largest figure stands for it: an article that says
    "three people were shot" and later "the victim, Smith, was shot" counts one
    of the three again, it does not revise its own total.
    """
    latest: dict[str, FigureReport] = {}
    for report in sorted(reports, key=lambda r: r.order):
        if _bounds(report.value) is None:
            continue
        held = latest.get(report.source)
        if (
            held is None
            or held.article_id != report.article_id
            or (_figure(report.value) or 0) >= (_figure(held.value) or 0)
        ):
            latest[report.source] = report
    return list(latest.values())


def estimate(reports: Sequence[FigureReport]) -> Estimate | None:
    """The merged ``{min, best, max}`` of the reports (rule in the module docstring); None if no figure.

    >>> from threatline.models import Quantity
    >>> r = [FigureReport(Quantity(min=137), "a", "x", 0), FigureReport(Quantity(min=141), "b", "y", 1)]
    >>> estimate(r)
    Estimate(min=137, best=141, max=141)
    """
    latest = latest_per_source(reports)
    if not latest:
        return None
    ranges = [b for r in latest if (b := _bounds(r.value)) is not None]
    figures = sorted(f for r in latest if (f := _figure(r.value)) is not None)
    low = max(lo for lo, _ in ranges)
    highs = [hi for _, hi in ranges if hi is not None]
    agreed = not highs or low <= min(highs)
    best = low if agreed else figures[(len(figures) - 1) // 2]
    return Estimate(min=figures[0], best=best, max=max(hi if hi is not None else lo for lo, hi in ranges))


def figure_conflict(field: str, reports: Sequence[FigureReport]) -> Conflict | None:
    """A conflict listing every report when the outlets' latest ranges share no value."""
    latest = latest_per_source(reports)
    ranges = [b for r in latest if (b := _bounds(r.value)) is not None]
    if len(ranges) < 2:
        return None
    low = max(lo for lo, _ in ranges)
    highs = [hi for _, hi in ranges if hi is not None]
    if not highs or low <= min(highs):
        return None
    values = [
        ConflictValue(
            value={"min": r.value.min, "max": r.value.max, "text": r.value.text},
            article_id=r.article_id,
            source=r.source,
        )
        for r in sorted(reports, key=lambda r: r.order)
        if _bounds(r.value) is not None
    ]
    return Conflict(field=field, values=values)


def actor_conflict(field: str, reports: Sequence[ValueReport], related: Related) -> Conflict | None:
    """A conflict when two sources name actors (KB ids) that are not related in the hierarchy."""
    ids = {r.value for r in reports}
    clash = any(not (related(a, b) or related(b, a)) for a in ids for b in ids if a < b)
    if not clash:
        return None
    return Conflict(
        field=field,
        values=[ConflictValue(value=r.value, article_id=r.article_id, source=r.source) for r in reports],
    )


def day_interval(interval: TimeInterval | None) -> tuple[dt.date, dt.date] | None:
    """``(start, end)`` of an interval resolved to a day, else None."""
    if interval is None or interval.precision != "day" or interval.start is None:
        return None
    return interval.start, interval.end or interval.start


def date_conflict(reports: Sequence[tuple[TimeInterval, str, str]]) -> Conflict | None:
    """A conflict when two sources' day-precise dates do not overlap; reports are (date, article, source)."""
    days = [(d, a, s) for t, a, s in reports if (d := day_interval(t)) is not None]
    clash = any(x[0][1] < y[0][0] or y[0][1] < x[0][0] for x in days for y in days if x[2] != y[2])
    if not clash:
        return None
    values = [
        ConflictValue(value=start.isoformat() if start == end else f"{start}/{end}", article_id=a, source=s)
        for (start, end), a, s in days
    ]
    return Conflict(field="date", values=values)


_NUMBERS = re.compile(r"\b\d[\d,.]*\b")


def claim_key(quantity: str) -> str:
    """The key claims are grouped on: the counted thing, normalised ("The Chechens" = "chechens")."""
    return " ".join(folded_key(alias_key(_NUMBERS.sub(" ", quantity))).split())


def claim_figures(
    claims: Sequence[Claim], source_of: Mapping[str, str], order_of: Mapping[str, int] | None = None
) -> dict[str, list[FigureReport]]:
    """Claims grouped by :func:`claim_key`, as figure reports; ``source_of`` maps article id → source key."""
    grouped: dict[str, list[FigureReport]] = {}
    for i, claim in enumerate(claims):
        order = order_of.get(claim.article_id, i) if order_of is not None else i
        source = source_of.get(claim.article_id, f"article:{claim.article_id}")
        grouped.setdefault(claim_key(claim.quantity), []).append(
            FigureReport(claim.value, claim.article_id, source, order)
        )
    return grouped


def claim_conflicts(
    claims: Sequence[Claim], source_of: Mapping[str, str], order_of: Mapping[str, int] | None = None
) -> tuple[dict[str, Estimate], list[Conflict]]:
    """Per quantity, the merged estimate, and a conflict (field ``claim:<key>``) where sources disagree."""
    estimates: dict[str, Estimate] = {}
    conflicts: list[Conflict] = []
    for key, reports in claim_figures(claims, source_of, order_of).items():
        merged = estimate(reports)
        if merged is not None:
            estimates[key] = merged
        conflict = figure_conflict(f"claim:{key}", reports)
        if conflict is not None:
            conflicts.append(conflict)
    return estimates, conflicts
