"""A usable parse for headlines written in Title Case.

The small English model reads "Four People Shot At Grand Rapids Bar" as a row
of proper nouns with no verb, so nothing downstream finds an event or a figure
in it. For such a sentence near the top of an article, :func:`recase_headlines`
parses a *sentence-cased* copy ("Four people shot at Grand Rapids bar": the
same characters, the same length, only capitals that are not names lowered)
and, when the copy's tokens line up one for one with the original's, copies the
copy's tags, lemmas and dependency tree onto the original tokens.

The article's text, its tokens, offsets, sentence boundaries and entities are
never changed: entities stay those read from the original casing, where the
capitals are what the recogniser needs.

A capital is kept in the copy when it is the sentence's first word, a word in
capitals ("ISIS", "SFPD"), a word with inner capitals ("McGavock"), part of a
knowledge-base entity the entity ruler found, or a word the article's body
writes capitalised in mid-sentence and never in lower case ("Grand Rapids").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from pydantic import BaseModel, ConfigDict, Field
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc, Span, Token
from thinc.types import Ints2d

from threatline.analysis.doccache import text_of

__all__ = ["HeadlineWords", "recase_headlines", "sentence_cased", "title_case_sentences"]

_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
# the components that tag, parse and lemmatise; the ruler, recogniser and the
# sentence-boundary component are not needed on the copy (its boundaries are set here)
_COPY_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# a separator no line-break-free sentence contains: each copy is a line of its own
_JOIN = "\n\n"


class HeadlineWords(BaseModel):
    """When a sentence counts as Title Case (the ``headline`` part of ``data/sentences.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    function_words: frozenset[str] = Field(description="short words a title may leave in lower case")
    lines: int = Field(ge=1, description="how many of the article's first lines are looked at")
    min_words: int = Field(ge=1, description="fewest content words of a Title Case sentence")
    min_share: float = Field(gt=0, le=1, description="least share of capitalised content words")


@dataclass(frozen=True)
class _Recasing:
    """One Title Case sentence of a doc and the sentence-cased text parsed for it."""

    tokens: Sequence[Token]
    text: str


def _content_words(sent: Span, words: HeadlineWords) -> list[Token]:
    return [t for t in sent if t.is_alpha and t.lower_ not in words.function_words]


def _is_title_case(sent: Span, words: HeadlineWords) -> bool:
    content = _content_words(sent, words)
    if len(content) < words.min_words:
        return False
    capitalised = [t for t in content if t.text[0].isupper()]
    # a line in capitals is not Title Case: its capitals say nothing of names
    if all(t.is_upper for t in capitalised):
        return False
    return len(capitalised) >= words.min_share * len(content)


def title_case_sentences(doc: Doc, words: HeadlineWords) -> list[Span]:
    """The sentences that start in the doc's first ``words.lines`` lines and are in Title Case.

    Title Case: at least ``min_words`` alphabetic words outside the function
    words, and at least ``min_share`` of them opening with a capital (not all of
    them in capitals).

    >>> # "Man Killed In Overnight Shooting On South Side" is; "Man killed in shooting" is not
    """
    found: list[Span] = []
    lines = 1
    for sent in doc.sents:
        if lines > words.lines:
            break
        lines += sum(1 for t in sent if "\n" in t.text or "\n" in t.whitespace_)
        if sent[0].is_space:
            continue
        if _is_title_case(sent, words):
            found.append(sent)
    return found


def _body_capitals(doc: Doc, skip: Sequence[Span]) -> frozenset[str]:
    """Words (lower case) the doc writes capitalised in mid-sentence and never in lower case.

    Sentences in ``skip`` (the Title Case ones) are not read, nor words at a
    sentence's start or after punctuation other than a comma (a quote, a colon,
    a dash) where any word may open with a capital.
    """
    skipped = {i for sent in skip for i in range(sent.start, sent.end)}
    capital: set[str] = set()
    lower: set[str] = set()
    for token in doc:
        if not token.is_alpha or token.i in skipped:
            continue
        if token.is_lower:
            lower.add(token.lower_)
            continue
        if token.is_sent_start or token.i == 0:
            continue
        before = doc[token.i - 1]
        if before.is_space or (before.is_punct and before.text != ","):
            continue
        capital.add(token.lower_)
    return frozenset(capital - lower)


def _keeps_capital(token: Token, first: bool, names: frozenset[str]) -> bool:
    """Whether ``token`` (of a Title Case sentence) keeps its capital in the sentence-cased copy."""
    if first or not token.is_alpha or not token.text[0].isupper():
        return True
    if token.is_upper and (len(token) > 1 or token.text == "I"):
        return True  # "ISIS", "SFPD", "I"
    if not token.is_title:
        return True  # "McGavock", "NorCal"
    if token.ent_id_:
        return True  # the entity ruler matched a knowledge-base alias here
    return token.lower_ in names


def sentence_cased(sent: Span, names: frozenset[str]) -> str:
    """The text of ``sent`` (trailing spaces left out) with the capitals of common words lowered.

    The result has exactly the length of the text it replaces: only a word's
    first letter changes, and only where its lower case is one character.
    ``names`` are words (lower case) kept capitalised; see :func:`_keeps_capital`
    for the other words that are.
    """
    tokens = _trimmed(sent)
    start = tokens[0].idx
    chars = list(text_of(sent.doc)[start : tokens[-1].idx + len(tokens[-1])])
    for n, token in enumerate(tokens):
        if _keeps_capital(token, n == 0, names):
            continue
        at = token.idx - start
        lowered = chars[at].lower()
        if len(lowered) == 1:
            chars[at] = lowered
    return "".join(chars)


def _trimmed(sent: Span) -> list[Token]:
    tokens = list(sent)
    while tokens and tokens[-1].is_space:
        tokens.pop()
    return tokens


def _text_of(tokens: Sequence[Token]) -> str:
    return text_of(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def _aligned(original: Sequence[Token], copy: Span) -> bool:
    """Whether ``copy`` has one token for each of ``original``'s, at the same relative offsets."""
    if len(copy) != len(original):
        return False
    base, copy_base = original[0].idx, copy[0].idx
    return all(
        o.idx - base == c.idx - copy_base and len(o) == len(c) for o, c in zip(original, copy, strict=True)
    )


def _one_tree(copy: Span) -> bool:
    """Whether the copy's parse is a single tree inside the span (one root, no head outside)."""
    roots = 0
    for token in copy:
        if token.head.i < copy.start or token.head.i >= copy.end:
            return False
        roots += token.head.i == token.i
    return roots == 1


def _parse_copies(
    nlp_pipes: Sequence[tuple[str, Callable[[Doc], Doc]]],
    make_doc: Callable[[str], Doc],
    recasings: Sequence[Sequence[_Recasing]],
) -> list[Doc | None]:
    """One parsed doc per article holding its sentence-cased copies, each a sentence of its own."""
    copies: list[Doc | None] = []
    for items in recasings:
        if not items:
            copies.append(None)
            continue
        doc = make_doc(_JOIN.join(r.text for r in items))
        offset = 0
        for item in items:
            # each copy is one sentence, as its original is: no boundary inside, one at its start
            for token in doc.char_span(offset, offset + len(item.text), alignment_mode="expand") or ():
                token.is_sent_start = token.idx == offset
            offset += len(item.text) + len(_JOIN)
        copies.append(doc)
    pending = [d for d in copies if d is not None]
    for _, component in nlp_pipes:
        batched = getattr(component, "pipe", None)
        pending = list(batched(pending)) if batched else [component(d) for d in pending]
    return copies


def _apply(doc: Doc, items: Sequence[_Recasing], copy: Doc) -> int:
    """Copy the copy's annotations onto ``doc``'s Title Case sentences; the number of sentences changed."""
    # spaCy's stubs type to_array as floats; the rows are the uint64 ids from_array reads
    rows = cast("Ints2d", doc.to_array(_ATTRS))
    copy_rows = cast("Ints2d", copy.to_array(_ATTRS))
    changed = 0
    offset = 0
    for item in items:
        span = copy.char_span(offset, offset + len(item.text))
        offset += len(item.text) + len(_JOIN)
        if span is None or not _aligned(item.tokens, span) or not _one_tree(span):
            continue
        first = item.tokens[0].i
        # HEAD is stored relative to the token, so a tree inside the span moves as it is
        rows[first : first + len(span), :] = copy_rows[span.start : span.end, :]
        changed += 1
    if changed:
        doc.from_array(_ATTRS, rows)
    return changed


def recase_headlines(
    docs: Sequence[Doc],
    make_doc: Callable[[str], Doc],
    pipes: Iterable[tuple[str, Callable[[Doc], Doc]]],
    words: HeadlineWords,
) -> int:
    """Give each doc's Title Case headline sentences the parse of their sentence-cased copy.

    ``make_doc`` is the pipeline's tokenizer and ``pipes`` its ``(name,
    component)`` pairs (``nlp.pipeline``); only the tagging, parsing and
    lemmatising ones run, once over all the docs' copies together. A sentence
    whose copy does not tokenise one for one with it, or does not parse as one
    tree, or that has no capital to lower, is left as it was. Text, tokens,
    sentence boundaries and entities do not change. Returns the number of
    sentences given the new parse.
    """
    recasings: list[list[_Recasing]] = []
    for doc in docs:
        sents = title_case_sentences(doc, words)
        names = _body_capitals(doc, sents) if sents else frozenset()
        items = [_Recasing(_trimmed(s), sentence_cased(s, names)) for s in sents]
        # a headline of names only is left with the parse it has
        recasings.append(
            [
                r
                for r in items
                if r.text != text_of(doc)[r.tokens[0].idx : r.tokens[-1].idx + len(r.tokens[-1])]
            ]
        )
    if not any(recasings):
        return 0
    wanted = [(name, pipe) for name, pipe in pipes if name in _COPY_PIPES]
    copies = _parse_copies(wanted, make_doc, recasings)
    changed = 0
    for doc, items, copy in zip(docs, recasings, copies, strict=True):
        if copy is not None:
            changed += _apply(doc, items, copy)
    return changed
