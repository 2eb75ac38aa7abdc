"""Quotes and speakers on the seed articles and on small texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from threatline.analysis.nlp import load_pipeline
from threatline.analysis.quotes import find_quotes
from threatline.models import Mention, Quote

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def quotes() -> dict[str, list[Quote]]:
    nlp = load_pipeline()
    return {
        p.name[:3]: find_quotes(nlp(p.read_text(encoding="utf-8")), p.name[:3])
        for p in sorted(SEEDS.glob("*.txt"))
    }


def _quote(quotes: dict[str, list[Quote]], seed: str, opening: str) -> Quote:
    found = [q for q in quotes[seed] if q.text.startswith(opening)]
    assert found, f"{opening!r} not in {[q.text[:30] for q in quotes[seed]]}"
    return found[0]


@pytest.mark.parametrize(
    ("seed", "opening", "speaker_text", "speaker_name"),
    [
        ("003", "Beware. Underestimate us not", "the group", "Islamic State"),
        ("003", "This time, we will deliver", "The statement", "Islamic State"),
        ("003", "To all the brutal Russians", "the statement", "Islamic State"),
        ("001", "Listen Putin", "the driver", None),
        ("004", "Today we do not have a place", "He", "Abu Yasser"),
        ("004", "If someone does not find us", "He", "Abu Yasser"),
        ("002", "The video featured", "Circa News", "Circa News"),
        ("002", "Russia has a significant", "The Daily Caller", "The Daily Caller"),
    ],
)
def test_seed_speakers(
    quotes: dict[str, list[Quote]], seed: str, opening: str, speaker_text: str, speaker_name: str | None
) -> None:
    speaker = _quote(quotes, seed, opening).speaker
    assert speaker is not None
    assert speaker.text == speaker_text
    if speaker_name is not None:
        assert speaker.name is not None
        assert speaker_name in speaker.name


def test_quote_over_sentences_is_one_quote(quotes: dict[str, list[Quote]]) -> None:
    quote = _quote(quotes, "003", "Beware.")
    assert quote.text.endswith("will not go unpunished,")
    assert quote.evidence.start < quote.evidence.end


@pytest.mark.parametrize(
    ("seed", "scare"), [("003", "brutal Russians"), ("004", "apostate"), ("001", "brothers")]
)
def test_scare_quotes_are_skipped(quotes: dict[str, list[Quote]], seed: str, scare: str) -> None:
    assert all(not q.text.startswith(scare) for q in quotes[seed])


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will not stop until the city falls," the commander said.', "the commander"),
        ("The minister said: “Our forces are ready for any attack.”", "The minister"),
        ("According to Reuters, “the convoy was hit twice near the border.”", "Reuters"),
        ('"These attacks must end now," said Ivan Petrov.', "Ivan Petrov"),
    ],
)
def test_speaker_rules(text: str, speaker: str) -> None:
    found = find_quotes(load_pipeline()(text), "t")
    assert len(found) == 1
    assert found[0].speaker is not None
    assert found[0].speaker.text == speaker


def test_mention_gives_entity() -> None:
    text = '"We will strike again very soon," the group declared.'
    start = text.index("the group")
    mention = Mention(
        id="m1", entity_id="kb:isis", text="the group", label="COREF", start=start, end=start + 9
    )
    found = find_quotes(load_pipeline()(text), "t", [mention])
    assert found[0].speaker is not None
    assert found[0].speaker.entity_id == "kb:isis"


def test_paragraph_continuation_opens_again() -> None:
    text = "He said: “We are coming for you.\n\n“Nobody in the city will be safe from us.”"
    found = find_quotes(load_pipeline()(text), "t")
    assert [q.text for q in found] == ["We are coming for you.", "Nobody in the city will be safe from us."]
    assert found[1].speaker == found[0].speaker
