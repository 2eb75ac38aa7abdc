"""Shared by the casualty tests: the asserted assaults of a short report, and its figures."""

from __future__ import annotations

import datetime as dt

from threatline.analysis.nlp import load_pipeline
from threatline.events import extract_events
from threatline.models import Article, Event, Published, TimeInterval

# mid-month, so that a weekday named in a report stays within the article's month
ANCHOR = dt.date(2016, 8, 17)


def asserted_assaults(text: str, times: list[TimeInterval] | None = None) -> list[Event]:
    """The asserted ASSAULT events of ``text`` published on :data:`ANCHOR`."""
    doc = load_pipeline()(text)
    article = Article(id="t", text=text, text_hash="t", published=Published(date=ANCHOR, how="metadata"))
    events = extract_events(
        doc, article, mentions=[], entities=[], times=times or [], places=[], claims=[], attributions=[]
    )
    return [e for e in events if e.type == "ASSAULT" and e.status == "asserted"]


def most(events: list[Event], field: str) -> int | None:
    """The article's figure (``dead`` or ``injured``) as the incident linker reads it: its largest."""
    figures = [q.min for q in (getattr(e, field) for e in events) if q is not None and q.min is not None]
    return max(figures) if figures else None
