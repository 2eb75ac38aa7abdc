"""Entity linking: every named actor, organisation and place of an article, with ids.

:func:`link_entities` reads the entity spans of a parsed ``Doc`` (the pipeline's
entity ruler already tagged knowledge-base aliases) and gives each span an entity:

1. ``kb``: the span, or the span without person titles ("Defence Minister"), is a
   KB alias valid on the publication date;
2. ``fuzzy``: a misspelt KB name ("Chechneya"), see :meth:`KnowledgeBase.fuzzy`;
3. ``coref``: a person's surname or a shorter form of a name used elsewhere in the
   article ("Konev" after "A.V. Konev"), and definite descriptions of a group ("the
   group", "the terrorist organization") that refer back to the group named last;
4. ``new``: anything else becomes an entity of the article, ``new:<slug>``, typed
   person, organization or place from its label (a "person" whose name ends in a
   facility word of ``linking.yaml``, "Manchester Arena", is a place). Nothing is
   dropped, except:

NORP spans ("Russian", "Islamic", "Chechens") name peoples and creeds, not actors:
they are linked only when they are exactly a KB alias ("Taliban", "Houthis") and
are otherwise left out. Short all-caps aliases that are English words ("IS", "US")
are skipped inside all-caps headlines ("ISIS IS COMING").
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span

from threatline.analysis.doccache import ents_of, lowers_of
from threatline.analysis.kb import FUZZY_MIN_CHARS, KnowledgeBase, alias_key, folded_key
from threatline.models import Entity, Mention

LINKED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_NEW_TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place"}
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
# a referent of "the group" is an actor named as such, not a modifier ("Islamic State prisoners")
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    text: str
    label: str
    tokens: list[str]
    entity_id: str | None = None
    how: Literal["kb", "fuzzy", "coref", "new"] = "new"
    is_modifier: bool = False


def link_entities(
    doc: Doc, kb: KnowledgeBase, published: dt.date | None = None
) -> tuple[list[Entity], list[Mention]]:
    """Link the entity spans of ``doc`` to KB or article entities.

    Returns the distinct entities mentioned, in order of first mention (KB ones
    with their KB data), and one :class:`Mention` per span, ordered by offset,
    whose ``start``/``end`` are character offsets into ``doc.text``.
    """
    spans = [s for s in (_trim(ent) for ent in ents_of(doc) if ent.label_ in LINKED_LABELS) if s is not None]
    spans = [_as_facility(s, kb) for s in spans if not _shouted_word(doc, s)]
    pending: list[_Span] = []
    for span in spans:
        if not _link_kb(span, kb, published):
            pending.append(span)
    _link_people(spans, pending, kb)
    _link_titles(spans, kb)
    spans = [s for s in spans if s.entity_id is not None or s.label != "NORP"]
    for span in spans:
        if span.entity_id is None:
            span.entity_id = "new:" + _slug(" ".join(span.tokens) or span.text)
            span.how = "new"
    spans += _descriptions(doc, spans, kb)
    spans.sort(key=lambda s: s.start)

    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for span in spans:
        assert span.entity_id is not None
        if span.entity_id not in entities:
            entities[span.entity_id] = (
                kb.entity(span.entity_id)
                if span.entity_id in kb
                else Entity(
                    id=span.entity_id,
                    name=" ".join(span.tokens) or span.text,
                    type=_NEW_TYPES.get(span.label, "organization"),
                )
            )
        mentions.append(
            Mention(
                id=f"m:{span.start}:{span.end}",
                entity_id=span.entity_id,
                text=span.text,
                label=span.label,
                start=span.start,
                end=span.end,
                how=span.how,
            )
        )
    return list(entities.values()), mentions


def _trim(ent: Span) -> _Span | None:
    """The span without leading determiners and a trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    text, end_char = span.text, span.end_char
    tokens = [t.text for t in span if not t.is_space]
    if len(text) > 2 and text[-3] == "-" and text[-2].isupper() and text[-1] == ".":
        # "IS-K." at a sentence end: the tokenizer keeps the period on the last letter
        text, end_char, tokens[-1] = text[:-1], end_char - 1, tokens[-1][:-1]
    # the span's head: a modifier of a noun outside the span ("Islamic State prisoners")
    root = span.root
    return _Span(
        start=span.start_char,
        end=end_char,
        text=text,
        label=ent.label_,
        tokens=tokens,
        entity_id=ent.ent_id_ or None,
        is_modifier=root.dep_ in _MODIFIER_DEPS and not (span.start <= root.head.i < span.end),
    )


def _as_facility(span: _Span, kb: KnowledgeBase) -> _Span:
    """A "person" whose name ends in a facility word ("Manchester Arena") relabelled FAC."""
    if span.label != "PERSON" or len(span.tokens) < 2:
        return span
    name = " ".join(span.tokens).lower()
    if any(name.endswith(" " + word) for word in kb.lexicon.facilities):
        span.label = "FAC"
    return span


def _shouted_word(doc: Doc, span: _Span) -> bool:
    """True for "IS"/"US" as a word inside an all-caps line, where it is the verb or pronoun."""
    text = span.text
    if not (text.isupper() and len(text) <= 3 and doc.vocab[text.lower()].is_stop):
        return False
    sent = doc.char_span(span.start, span.end, alignment_mode="expand")
    if sent is None:
        return False
    words = [t.text for t in sent.sent if t.is_alpha]
    upper = sum(1 for w in words if w.isupper())
    return len(words) >= 2 and upper / len(words) >= 0.8


def _link_kb(span: _Span, kb: KnowledgeBase, on: dt.date | None) -> bool:
    """Link ``span`` by exact alias, alias without titles, ruler id or fuzzy match."""
    ruler_id = span.entity_id
    span.entity_id = None
    entity = kb.lookup(span.text, on)
    if entity is None and span.label == "PERSON":
        name = _strip_titles(span.tokens, kb)
        if name and name != span.tokens:
            span.tokens = name
            entity = kb.lookup(" ".join(name), on)
    if entity is None and ruler_id and ruler_id in kb:
        entity = kb.entity(ruler_id)
    if entity is not None:
        span.entity_id, span.how = entity.id, "kb"
        return True
    if span.label == "NORP" or len(span.text) < FUZZY_MIN_CHARS:
        return False
    kinds = {"person"} if span.label == "PERSON" else _NON_PERSON
    found = kb.fuzzy(" ".join(span.tokens), on, types=kinds)
    if found is None:
        return False
    span.entity_id, span.how = found[0].id, "fuzzy"
    return True


_NON_PERSON = frozenset({"group", "government", "agency", "organization", "media", "place"})


def _strip_titles(tokens: list[str], kb: KnowledgeBase) -> list[str]:
    """The name after the last title word ("the Russian President Vladimir Putin" → "Vladimir Putin")."""
    titles = kb.lexicon.titles
    last = -1
    for i, token in enumerate(tokens):
        if token.lower() in titles:
            last = i
    return tokens[last + 1 :]


def _link_people(spans: list[_Span], pending: list[_Span], kb: KnowledgeBase) -> None:
    """Link unresolved person names to a longer name of the same person in the article.

    A name matches a person named elsewhere in the document (before or after) whose
    name ends with the same words ("Konev" → "A.V. Konev"); the nearest preceding
    such name wins, else the first following one.
    """
    people: list[tuple[int, tuple[str, ...], str | None, _Span]] = []
    for span in spans:
        if span.label != "PERSON" and not (span.entity_id and kb.type_of(span.entity_id) == "person"):
            continue
        names = [tuple(_fold(t) for t in span.tokens)]
        if span.entity_id:
            entity = kb.entity(span.entity_id)
            names += [tuple(_fold(t) for t in alias_key(n).split()) for n in (entity.name, *entity.aliases)]
        for name in names:
            people.append((span.start, name, span.entity_id, span))
    for span in pending:
        if span.label != "PERSON":
            continue
        words = tuple(_fold(t) for t in span.tokens)
        if not words:
            continue
        best: tuple[int, _Span, str | None] | None = None
        for start, name, entity_id, other in people:
            if other is span or len(name) <= len(words) or name[-len(words) :] != words:
                continue
            # preceding names first (nearest), then following ones (earliest)
            rank = span.start - start if start < span.start else 10**9 + start
            if best is None or rank < best[0]:
                best = (rank, other, entity_id)
        if best is None:
            continue
        _, other, entity_id = best
        if entity_id is None:
            # the longer name becomes a new entity under this same id below
            entity_id = "new:" + _slug(" ".join(other.tokens))
        span.entity_id, span.how = entity_id, "coref"


def _link_titles(spans: list[_Span], kb: KnowledgeBase) -> None:
    """A bare office title before a name names that person ("Syrian President Assad").

    The title alone resolves by date ("Russian Defence Minister" in 2016 is Shoigu),
    but an undated article is better served by the name that follows it.
    """
    for span, following in itertools.pairwise(spans):
        if span.label != "PERSON" or following.label != "PERSON" or following.entity_id is None:
            continue
        if _strip_titles(span.tokens, kb) or following.start - span.end > 3:
            continue
        span.entity_id, span.how = following.entity_id, "coref"


def _descriptions(doc: Doc, spans: list[_Span], kb: KnowledgeBase) -> list[_Span]:
    """Mentions for "the group", "the terrorist organization", ... pointing at the group named last."""
    phrases = [tuple(d.split()) for d in kb.lexicon.descriptions]
    targets = kb.lexicon.description_targets
    taken = {i for s in spans for i in _token_range(doc, s)}
    by_token = {i: s for s in spans for i in _token_range(doc, s)}
    found: list[_Span] = []
    lows = lowers_of(doc)  # read once: the scan looks at every word
    i = 0
    while i < len(doc):
        if lows[i] != "the" or i in taken:
            i += 1
            continue
        match = next((p for p in phrases if tuple(lows[i + 1 : i + 1 + len(p)]) == p), None)
        if match is None:
            i += 1
            continue
        end = i + 1 + len(match)
        if any(j in taken for j in range(i, end)) or (end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN"}):
            # part of a name, or a modifier ("the group leader")
            i = end
            continue
        referent = by_token.get(end) if end < len(doc) else None
        if referent is None or not _is_target(referent, kb, targets):
            referent = _antecedent(spans, doc[i].idx, kb, targets)
        if referent is not None:
            start_char = doc[i].idx
            end_char = doc[end - 1].idx + len(doc[end - 1].text)
            found.append(
                _Span(
                    start=start_char,
                    end=end_char,
                    text=doc[i:end].text,
                    label="COREF",
                    tokens=[t.text for t in doc[i:end]],
                    entity_id=referent.entity_id,
                    how="coref",
                )
            )
        i = end
    return found


def _antecedent(spans: list[_Span], before: int, kb: KnowledgeBase, targets: frozenset[str]) -> _Span | None:
    best: _Span | None = None
    for span in spans:
        if span.start >= before:
            break
        if not span.is_modifier and _is_target(span, kb, targets):
            best = span
    return best


def _is_target(span: _Span, kb: KnowledgeBase, targets: frozenset[str]) -> bool:
    return span.entity_id is not None and kb.type_of(span.entity_id) in targets


def _token_range(doc: Doc, span: _Span) -> range:
    chars = doc.char_span(span.start, span.end, alignment_mode="expand")
    return range(chars.start, chars.end) if chars is not None else range(0)


def _fold(text: str) -> str:
    return folded_key(text).strip(".")


def _slug(name: str) -> str:
    """A lowercase ASCII slug of ``name`` ("Abu Yasser" → "abu-yasser")."""
    ascii_name = unicodedata.normalize("NFKD", alias_key(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"
