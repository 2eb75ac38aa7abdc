"""Direct quotations and their speakers.

A quote is an outermost quoted stretch (straight or curly marks, possibly over
several sentences or paragraphs, see :func:`~threatline.analysis.attribution.quote_spans`)
of at least ``quotes.min_words`` words: shorter stretches ("brutal Russians",
“apostate”) are scare quotes or titles and are skipped.

The speaker is looked for in this order:

1. a cue verb after the quote in the sentence that closes it ("“...,” the group
   declared"; inverted: "“...,” demanded the statement");
2. a cue verb or "according to X" before the quote in the sentence that opens
   it, or in the previous sentence when that sentence ends with a colon
   ("..., stating:" / "“Listen ...”"); a participle borrows its clause's subject;
3. the speaker of the quote just before, when nothing but white space and
   punctuation separates the two (speech running over paragraphs);
4. the last person or group named before the quote in its sentence or in the
   sentence before.

The speaker phrase becomes an :class:`~threatline.models.EntityRef`: through an
overlapping mention when there is one; a pronoun ("he") names the last person
named before the quote; a document noun ("the statement", "the video") or a
group noun ("the group") names the last group named before the quote, because
a statement speaks for whoever issued it.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from threatline.analysis.attribution import (
    display_name,
    entity_ref,
    load_lexicon,
    make_id,
    quote_spans,
    source_span,
    subject_of,
    trim_to_outlet,
)
from threatline.analysis.doccache import ents_of
from threatline.analysis.nlp import text_of
from threatline.models import EntityRef, Evidence, Mention, Quote

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _tokens_between(doc: Doc, start: int, end: int, quotes: Sequence[tuple[int, int]]) -> list[Token]:
    """Tokens within [start, end) that are not inside any quote."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [
        t
        for t in span
        if start <= t.idx < end and not any(qs - 1 <= t.idx <= qe for qs, qe in quotes) and not t.is_space
    ]


def _cue_subject(verb: Token, after_quote: bool) -> Token | None:
    subject = subject_of(verb)
    if subject is None and after_quote:
        subject = next((c for c in verb.children if c.dep_ in ("dobj", "attr") and c.i > verb.i), None)
    return subject


def _speaker_phrase(doc: Doc, qs: int, qe: int, quotes: Sequence[tuple[int, int]]) -> Span | None:
    lex = load_lexicon()
    verbs = set(lex.cue_verbs)
    closer = doc.char_span(qe, qe + 1, alignment_mode="expand")
    opener = doc.char_span(max(qs - 1, 0), qs, alignment_mode="expand")
    if closer is not None and len(closer):
        sent = closer[0].sent
        after = _tokens_between(doc, qe + 1, sent.end_char, quotes)
        for tok in after:
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs:
                subject = _cue_subject(tok, after_quote=True)
                if subject is not None and subject.idx > qe:
                    return source_span(subject)
    if opener is None or not len(opener):
        return None
    sent = opener[0].sent
    before = _tokens_between(doc, sent.start_char, qs - 1, quotes)
    if not before and sent.start > 0:
        previous = doc[sent.start - 1].sent
        last = [t for t in previous if not t.is_space]
        if last and last[-1].text == ":":
            before = _tokens_between(doc, previous.start_char, previous.end_char, quotes)
    cues = [c.split() for c in lex.according_cues]
    for tok in reversed(before):
        for words in cues:
            if [t.lower_ for t in doc[tok.i : tok.i + len(words)]] == words:
                last_word = doc[tok.i + len(words) - 1]
                obj = next((c for c in last_word.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return trim_to_outlet(source_span(obj))
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs:
            subject = _cue_subject(tok, after_quote=False)
            if subject is not None:
                return trim_to_outlet(source_span(subject))
    return None


def _named_before(
    doc: Doc, pos: int, labels: frozenset[str], mentions: Sequence[Mention], floor: int = 0
) -> EntityRef | None:
    """The last entity with one of ``labels`` that ends before ``pos`` (and starts after ``floor``).

    Mentions win over the model's entities because they carry knowledge-base ids.
    """
    want_person = "PERSON" in labels
    best: EntityRef | None = None
    best_end = -1
    for m in mentions:
        is_person = m.label == "PERSON"
        if m.end <= pos and m.start >= floor and is_person == want_person and m.end > best_end:
            name = display_name(m, mentions)
            best, best_end = EntityRef(text=m.text, entity_id=m.entity_id, name=name), m.end
    if best is not None:
        return best
    for ent in ents_of(doc):
        if (
            ent.label_ in labels
            and floor <= ent.start_char
            and ent.end_char <= pos
            and ent.end_char > best_end
        ):
            span = _widen(ent)
            best, best_end = EntityRef(text=span.text, name=span.text), ent.end_char
    return best


def _widen(ent: Span) -> Span:
    """A group's full name when the model split it ("Islamic" + "State's" + "Khorasan Province")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in ("NORP", "ORG"):
        start -= 1
    while end < len(doc) and (
        doc[end].pos_ == "PROPN" or (doc[end].lower_ in ("'s", "’s") and end + 1 < len(doc))
    ):
        if "\n" in doc[end - 1].whitespace_:
            break
        end += 1
    while start < end and doc[start].lower_ == "the":
        start += 1
    return doc[start:end]


def _resolve(span: Span, qs: int, mentions: Sequence[Mention]) -> EntityRef:
    lex = load_lexicon()
    ref = entity_ref(span, mentions)
    if ref.entity_id is not None or ref.name is not None:
        return ref
    head = span.root.lower_
    lemma = span.root.lemma_.lower()
    if head in _PERSON_PRONOUNS:
        named = _named_before(span.doc, min(qs, span.start_char), frozenset({"PERSON"}), mentions)
    elif lemma in lex.source_nouns or lemma in lex.group_nouns:
        named = _named_before(span.doc, min(qs, span.start_char), frozenset({"ORG"}), mentions)
    else:
        return ref
    if named is None:
        return ref
    return EntityRef(text=span.text, entity_id=named.entity_id, name=named.name)


def find_quotes(doc: Doc, article_id: str, mentions: Sequence[Mention] = ()) -> list[Quote]:
    """Direct quotations of ``doc`` in text order, each with its speaker when one is found.

    ``Quote.text`` is the quoted text without its marks; the evidence span is the
    same stretch and its sentence(s). See the module docstring for the speaker rule.
    """
    min_words = load_lexicon().quotes.min_words
    full = text_of(doc)
    every = quote_spans(full)
    spans = [(s, e) for s, e in every if len(full[s:e].split()) >= min_words]
    out: list[Quote] = []
    previous: tuple[int, EntityRef | None] | None = None
    for qs, qe in spans:
        phrase = _speaker_phrase(doc, qs, qe, every)
        speaker = _resolve(phrase, qs, mentions) if phrase is not None else None
        if speaker is None and previous is not None:
            gap = full[previous[0] : max(previous[0], qs - 1)]
            if gap.strip(' \n\t\xa0,.”"') == "":
                speaker = previous[1]
        if speaker is None:
            first = doc.char_span(qs, qe, alignment_mode="expand")
            if first is not None and len(first):
                sent = first[0].sent
                floor = doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
                speaker = _named_before(doc, qs, frozenset({"PERSON", "ORG"}), mentions, floor)
        first = doc.char_span(qs, qe, alignment_mode="expand")
        sentence = full[first[0].sent.start_char : first[-1].sent.end_char] if first else full[qs:qe]
        text = full[qs:qe].strip()
        out.append(
            Quote(
                id=make_id(article_id, "q", qs, qe),
                article_id=article_id,
                text=text,
                speaker=speaker,
                evidence=Evidence(sentence=sentence.strip(), start=qs, end=qe),
            )
        )
        previous = (qe + 1, speaker)
    return out
