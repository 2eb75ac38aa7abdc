"""Incident linking configuration: the validated ``data/incident_linking.yaml``.

:class:`IncidentConfig` holds the thresholds, tolerances and evidence
:class:`Weights` of :class:`~threatline.linking.incidents.IncidentLinker`, and
the precisions :func:`~threatline.linking.published.infer_published` may give;
:func:`default_config` loads the bundled file once.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from threatline.datafiles import load_bundled, regular_expressions
from threatline.models import Precision


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode_match: float
    mode_conflict: float
    actor_same: float
    actor_related: float
    actor_conflict: float
    recipient_same: float
    recipient_related: float
    recipient_conflict: float
    place_near: float
    place_country: float
    date_precise: float
    date_open: float
    story_same: float


class DayWords(BaseModel):
    """Patterns (case-insensitive regular expressions) that tell how a date's text names its day.

    ``named``: the text names the day itself (a weekday, a month and day, "yesterday",
    a holiday), so it does not rest on the resolver's default of the publication day;
    ``time_of_day``: the text also names a time within the day ("3 a.m.", "night").
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    named: tuple[str, ...] = ()
    time_of_day: tuple[str, ...] = ()

    @field_validator("named", "time_of_day")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return regular_expressions(patterns)

    def names_day(self, text: str) -> bool:
        """Whether ``text`` names its day (matches a ``named`` pattern)."""
        return _any_of(self.named).search(text) is not None

    def names_time(self, text: str) -> bool:
        """Whether ``text`` names its day and a time within it."""
        return self.names_day(text) and _any_of(self.time_of_day).search(text) is not None


@cache
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` (none: matches nothing)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE)


class IncidentConfig(BaseModel):
    """The ``incidents`` section of ``data/incident_linking.yaml``, validated."""

    model_config = ConfigDict(extra="forbid")

    threshold: float
    cross_story_threshold: float
    bridge_threshold: float
    place_km: float = Field(gt=0)
    date_tolerance_days: int = Field(ge=0)
    precise_days: int = Field(ge=0)
    bucket_days: int = Field(gt=0)
    max_bucket_span_days: int = Field(gt=0)
    postings_per_key: int = Field(gt=0)
    skip_status: frozenset[str]
    background_status: frozenset[str]
    background_creates: bool
    open_lookback_days: int = Field(gt=0)
    story_lookback_days: int = Field(gt=0)
    story_fresh_days: int = Field(ge=0)
    weights: Weights
    day_words: DayWords = DayWords()
    infer_precisions: frozenset[Precision] = frozenset({"day", "month", "year"})


class _InferConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allow: frozenset[Precision]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incidents: IncidentConfig
    infer_published: _InferConfig


@cache
def default_config() -> IncidentConfig:
    """The bundled ``incident_linking.yaml``, validated once."""
    parsed = load_bundled("incident_linking.yaml", _File, "incident linking settings")
    return parsed.incidents.model_copy(update={"infer_precisions": parsed.infer_published.allow})
