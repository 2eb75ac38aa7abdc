"""Per-doc values read once: the text parse records, tokens, lower-case words and entities."""

from __future__ import annotations

import spacy

from threatline.analysis.doccache import ents_of, lowers_of, text_of, tokens_of
from threatline.analysis.kb import default_kb
from threatline.analysis.nlp import parse


def test_parse_records_each_docs_text(nlp: spacy.language.Language) -> None:
    texts = ["Two men were shot on Main Street.\n\nPolice said the gunman fled.", "A bomb exploded."]
    docs = list(parse(nlp, texts))
    # the text is known without rebuilding it from the tokens
    assert [d.user_data.get("threatline.text") for d in docs] == texts
    assert [text_of(d) for d in docs] == [d.text for d in docs]


def test_tokens_lowers_and_entities_are_made_once_per_doc(nlp: spacy.language.Language) -> None:
    first = nlp("Police in Chicago said Two men were hurt.")
    second = nlp("Officers in Boston arrested a man.")
    tokens = tokens_of(first)
    assert tokens_of(first) is tokens
    assert [t.i for t in tokens] == list(range(len(first)))
    assert lowers_of(first) == [t.lower_ for t in first]
    assert [(e.start, e.end, e.label_) for e in ents_of(first)] == [
        (e.start, e.end, e.label_) for e in first.ents
    ]
    assert ents_of(first) is ents_of(first)
    # another doc replaces what was kept; the first is rebuilt when read again
    assert [t.text for t in tokens_of(second)] == [t.text for t in second]
    assert tokens_of(first) is not tokens
    assert [t.text for t in tokens_of(first)] == [t.text for t in first]


def test_line_boundaries_keep_the_sentences(nlp: spacy.language.Language) -> None:
    doc = nlp("Shots Fired In Dayton\nA man was hurt near NW Ave. L on Sunday. Two fled.")
    assert [s.text.strip() for s in doc.sents] == [
        "Shots Fired In Dayton",
        "A man was hurt near NW Ave. L on Sunday.",
        "Two fled.",
    ]


def test_is_part_of_answers_the_same_when_asked_again() -> None:
    kb = default_kb()
    for _ in range(2):
        assert kb.is_part_of("russian-military", "russia")
        assert not kb.is_part_of("russia", "russian-military")
        assert not kb.is_part_of("new:someone", "russia")
