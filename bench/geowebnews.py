"""Place detection and geocoding on GeoWebNews (Gritta et al. 2019).

The corpus lives in ``../shared/bench/geowebnews/`` next to the repository:
``GWN.xml`` holds the 200 article texts (``<article><text>``), and
``gwn_full.txt`` the gold toponyms that carry coordinates, one line per
article in the same order, entries ``name,,surface,,lat,,lon,,start,,end``
joined by ``||`` (character offsets into the article text).

Figures:

* place-name precision / recall / F1: a predicted place span matches a gold
  span when the two character spans overlap; each gold span is matched at
  most once.
* accuracy@161km: over the gold toponyms that a prediction matched, the share
  whose resolved coordinates lie within 161 km (100 miles) of gold; an
  unresolved prediction counts as a miss. Also the median error in km.

Gold includes adjectival demonyms ("Syrian", "Irish"), so the figures are
given twice: with ``demonyms=True`` (demonyms reported as places of their
country, the benchmark's view) and with the library default.

Run: ``python bench/geowebnews.py``.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

from threatline.analysis.nlp import load_pipeline, parse
from threatline.analysis.places.geocode import distance_km, geocode_places, load_gazetteer
from threatline.models import Place

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "geowebnews"
WITHIN_KM = 161.0


class GoldToponym(NamedTuple):
    surface: str
    lat: float
    lon: float
    start: int
    end: int


def read_corpus(folder: Path = CORPUS) -> list[tuple[str, list[GoldToponym]]]:
    """(article text, gold toponyms) pairs in corpus order."""
    root = ET.parse(folder / "GWN.xml").getroot()
    texts = [article.findtext("text") or "" for article in root.iter("article")]
    lines = (folder / "gwn_full.txt").read_text(encoding="utf-8").split("\n")
    corpus = []
    for text, line in zip(texts, lines, strict=False):
        gold = []
        for entry in filter(None, line.split("||")):
            _name, surface, lat, lon, start, end = entry.split(",,")
            gold.append(GoldToponym(surface, float(lat), float(lon), int(start), int(end)))
        corpus.append((text, gold))
    return corpus


def _evaluate(
    predictions: list[list[Place]], corpus: list[tuple[str, list[GoldToponym]]]
) -> dict[str, float]:
    tp = fp = fn = 0
    errors: list[float] = []
    for places, (_text, gold) in zip(predictions, corpus, strict=True):
        used: set[int] = set()
        for toponym in gold:
            match = None
            for k, place in enumerate(places):
                ev = place.evidence
                if k not in used and ev is not None and ev.start < toponym.end and toponym.start < ev.end:
                    match = k
                    break
            if match is None:
                fn += 1
                continue
            used.add(match)
            tp += 1
            place = places[match]
            if place.lat is None or place.lon is None:
                errors.append(math.inf)
            else:
                errors.append(distance_km((place.lat, place.lon), (toponym.lat, toponym.lon)))
        fp += len(places) - len(used)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "acc161": sum(e <= WITHIN_KM for e in errors) / len(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else math.inf,
        "matched": float(tp),
        "gold": float(tp + fn),
    }


def score(folder: Path = CORPUS) -> dict[str, float]:
    """Figures over the whole corpus; keys prefixed ``all_`` (demonyms as places) and ``default_``."""
    corpus = read_corpus(folder)
    gazetteer = load_gazetteer()
    docs = list(parse(load_pipeline(), (text for text, _ in corpus)))
    results: dict[str, float] = {}
    for prefix, demonyms in (("all_", True), ("default_", False)):
        predictions = [geocode_places(doc, gazetteer, demonyms=demonyms) for doc in docs]
        results.update({prefix + k: v for k, v in _evaluate(predictions, corpus).items()})
    return results


def main() -> int:
    started = time.perf_counter()
    figures = score()
    print(f"GeoWebNews ({CORPUS.resolve()}), {time.perf_counter() - started:.1f} s")
    for prefix, label in (("all_", "as stored (with demonyms)"), ("default_", "without demonyms")):
        print(
            f"{label:>26}: P {figures[prefix + 'precision']:.3f}  R {figures[prefix + 'recall']:.3f}  "
            f"F1 {figures[prefix + 'f1']:.3f}  acc@161km {figures[prefix + 'acc161']:.3f}  "
            f"median {figures[prefix + 'median_km']:.1f} km  "
            f"({figures[prefix + 'matched']:.0f}/{figures[prefix + 'gold']:.0f} gold matched)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
