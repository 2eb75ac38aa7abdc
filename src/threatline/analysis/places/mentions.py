"""The place mentions of a parsed ``Doc``, each with its gazetteer candidates.

Mentions are spaCy GPE, LOC and FAC entities, country-like ORG spans ("US
Navy" gives "US"), and capitalised spans the model missed that the gazetteer
knows well (an area, or a place of at least :data:`MIN_GUESS_POPULATION`).
Demonyms ("Russian", "Syrians") are collected too: they inform the country
context of the article even when they are not returned as places. Which
candidate a mention means is decided later (:mod:`threatline.analysis.places.homonyms`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from threatline.analysis.doccache import ents_of, tokens_of
from threatline.analysis.places.gazetteer import AREA_FEATURES, Candidate, Gazetteer

__all__ = ["MIN_GUESS_POPULATION", "PLACE_LABELS", "Mention", "place_mentions"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""spaCy labels read as place mentions."""

MIN_GUESS_POPULATION = 100_000
"""Population from which a name's most populous candidate is trusted without
context: a capitalised run outside any entity counts as a place, and a giant
among homonyms needs no other clue."""


@dataclass(slots=True)
class Mention:
    """One place name in the text: character offsets, its sentence, the entries it may
    refer to, and whether it is a demonym (``"adjective"`` or ``"plural"``)."""

    start: int
    end: int
    text: str
    sentence: str
    candidates: list[Candidate]
    demonym: str | None = None


def _trim(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else span


def _is_title_token(token_text: str) -> bool:
    return token_text[:1].isupper()


def _area_prefix(span: Span, gazetteer: Gazetteer) -> tuple[Span, list[Candidate]] | None:
    """The longest leading part of ``span`` that names a country or region ("US" in "US Navy")."""
    for end in range(span.end - 1, span.start, -1):
        head = span.doc[span.start : end]
        candidates = gazetteer.candidates(head.text)
        if candidates and candidates[0].feature in AREA_FEATURES:
            return head, candidates
    return None


def _spans_from_entities(doc: Doc, gazetteer: Gazetteer) -> Iterator[tuple[Span, list[Candidate]]]:
    person_texts = {e.text for e in ents_of(doc) if e.label_ == "PERSON"}
    for ent in ents_of(doc):
        span = _trim(ent)
        if not span.text or not _is_title_token(span.text):
            continue
        candidates = gazetteer.candidates(span.text)
        if ent.label_ in PLACE_LABELS:
            if not candidates and len(span) == 1 and span.text in person_texts:
                continue  # a surname the model also tagged as a place
            if not candidates and len(span) > 1:
                prefix = _area_prefix(span, gazetteer)
                if prefix is not None and not span.doc[prefix[0].end].is_title:
                    yield prefix  # "Syria conflict", "Kent coast"
                    continue
            yield span, candidates
        elif ent.label_ in ("ORG", "NORP", "PERSON"):
            # the model reads metonymic countries ("Zimbabwe beat...") as ORG
            # and some regions as PERSON; keep only names that are
            # unmistakably areas, never buildings or institutions ("the Kremlin")
            if candidates and candidates[0].feature in AREA_FEATURES:
                yield span, candidates
            elif ent.label_ == "ORG" and len(span) > 1:
                prefix = _area_prefix(span, gazetteer)
                if prefix is not None:
                    yield prefix  # "US Navy", "Nigeria Police Force"


def _gazetteer_spans(
    doc: Doc, gazetteer: Gazetteer, taken: set[int]
) -> Iterator[tuple[Span, list[Candidate]]]:
    """Runs of capitalised proper nouns outside any entity that the gazetteer knows well."""
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if i in taken or not (token.pos_ == "PROPN" and _is_title_token(token.text)):
            i += 1
            continue
        j = i
        while (
            j < n
            and j not in taken
            and doc[j].pos_ == "PROPN"
            and (_is_title_token(doc[j].text) or doc[j].text == "-")
        ):
            j += 1
        span = _trim(doc[i:j])
        i = j
        candidates = gazetteer.candidates(span.text)
        if candidates and (
            candidates[0].feature in AREA_FEATURES or candidates[0].population >= MIN_GUESS_POPULATION
        ):
            yield span, candidates
        elif len(span) > 1:
            prefix = _area_prefix(span, gazetteer)
            if prefix is not None:
                yield prefix


def place_mentions(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """The place and demonym mentions of ``doc``, in text order."""
    found: list[Mention] = []
    taken: set[int] = set()
    for span, candidates in _spans_from_entities(doc, gazetteer):
        found.append(Mention(span.start_char, span.end_char, span.text, span.sent.text, candidates))
        taken.update(range(span.start, span.end))
    for ent in ents_of(doc):
        taken.update(range(ent.start, ent.end))
    for span, candidates in _gazetteer_spans(doc, gazetteer, taken):
        found.append(Mention(span.start_char, span.end_char, span.text, span.sent.text, candidates))
        taken.update(range(span.start, span.end))
    # demonyms: whole NORP entities ("South Korean"), then single words that
    # no place mention took (the head of "Russian Embassy")
    covered = set(taken) - {t.i for e in ents_of(doc) if e.label_ in ("NORP", "ORG") for t in e}
    # lazily, so that a word a NORP entity took is skipped; only a capitalised word can be a demonym
    singles = (doc[t.i : t.i + 1] for t in tokens_of(doc) if t.i not in covered and _is_title_token(t.text))
    for span in [*(e for e in ents_of(doc) if e.label_ == "NORP"), *singles]:
        if covered.intersection(range(span.start, span.end)) or not _is_title_token(span.text):
            continue
        area = gazetteer.demonym(span.text)
        plural = area is None and gazetteer.demonym(span.text, plural=True)
        if area is None and not plural:
            continue
        covered.update(range(span.start, span.end))
        target = area or gazetteer.demonym(span.text, plural=True)
        found.append(
            Mention(
                span.start_char,
                span.end_char,
                span.text,
                span.sent.text,
                [target] if target else [],
                demonym="plural" if plural else "adjective",
            )
        )
    found.sort(key=lambda m: m.start)
    return found
