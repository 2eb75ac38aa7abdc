"""Title Case headlines: found, sentence-cased, and parsed as sentences without moving any offset."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from threatline.analysis.headline import HeadlineWords, sentence_cased, title_case_sentences
from threatline.analysis.nlp import bounded_text, load_sentence_words, parse
from threatline.analysis.pipeline import default_analyser
from threatline.extract import extract

PUBLISHED = dt.date(2016, 8, 17)


def _words() -> HeadlineWords:
    return load_sentence_words().headline


def _nlp() -> Language:
    """The product's pipeline, with the knowledge base's entity ruler."""
    return default_analyser().nlp


def _parsed(text: str) -> Doc:
    (doc,) = parse(_nlp(), [text])
    return doc


@pytest.mark.parametrize(
    ("text", "title_case"),
    [
        (
            "Four People Shot At Grand Rapids Bar\n\nThe bar was closed.",
            ["Four People Shot At Grand Rapids Bar"],
        ),
        (
            "Man Killed in Overnight Shooting on South Side\n\nNo one was held.",
            ["Man Killed in Overnight Shooting on South Side"],
        ),
        # sentence case, capitals, and too few words are not Title Case
        ("Man killed in overnight shooting on South Side\n\nNo one was held.", []),
        ("FOUR PEOPLE SHOT AT BAR\n\nThe bar was closed.", []),
        ("Man Shot\n\nThe bar was closed.", []),
        # only the article's first lines are headlines
        ("A man was shot.\n\nHe is well.\n\nMore Shootings Reported In The City Overnight", []),
    ],
)
def test_title_case_sentences(text: str, title_case: list[str]) -> None:
    doc = _nlp()(text)
    assert [s.text.strip() for s in title_case_sentences(doc, _words())] == title_case


@pytest.mark.parametrize(
    ("text", "cased"),
    [
        # a name the body writes capitalised keeps its capitals; "bar" is lower case there
        (
            "Four People Shot At Grand Rapids Bar\n\nPolice in Grand Rapids said the bar was closed.",
            "Four people shot at Grand Rapids bar",
        ),
        # capitals ("SFPD") and inner capitals ("McGavock") are names
        (
            "SFPD Arrest Teen In McGavock Shooting\n\nOfficers made the arrest.",
            "SFPD arrest teen in McGavock shooting",
        ),
        # a knowledge-base alias the entity ruler found keeps its capitals
        (
            "Islamic State Claims Deadly Attack\n\nA group claimed it.",
            "Islamic State claims deadly attack",
        ),
    ],
)
def test_sentence_cased(text: str, cased: str) -> None:
    doc = _nlp()(text)
    (sent,) = title_case_sentences(doc, _words())
    body = {t.lower_ for t in doc if t.i >= sent.end and t.is_title and not t.is_sent_start}
    body -= {t.lower_ for t in doc if t.is_lower}
    result = sentence_cased(sent, frozenset(body))
    assert result == cased
    assert len(result) == len(sent.text.rstrip())


@pytest.mark.parametrize(
    ("text", "field", "figure"),
    [
        (
            "Five Teenagers Shot Near Riverside Park Basketball Court\n\nPolice are looking for the gunman.",
            "injured",
            5,
        ),
        (
            "Fifteen Guests, Among Them Two Teenagers, Shot at Lakeside Hall\n\nPolice looked.",
            "injured",
            15,
        ),
        (
            "Masked Gunman Shoots 4 People Outside Downtown Pizza Shop\n\nPolice looked.",
            "injured",
            4,
        ),
    ],
)
def test_an_event_and_its_figure_are_read_from_a_title_case_headline(
    text: str, field: str, figure: int
) -> None:
    analysis = extract(text, published=PUBLISHED)
    headline_end = text.index("\n")
    figures = [
        getattr(e, field).min
        for e in analysis.events
        if e.type == "ASSAULT"
        and getattr(e, field) is not None
        and any(x.start < headline_end for x in e.evidence)
    ]
    assert figure in figures


@pytest.mark.parametrize(
    "text",
    [
        # every word of the headline is a name the body writes capitalised
        "Grand Rapids Police Department\n\nA statement by the Grand Rapids Police Department followed.",
        "Kenneth Mills, 22 - The Homicide Report\n\nKenneth Mills was found by The Homicide Report staff.",
    ],
)
def test_a_proper_noun_headline_keeps_its_parse(text: str) -> None:
    nlp = _nlp()
    plain = nlp(text)
    doc = _parsed(text)
    (sent,) = title_case_sentences(doc, _words())[:1]
    names = frozenset(t.lower_ for t in doc[sent.end :] if t.is_title)
    assert sentence_cased(sent, names) == sent.text.rstrip()
    assert [(t.tag_, t.dep_, t.head.i) for t in doc] == [(t.tag_, t.dep_, t.head.i) for t in plain]


@pytest.mark.parametrize(
    "text",
    [
        "Four People Shot At Grand Rapids Bar\n\nPolice in Grand Rapids said the bar was closed on Friday.",
        "Man Killed In Overnight Shooting On South Side\nChicago Police Say\n\nA man died on the South Side.",
        "ISIS Gunmen Kill 12 In Kabul Attack\n\nThe Islamic State said it attacked Kabul.",
    ],
)
def test_recasing_changes_no_text_offset_sentence_or_entity(text: str) -> None:
    plain = _nlp()(bounded_text(text))
    doc = _parsed(text)
    assert doc.text == text
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in plain]
    assert [(s.start, s.end) for s in doc.sents] == [(s.start, s.end) for s in plain.sents]
    assert [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents] == [
        (e.start, e.end, e.label_, e.ent_id_) for e in plain.ents
    ]
    # the headline now has a verb at its root
    headline = next(iter(doc.sents))
    assert headline.root.pos_ in {"VERB", "AUX"}


def test_headline_words_are_validated() -> None:
    with pytest.raises(ValidationError):
        HeadlineWords.model_validate({"function_words": ["of"], "lines": 2, "min_words": 3, "min_share": 1.5})
