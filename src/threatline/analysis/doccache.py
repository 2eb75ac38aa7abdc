"""Per-doc values that spaCy rebuilds on every access, computed once per Doc.

``Doc.text`` joins every token, ``Doc.ents`` builds a new tuple of spans and
iterating a Doc makes a new ``Token`` object for each token, on every call.
Analysis code that reads them in a loop (once per candidate, once per verb)
reads them through here instead.

The text is kept in ``doc.user_data`` (a string holds no reference back to the
doc). Spans and tokens do hold one, so they are kept for the doc read last
only, never inside the doc itself: no reference cycle keeps a parsed doc alive.
They are read only once the doc is fully parsed (its entities and tokens do not
change after the pipeline).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

_TEXT = "threatline.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per Doc.

    spaCy rebuilds ``Doc.text`` from every token on each access, so code that
    slices the text inside a loop must read it through here.
    """
    cached = doc.user_data.get(_TEXT)
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data[_TEXT] = cached
    return cached


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text``, the string ``doc`` was made from, as its text (spaCy keeps every character)."""
    doc.user_data[_TEXT] = text


class _Latest:
    """Values computed from the doc read last (one doc at a time), by name."""

    __slots__ = ("entry",)

    def __init__(self) -> None:
        self.entry: tuple[Doc, dict[str, Any]] | None = None

    def values(self, doc: Doc) -> dict[str, Any]:
        entry = self.entry
        if entry is not None and entry[0] is doc:
            return entry[1]
        values: dict[str, Any] = {}
        self.entry = (doc, values)
        return values


_latest = _Latest()


def tokens_of(doc: Doc) -> list[Token]:
    """``list(doc)``, one ``Token`` object per token, made once for the doc read last.

    Index it as the doc (``tokens_of(doc)[i]`` is ``doc[i]``); never change the list.
    """
    values = _latest.values(doc)
    tokens: list[Token] | None = values.get("tokens")
    if tokens is None:
        tokens = values["tokens"] = list(doc)
    return tokens


def lowers_of(doc: Doc) -> list[str]:
    """Every token's ``lower_``, in doc order, read once for the doc read last; never change the list."""
    values = _latest.values(doc)
    lowers: list[str] | None = values.get("lowers")
    if lowers is None:
        lowers = values["lowers"] = [t.lower_ for t in tokens_of(doc)]
    return lowers


def ents_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once for the doc read last (the doc must be fully parsed)."""
    values = _latest.values(doc)
    ents: tuple[Span, ...] | None = values.get("ents")
    if ents is None:
        ents = values["ents"] = tuple(doc.ents)
    return ents
