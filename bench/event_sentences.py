"""Per-type precision / recall / F1 of the event extractor on the annotated sentences.

Run: ``python bench/event_sentences.py`` (reads ``tests/data/event_sentences.yaml``).
A sentence counts as a true positive for its type when an event of that type
comes out with the annotated status (and mode, actor, recipient where given);
every other event type it yields is a false positive for that type.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from threatline.analysis.nlp import load_pipeline
from threatline.events import extract_events
from threatline.models import Article, Event, Published

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "event_sentences.yaml"


def matches(event: Event, gold: dict[str, Any]) -> bool:
    """Whether ``event`` is the annotated event ``gold``."""
    if event.type != gold["type"] or event.status != gold["status"]:
        return False
    if "mode" in gold and gold["mode"] not in event.mode:
        return False
    for role in ("actor", "recipient"):
        ref = getattr(event, role)
        if role in gold and (ref is None or gold[role] not in ref.text.lower()):
            return False
    return True


def events_of(text: str, anchor: dt.date) -> list[Event]:
    """The events of one sentence read alone (no other analysis records)."""
    doc = load_pipeline()(text)
    article = Article(id="s", text=text, text_hash="s", published=Published(date=anchor, how="metadata"))
    return extract_events(
        doc, article, mentions=[], entities=[], times=[], places=[], claims=[], attributions=[]
    )


def score() -> dict[str, dict[str, float]]:
    """{type: {precision, recall, f1}} over the annotated sentences, plus 'all' (micro)."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    anchor = data["anchor"]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold in data["sentences"]:
        events = events_of(gold["text"], anchor)
        hit = any(matches(e, gold) for e in events)
        tp[gold["type"]] += hit
        fn[gold["type"]] += not hit
        for kind in {e.type for e in events} - ({gold["type"]} if hit else set()):
            fp[kind] += 1
    out: dict[str, dict[str, float]] = {}
    for kind in [*sorted(set(tp) | set(fp) | set(fn)), "all"]:
        t = sum(tp.values()) if kind == "all" else tp[kind]
        f_p = sum(fp.values()) if kind == "all" else fp[kind]
        f_n = sum(fn.values()) if kind == "all" else fn[kind]
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        out[kind] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


if __name__ == "__main__":
    for kind, s in score().items():
        print(f"{kind:10s} P {s['precision']:.2f}  R {s['recall']:.2f}  F1 {s['f1']:.2f}")
