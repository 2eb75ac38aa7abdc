"""Who said what: attribution cues, their sources and nested chains.

An :class:`~threatline.models.Attribution` ties content (a clause or a quoted
passage) to the chain of sources that relayed it, outermost first: in
"The Daily Caller reported that “... Officials in Chechnya believe that ...”"
the inner clause is attributed to ``[The Daily Caller, Officials in Chechnya]``.

Cues read from the dependency parse:

* a cue verb (``cue_verbs`` in ``data/attribution.yaml``) with a subject and
  either a clausal complement ("X reported that ...") or a quotation next to it
  ("“...,” the group declared", "X said: “...”");
* "according to X" (content: the quotation that follows, else the rest of the
  sentence) and "as reported by X".

This module also holds what the quote and figure readers share: the lexicon
(validated once), quoted-stretch detection and the mapping of a source span to
an :class:`~threatline.models.EntityRef` through the article's mentions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Span, Token

from threatline.analysis.doccache import ents_of, lowers_of, tokens_of
from threatline.analysis.nlp import text_of
from threatline.datafiles import load_bundled
from threatline.models import Attribution, EntityRef, Evidence, Mention

Bound = Literal["min", "above", "max", "below", "exact"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VagueCount(_Strict):
    min: int | None
    max: int | None


class FigureLexicon(_Strict):
    qualifiers: dict[str, Bound]
    vague: dict[str, VagueCount]
    units: list[str]
    currency_marks: list[str]
    idioms: list[str]


class Outlets(_Strict):
    names: dict[str, list[str]]
    cue_words: list[str]


class QuoteRules(_Strict):
    min_words: int


class Lexicon(_Strict):
    """The validated content of ``data/attribution.yaml``."""

    cue_verbs: list[str]
    according_cues: list[str]
    outlets: Outlets
    source_nouns: list[str]
    group_nouns: list[str]
    quotes: QuoteRules
    figures: FigureLexicon


@cache
def load_lexicon() -> Lexicon:
    """The bundled lexicon, read and validated once per process.

    Raises :class:`~threatline.errors.DataFileError` when the file is invalid.
    """
    return load_bundled("attribution.yaml", Lexicon, "attribution lexicon")


def make_id(article_id: str, kind: str, start: int, end: int) -> str:
    """A deterministic record id from the article and the span it was read from."""
    digest = hashlib.sha1(f"{article_id}:{kind}:{start}:{end}".encode(), usedforsecurity=False)
    return f"{article_id}:{kind}:{digest.hexdigest()[:10]}"


# --- quoted stretches --------------------------------------------------------------------------

_DOUBLE_OPEN = "“"
_DOUBLE_CLOSE = "”"


_MARKS = re.compile('["“”‘’\n]')


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{—–-“‘"


def _closes(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalnum()


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quoted stretches as (start, end) offsets of the text *inside* the marks.

    Straight double quotes are read as opening or closing from their neighbours;
    curly quotes by their shape. A quote still open when a new one opens at the
    start of a later paragraph is closed at the end of the paragraph before it
    (the newspaper convention for speech running over several paragraphs).
    Single quotes (‘...’) count only outside double quotes; quotes nested inside
    another quote belong to it and are not returned.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    single_at: int | None = None
    # only quote marks and line breaks change the state: skip every other character
    for mark in _MARKS.finditer(text):
        i = mark.start()
        ch = mark.group()
        is_double = ch in '"“”'
        if is_double:
            opener = ch == _DOUBLE_OPEN or (ch == '"' and _opens(text, i))
            closer = ch == _DOUBLE_CLOSE or (ch == '"' and not opener)
            if open_at is None:
                if opener:
                    open_at = i + 1
                    single_at = None
                continue
            if opener and not closer:
                # a new opener while one is open: the open one ran to its paragraph end
                cut = text.rfind("\n", open_at, i)
                if cut > open_at:
                    spans.append((open_at, cut))
                open_at = i + 1
                continue
            if closer:
                spans.append((open_at, i))
                open_at = None
            continue
        if open_at is not None:
            continue
        if ch == "‘" and _opens(text, i):
            single_at = i + 1
        elif ch == "’" and single_at is not None and _closes(text, i):
            spans.append((single_at, i))
            single_at = None
        elif ch == "\n" and text[i : i + 2] == "\n\n":
            single_at = None
    return spans


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The span of ``spans`` that contains [start, end), if any."""
    for s, e in spans:
        if s <= start and end <= e:
            return (s, e)
    return None


# --- sources -----------------------------------------------------------------------------------


def outlet_name(text: str) -> str | None:
    """The canonical outlet name if ``text`` names a news organisation, else None."""
    lex = load_lexicon().outlets
    text = " ".join(text.split())
    bare = text
    for lead in ("the ", "The "):
        if bare.startswith(lead):
            bare = bare[len(lead) :]
    for name, aliases in lex.names.items():
        if bare in aliases or name in (bare, f"The {bare}"):
            return name
    words = bare.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words) and words[-1] in lex.cue_words:
        return text if text.startswith("The ") else bare
    return None


def trim_to_outlet(span: Span) -> Span:
    """Cut a source span after the outlet it starts with ("the BBC Russia" → "the BBC")."""
    lex = load_lexicon().outlets
    aliases = sorted({a for al in lex.names.values() for a in al}, key=len, reverse=True)
    text = span.text.replace("\xa0", " ")
    if outlet_name(text) is not None:
        return span
    for alias in aliases:
        for lead in ("", "the ", "The "):
            probe = lead + alias
            if text.startswith(probe) and len(text) > len(probe) and text[len(probe)] == " ":
                cut = span.doc.char_span(span.start_char, span.start_char + len(probe))
                if cut is not None:
                    return cut
    return span


def _covering_mention(mentions: Sequence[Mention], span: Span) -> Mention | None:
    """The mention that names the head of ``span`` ("Officials in Chechnya" is not Chechnya).

    A group noun borrows the group named in its modifiers ("ISIS militants").
    """
    root = span.root
    heads = [root]
    if root.lemma_.lower() in load_lexicon().group_nouns:
        heads += [c for c in root.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
    for tok in heads:
        for m in mentions:
            if m.start <= tok.idx < m.end:
                return m
    return None


def display_name(mention: Mention, mentions: Sequence[Mention]) -> str:
    """A coreference mention ("the group") is named after its entity's first named mention."""
    if mention.how == "coref":
        for m in mentions:
            if m.entity_id == mention.entity_id and m.how != "coref":
                return m.text
    return mention.text


def entity_ref(span: Span, mentions: Sequence[Mention] = ()) -> EntityRef:
    """The source named by ``span``: its entity through a mention of its head, an outlet name."""
    mention = _covering_mention(mentions, span)
    outlet = outlet_name(span.text)
    if mention is not None:
        return EntityRef(
            text=span.text, entity_id=mention.entity_id, name=outlet or display_name(mention, mentions)
        )
    return EntityRef(text=span.text, name=outlet)


def source_span(token: Token) -> Span:
    """The phrase headed by ``token``, cut before a comma, relative clause or appositive.

    The span grows to cover a named entity it cuts through ("Circa" → "Circa News").
    """
    doc = token.doc
    start = token.left_edge.i
    end = token.i + 1
    for right in token.rights:
        if right.dep_ in ("relcl", "appos", "punct", "acl", "cc", "conj", "advcl"):
            break
        end = right.right_edge.i + 1
    for ent in ents_of(doc):
        if ent.start < end and start < ent.end and ent.label_ not in ("DATE", "TIME", "CARDINAL"):
            start, end = min(start, ent.start), max(end, ent.end)
    while end - start > 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``; a participle borrows its sentence's subject."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("it", "there"):
            return child
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ == "conj":
        # "... and Russia had declared": a subject the parser hung on the previous clause
        before = verb.left_edge.i - 1
        if before >= verb.sent.start and verb.doc[before].pos_ in ("PROPN", "NOUN", "PRON"):
            return verb.doc[before]
        return subject_of(verb.head) if verb.head.i != verb.i else None
    if verb.tag_ in ("VBG", "VBN"):
        root = verb.sent.root
        if root.i != verb.i:
            for child in root.children:
                if child.dep_ == "nsubj" and child.lower_ not in ("it", "there"):
                    return child
        # the parser may mis-root a participle: take the nearest subject to its left
        for tok in reversed(list(verb.doc[verb.sent.start : verb.i])):
            if tok.dep_ == "nsubj" and tok.lower_ not in ("it", "there"):
                return tok
    return None


def _ccomp(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            tokens = list(child.subtree)
            while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct or tokens[0].is_space):
                tokens = tokens[1:]
            while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
                tokens = tokens[:-1]
            if tokens:
                return verb.doc[tokens[0].i : tokens[-1].i + 1]
    return None


def _adjacent_quote(
    doc: Doc, quotes: Sequence[tuple[int, int]], start: int, end: int, after: bool = True
) -> tuple[int, int] | None:
    """A quote that begins right after ``end`` (past "that", ":" or ",") or ends right before ``start``.

    Quotes shorter than the lexicon's ``min_words`` are scare quotes and never count.
    """
    min_words = load_lexicon().quotes.min_words
    text = text_of(doc)
    for qs, qe in quotes:
        if len(text[qs:qe].split()) < min_words:
            continue
        if not after:
            if qe < start and text[qe + 1 : start].strip(" ,\n\t\xa0") == "":
                return (qs, qe)
            continue
        gap_after = text[end : qs - 1]
        if qs > end and gap_after.strip(" ,:\n\t\xa0").lower() in ("", "that"):
            return (qs, qe)
        gap_before = text[qe + 1 : start]
        if qe < start and gap_before.strip(" ,\n\t\xa0") == "":
            return (qs, qe)
    return None


def _sentence_text(doc: Doc, start: int, end: int) -> str:
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None or len(first) == 0:
        return text_of(doc)[start:end]
    s0 = first[0].sent.start_char
    s1 = first[-1].sent.end_char
    return text_of(doc)[s0:s1].strip()


class _Found(BaseModel):
    chain: list[EntityRef]
    cue: str
    content: str
    content_start: int
    content_end: int
    start: int
    end: int


def _according(doc: Doc, quotes: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> list[_Found]:
    found: list[_Found] = []
    cues = [c.split() for c in load_lexicon().according_cues]
    lows = lowers_of(doc)  # read once: every cue is tried at every word
    for tok in tokens_of(doc):
        for words in cues:
            if lows[tok.i : tok.i + len(words)] != words:
                continue
            last = doc[tok.i + len(words) - 1]
            objs = [c for c in last.children if c.dep_ == "pobj"]
            if not objs:
                continue
            source = trim_to_outlet(source_span(objs[0]))
            if source.start <= last.i:
                continue
            found.append(_content_after(doc, quotes, mentions, cue=tok, source=source, word=" ".join(words)))
    return found


def _content_after(
    doc: Doc,
    quotes: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    *,
    cue: Token,
    source: Span,
    word: str,
) -> _Found:
    quote = _adjacent_quote(doc, quotes, source.start_char, source.end_char)
    sent = cue.sent
    if quote is not None and quote[0] > source.end_char:
        c0, c1 = quote
    elif source.end_char < sent.end_char - 1:
        c0 = source.end_char
        c1 = sent.end_char
    else:  # "..., according to X." : the content precedes the cue
        c0, c1 = sent.start_char, cue.idx
    text = text_of(doc)[c0:c1].strip(" ,.\n\t\xa0")
    c0 = text_of(doc).index(text, c0) if text else c0
    c1 = c0 + len(text)
    return _Found(
        chain=[entity_ref(source, mentions)],
        cue=word,
        content=text,
        content_start=c0,
        content_end=c1,
        start=min(cue.idx, c0),
        end=max(c1, source.end_char),
    )


def _verb_cues(doc: Doc, quotes: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> list[_Found]:
    verbs = set(load_lexicon().cue_verbs)
    found: list[_Found] = []
    for tok in tokens_of(doc):
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in verbs:
            continue
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        subj_tok = subject_of(tok)
        if tok.tag_ == "VBN" and agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            subj_tok = pobj
        if subj_tok is None:
            # inverted order after a quote: "“...,” demanded the statement"
            subj_tok = next((c for c in tok.children if c.dep_ in ("dobj", "attr") and c.i > tok.i), None)
            if subj_tok is None or _adjacent_quote(doc, quotes, tok.idx, tok.idx, after=False) is None:
                continue
        source = trim_to_outlet(source_span(subj_tok))
        clause = _ccomp(tok)
        quote = _adjacent_quote(doc, quotes, min(source.start_char, tok.idx), tok.idx + len(tok.text))
        if (
            clause is not None
            and quote is not None
            and inside([quote], clause.start_char, clause.start_char + 1)
        ):
            clause = None  # the complement is the quotation itself: keep it whole
        if clause is not None:
            c0, c1 = clause.start_char, clause.end_char
        elif quote is not None:
            c0, c1 = quote
        else:
            continue
        text = text_of(doc)[c0:c1].strip(" ,\n\t\xa0")
        c0 = text_of(doc).index(text, c0) if text else c0
        c1 = c0 + len(text)
        found.append(
            _Found(
                chain=[entity_ref(source, mentions)],
                cue=tok.text,
                content=text,
                content_start=c0,
                content_end=c1,
                start=min(source.start_char, tok.idx, c0),
                end=max(source.end_char, tok.idx + len(tok.text), c1),
            )
        )
    return found


def find_attributions(doc: Doc, article_id: str, mentions: Sequence[Mention] = ()) -> list[Attribution]:
    """Every attribution cue in ``doc`` with its content and source chain, in text order.

    An attribution whose cue lies inside another's content inherits the outer
    chain ("The Daily Caller reported that “... officials believe that N ...”"
    gives ``[The Daily Caller, officials]`` for the inner clause). ``mentions``
    (possibly empty) map sources to knowledge-base entities.

    >>> from threatline.analysis.nlp import load_pipeline
    >>> doc = load_pipeline()("Reuters reported that two men died in the attack.")
    >>> [a.chain[0].text for a in find_attributions(doc, "a")]
    ['Reuters']
    """
    quotes = quote_spans(text_of(doc))
    found = _according(doc, quotes, mentions) + _verb_cues(doc, quotes, mentions)
    found.sort(key=lambda f: (f.start, -f.end))
    # drop duplicates: two cues for the same content keep the first (e.g. "as reported by")
    unique: list[_Found] = []
    for f in found:
        if any(u.content_start == f.content_start and u.content_end == f.content_end for u in unique):
            continue
        unique.append(f)
    out: list[Attribution] = []
    for f in unique:
        chain = list(f.chain)
        outers = [
            o
            for o in unique
            if o is not f
            and o.content_start <= f.start
            and f.end <= o.content_end
            and (o.content_end - o.content_start) > (f.content_end - f.content_start)
        ]
        # prepend from the narrowest container to the widest: the widest is the first relay
        for o in sorted(outers, key=lambda o: o.content_end - o.content_start):
            chain = [*o.chain, *chain]
        out.append(
            Attribution(
                id=make_id(article_id, "a", f.start, f.end),
                article_id=article_id,
                chain=chain,
                cue=f.cue,
                content=f.content,
                evidence=Evidence(sentence=_sentence_text(doc, f.start, f.end), start=f.start, end=f.end),
            )
        )
    return out
