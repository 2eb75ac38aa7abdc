"""Figures: parse_quantity on phrases, find_figures on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from threatline.analysis.attribution import find_attributions
from threatline.analysis.figures import find_figures, parse_quantity
from threatline.analysis.nlp import load_pipeline
from threatline.models import Claim

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("five to seven thousand", 5000, 7000),
        ("up to four thousand", None, 4000),
        ("at least 137", 137, None),
        ("over 180", 181, None),
        ("more than 180", 181, None),
        ("as many as 4,000", None, 4000),
        ("two dead", 2, 2),
        ("nearly 200", None, 199),
        ("about 50", 50, 50),
        ("around 50", 50, 50),
        ("some 50", 50, 50),
        ("hundreds of", 100, 999),
        ("dozens", 12, 99),
        ("a few", 2, 5),
        ("17 IS commanders", 17, 17),
        ("2000 Russians", 2000, 2000),
        ("millions of Muslims", 1_000_000, None),
        ("1.5 million people", 1_500_000, 1_500_000),
        ("between 10 and 20 people", 10, 20),
        ("a dozen men", 12, 12),
        ("one hundred and fifty", 150, 150),
        ("twenty-five people", 25, 25),
        ("a thousand", 1000, 1000),
    ],
)
def test_parse_quantity(text: str, low: int | None, high: int | None) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.min, q.max) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "a large number",
        "24 hours",
        "nine-minute",
        "two years",
        "2013",
        "June 2015",
        "$5 million",
        "20 percent",
        "2:11 PM",
        "first",
        "",
        "many",
    ],
)
def test_parse_quantity_not_a_figure(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    nlp = load_pipeline()
    out: dict[str, list[Claim]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc: Doc = nlp(path.read_text(encoding="utf-8"))
        key = path.name[:3]
        out[key] = find_figures(doc, key, find_attributions(doc, key))
    return out


def _claim(claims: dict[str, list[Claim]], seed: str, text: str) -> Claim:
    found = [c for c in claims[seed] if c.text == text]
    assert found, f"{text!r} not in {[c.text for c in claims[seed]]}"
    return found[0]


@pytest.mark.parametrize(
    ("seed", "text", "low", "high", "counted", "source"),
    [
        ("000", "five to seven thousand", 5000, 7000, "youth", "Putin"),
        ("000", "2000", 2000, 2000, "Russians", None),
        ("000", "17", 17, 17, "IS commanders", None),
        ("001", "up to four thousand", None, 4000, "Chechens fighting for ISIS", None),
        ("002", "as many as 4,000", None, 4000, "Chechens", "Law enforcement officials in Chechnya"),
        ("002", "two", 2, 2, "dead", "Russian officials"),
        ("003", "at least 137", 137, None, "deaths", None),
        ("003", "over 180", 181, None, "injuries", None),
        ("003", "four", 4, 4, "terrorists", None),
        ("004", "two", 2, 2, "Russian police officers", None),
        ("004", "at least five", 5, None, "Russian nationals", None),
        ("004", "at least 1,000", 1000, None, "Russian members", "Russian officials"),
    ],
)
def test_seed_figures(
    claims: dict[str, list[Claim]],
    seed: str,
    text: str,
    low: int | None,
    high: int | None,
    counted: str,
    source: str | None,
) -> None:
    claim = _claim(claims, seed, text)
    assert (claim.value.min, claim.value.max) == (low, high)
    assert claim.quantity.startswith(counted)
    if source is not None:
        assert claim.attributed_to[-1].text == source
    assert claim.evidence.start < claim.evidence.end


def test_nested_chain_reaches_the_figure(claims: dict[str, list[Claim]]) -> None:
    chain = _claim(claims, "002", "as many as 4,000").attributed_to
    assert [ref.name for ref in chain][:1] == ["The Daily Caller"]
    assert len(chain) == 2


def test_age_is_not_a_figure(claims: dict[str, list[Claim]]) -> None:
    assert all("18" not in c.text for c in claims["002"])


def test_vague_large_number_is_not_a_figure(claims: dict[str, list[Claim]]) -> None:
    assert all("number" not in c.quantity for c in claims["000"])


@pytest.mark.parametrize(
    "sentence",
    [
        "The video lasted nine minutes and was posted in 2013.",
        "He was sentenced to two years in prison on June 5.",
        "The group demanded $5 million, or 20 percent of the budget, by 2:11 PM.",
        "This was the first attack of its kind.",
    ],
)
def test_sentences_without_counts(sentence: str) -> None:
    doc = load_pipeline()(sentence)
    assert find_figures(doc, "t") == []


def test_ids_are_deterministic() -> None:
    doc = load_pipeline()("Officials said that at least 12 people died.")
    first, second = find_figures(doc, "t"), find_figures(doc, "t")
    assert [c.id for c in first] == [c.id for c in second]
    assert first[0].attributed_to[0].text == "Officials"
