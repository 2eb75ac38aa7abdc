"""Incidents: events of many articles that are one real-world event.

The linker is :mod:`~threatline.linking.incidents.linker`; its configuration, state
records, derived fields and date and place helpers are in
:mod:`~threatline.linking.incidents.config`, :mod:`~threatline.linking.incidents.state`,
:mod:`~threatline.linking.incidents.fields` and
:mod:`~threatline.linking.incidents.dates_places`.
"""

from threatline.linking.incidents.linker import (
    STATE_VERSION,
    ActorKB,
    Assignment,
    IncidentConfig,
    IncidentLinker,
    IncidentState,
    IsCoarse,
    LinkResult,
    Member,
    Relink,
    Span,
    Weights,
    country_level,
    default_config,
    incident_id,
    infer_published,
)

__all__ = [
    "STATE_VERSION",
    "ActorKB",
    "Assignment",
    "IncidentConfig",
    "IncidentLinker",
    "IncidentState",
    "IsCoarse",
    "LinkResult",
    "Member",
    "Relink",
    "Span",
    "Weights",
    "country_level",
    "default_config",
    "incident_id",
    "infer_published",
]
