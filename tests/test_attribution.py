"""Attribution cues, sources and nested chains."""

from __future__ import annotations

from pathlib import Path

import pytest

from threatline.analysis.attribution import (
    find_attributions,
    load_lexicon,
    outlet_name,
    quote_spans,
)
from threatline.analysis.nlp import load_pipeline
from threatline.models import Attribution, Mention

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def attributions() -> dict[str, list[Attribution]]:
    nlp = load_pipeline()
    return {
        p.name[:3]: find_attributions(nlp(p.read_text(encoding="utf-8")), p.name[:3])
        for p in sorted(SEEDS.glob("*.txt"))
    }


def _by_outlet(found: list[Attribution], name: str) -> list[Attribution]:
    return [a for a in found if a.chain[0].name == name]


@pytest.mark.parametrize(
    ("seed", "outlet", "count", "content_start"),
    [
        ("001", "BBC", 1, "Russia and the U.S. are now increasing"),
        ("002", "Circa News", 2, "the militants"),
        ("002", "The Daily Caller", 2, "Russia has a significant"),
        ("004", "The Jerusalem Post", 1, "the video comes from"),
        ("004", "The Independent", 1, "ISIS militants executed"),
        ("004", "Newsweek", 1, "Russian state security"),
    ],
)
def test_seed_outlets(
    attributions: dict[str, list[Attribution]], seed: str, outlet: str, count: int, content_start: str
) -> None:
    direct = [a for a in _by_outlet(attributions[seed], outlet) if len(a.chain) == 1]
    assert len(direct) == count
    assert direct[0].content.startswith(content_start)


def test_nested_chain(attributions: dict[str, list[Attribution]]) -> None:
    nested = [a for a in attributions["002"] if len(a.chain) == 2 and a.cue == "believe"]
    assert len(nested) == 1
    assert [r.text for r in nested[0].chain] == ["The Daily Caller", "Law enforcement officials in Chechnya"]
    assert nested[0].content.startswith("as many as 4,000 Chechens")


def test_according_to_quote_spanning_sentences(attributions: dict[str, list[Attribution]]) -> None:
    circa = [a for a in _by_outlet(attributions["002"], "Circa News") if a.cue == "according to"]
    assert len(circa) == 1
    assert circa[0].content.startswith("The video featured")
    assert "ISIS militants later executed" in circa[0].content


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        ("Reuters reported that two soldiers were killed.", "Reuters", "reported"),
        ("Police said the attacker was arrested.", "Police", "said"),
        ("The two soldiers were killed, according to local officials.", "local officials", "according to"),
        ("In a statement, the ministry said that the border was closed.", "the ministry", "said"),
        ('"The border is closed for all traffic," the minister told reporters.', "the minister", "told"),
    ],
)
def test_cues(text: str, source: str, cue: str) -> None:
    found = find_attributions(load_pipeline()(text), "t")
    assert len(found) == 1
    assert found[0].chain[0].text == source
    assert found[0].cue == cue
    assert found[0].content


def test_no_cue_no_attribution() -> None:
    assert find_attributions(load_pipeline()("The convoy was hit twice near the border."), "t") == []


def test_mentions_map_to_entities() -> None:
    text = "The Daily Caller reported that the group had grown."
    mention = Mention(
        id="m", entity_id="kb:dailycaller", text="The Daily Caller", label="ORG", start=0, end=16
    )
    found = find_attributions(load_pipeline()(text), "t", [mention])
    assert found[0].chain[0].entity_id == "kb:dailycaller"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the BBC", "BBC"),
        ("The UK Independent", "The Independent"),
        ("JPost", "The Jerusalem Post"),
        ("Kavkaz Times", "Kavkaz Times"),
        ("Russian officials", None),
    ],
)
def test_outlet_name(text: str, name: str | None) -> None:
    assert outlet_name(text) == name


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "we will come back soon" and left.', ["we will come back soon"]),
        ("the “brutal Russians” and ‘Putin the Apostate’", ["brutal Russians", "Putin the Apostate"]),
        ("“outer ‘inner words here’ outer”", ["outer ‘inner words here’ outer"]),
        ("Russia’s army and ISIS’ fighters", []),
    ],
)
def test_quote_spans(text: str, quoted: list[str]) -> None:
    assert [text[s:e] for s, e in quote_spans(text)] == quoted


def test_lexicon_loads() -> None:
    lex = load_lexicon()
    assert "say" in lex.cue_verbs
    assert lex.figures.vague["dozens"].min == 12


def test_mention_of_a_modifier_is_not_the_source() -> None:
    text = "Officials in Chechnya believe that the group had grown."
    start = text.index("Chechnya")
    mention = Mention(
        id="m", entity_id="kb:chechnya", text="Chechnya", label="GPE", start=start, end=start + 8
    )
    found = find_attributions(load_pipeline()(text), "t", [mention])
    assert found[0].chain[0].text == "Officials in Chechnya"
    assert found[0].chain[0].entity_id is None
