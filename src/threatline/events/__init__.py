"""Events: PLOVER-coded records of who did what to whom, where and when.

The public entry point is :func:`extract_events`; the ontology and the trigger
patterns are data files (``data/plover.yaml``, ``data/event_patterns.yaml``)
loaded by :func:`load_ontology` and :func:`load_patterns`.
"""

from threatline.events.extract import extract_events
from threatline.events.ontology import load_ontology, load_patterns

__all__ = ["extract_events", "load_ontology", "load_patterns"]
