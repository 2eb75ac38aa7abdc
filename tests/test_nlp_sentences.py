"""Sentence boundaries of the shared pipeline: lines, abbreviations and datelines."""

from __future__ import annotations

import pytest

from threatline.analysis.nlp import load_pipeline


def _sentences(text: str) -> list[str]:
    return [s.text.strip() for s in load_pipeline()(text).sents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a street abbreviation before a single capital or a lower-case word
        (
            "Five people were shot near NW Ave. L around 2:30 a.m. Sunday. Two are dead.",
            ["Five people were shot near NW Ave. L around 2:30 a.m. Sunday.", "Two are dead."],
        ),
        (
            "A man fired into a crowd near 25th Ave. at about 3:30 a.m. Sunday. The party was over.",
            ["A man fired into a crowd near 25th Ave. at about 3:30 a.m. Sunday.", "The party was over."],
        ),
        # titles before a name
        (
            "KRMG spoke to Det. Sgt. Dave Walker, who says they know.",
            ["KRMG spoke to Det. Sgt. Dave Walker, who says they know."],
        ),
        # a dateline ends as a sentence of its own
        (
            "LONDON, Aug. 20, 2020 — Hashem Abedi was sentenced on Thursday.",
            ["LONDON, Aug. 20, 2020 —", "Hashem Abedi was sentenced on Thursday."],
        ),
        # a line break is a boundary; "no." ends a sentence
        (
            "Shooting in Hartwell\nA man was shot. I said no. He left.",
            ["Shooting in Hartwell", "A man was shot.", "I said no.", "He left."],
        ),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected
