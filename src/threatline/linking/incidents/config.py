"""Incident linking configuration: the validated ``data/incident_linking.yaml``.

:class:`IncidentConfig` holds the thresholds, tolerances and evidence
:class:`Weights` of :class:`~threatline.linking.incidents.IncidentLinker`, and
the precisions :func:`~threatline.linking.published.infer_published` may give;
:func:`default_config` loads the bundled file once.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from threatline.datafiles import load_bundled
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


class IncidentConfig(BaseModel):
    """The ``incidents`` section of ``data/incident_linking.yaml``, validated."""

    model_config = ConfigDict(extra="forbid")

    threshold: float
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
    weights: Weights
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
