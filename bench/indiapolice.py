"""Sentence-level precision / recall / F1 of the event extractor on IndiaPoliceEvents.

Run: ``python bench/indiapolice.py [--every N]`` (reads ``../shared/bench/indiapolice``).
Each sentence is parsed and read on its own, anchored at its article's date.
Label mapping (the labels are about actions *by the police*, see the dataset's
documentation; so an event counts only when its actor is the police):

* KILL   ← an ASSAULT (asserted or historical) by the police with a dead count
* ARREST ← a COERCE with mode ``arrest`` (asserted or historical) by the police,
  or with no actor named ("were arrested": in these reports, the police)
* FORCE  ← any ASSAULT (asserted or historical) by the police

"By the police" is a bench-side rule: the actor's entity id names a police
agency, or its text names police, cops, officers, constables, "the force",
"(security) forces", personnel or jawans (in these reports, forces on police duty).
No actor is implied for ASSAULT: "were killed in police firing" counts because the
extractor itself takes the actor from the means ("police firing"), not by a rule here.

``--every N`` keeps the articles whose ``doc_id % N == 0`` (a fixed subset).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

from threatline.analysis.nlp import load_pipeline
from threatline.events import extract_events
from threatline.models import Article, Event, Published

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "indiapolice"
LABELS = ("KILL", "ARREST", "FORCE")
_REAL = ("asserted", "historical")
_POLICE = re.compile(
    r"\b(police\w*|cops?|officers?|constables?|constabulary|forces?|personnel|jawans?|inspector|sub-inspector|si|dsp|sp)\b",
    re.IGNORECASE,
)


def by_police(event: Event) -> bool:
    """Whether the event's actor is the police (by entity id or by the words naming it)."""
    actor = event.actor
    if actor is None:
        return False
    return "police" in (actor.entity_id or "") or bool(_POLICE.search(actor.text))


def predicted(events: list[Event]) -> set[str]:
    """The benchmark labels a sentence's events stand for."""
    out: set[str] = set()
    for e in events:
        if e.status not in _REAL:
            continue
        if e.type == "ASSAULT" and by_police(e):
            out.add("FORCE")
            if e.dead is not None:
                out.add("KILL")
        if e.type == "COERCE" and "arrest" in e.mode and (e.actor is None or by_police(e)):
            out.add("ARREST")
    return out


def score(every: int = 1) -> dict[str, dict[str, float]]:
    """{label: {precision, recall, f1, support}} over the (sub)set of articles."""
    dates = {}
    with (BENCH / "metadata.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            meta = json.loads(line)
            dates[meta["doc_id"]] = dt.date.fromisoformat(meta["date"])
    rows = []
    with (BENCH / "sents.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["doc_id"] % every == 0:
                rows.append(row)
    nlp = load_pipeline()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for row, doc in zip(rows, nlp.pipe((r["sent_text"] for r in rows), batch_size=256), strict=True):
        text = row["sent_text"]
        article = Article(
            id=str(row["doc_id"]),
            text=text,
            text_hash=str(row["doc_id"]),
            published=Published(date=dates.get(row["doc_id"]), how="metadata"),
        )
        events = extract_events(
            doc, article, mentions=[], entities=[], times=[], places=[], claims=[], attributions=[]
        )
        got, gold = predicted(events), set(row["sent_labels"])
        for label in LABELS:
            tp[label] += label in got and label in gold
            fp[label] += label in got and label not in gold
            fn[label] += label not in got and label in gold
    out: dict[str, dict[str, float]] = {}
    for label in LABELS:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = {"precision": p, "recall": r, "f1": f1, "support": float(tp[label] + fn[label])}
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="keep articles with doc_id %% N == 0")
    args = parser.parse_args()
    for label, s in score(args.every).items():
        print(
            f"{label:7s} P {s['precision']:.2f}  R {s['recall']:.2f}  F1 {s['f1']:.2f}",
            f"(n={int(s['support'])})",
        )
