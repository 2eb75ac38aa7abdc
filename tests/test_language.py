"""Tests of threatline.ingest.language."""

from __future__ import annotations

from pathlib import Path

import pytest

from threatline.ingest.language import identify_language

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Le gouvernement a annoncé lundi de nouvelles mesures de sécurité après l'attaque "
            "contre la salle de concert, qui a fait de nombreuses victimes.",
            "fr",
        ),
        (
            "Die Regierung hat am Montag neue Sicherheitsmaßnahmen angekündigt, nachdem bei dem "
            "Anschlag auf die Konzerthalle viele Menschen getötet worden waren.",
            "de",
        ),
        (
            "Правительство в понедельник объявило о новых мерах безопасности после нападения "
            "на концертный зал, в результате которого погибли многие люди.",
            "ru",
        ),
        (
            "أعلنت الحكومة يوم الاثنين عن إجراءات أمنية جديدة بعد الهجوم على قاعة الحفلات "
            "الذي أسفر عن سقوط العديد من الضحايا.",
            "ar",
        ),
        (
            "The government announced new security measures on Monday after the attack on the "
            "concert hall, which killed many people.",
            "en",
        ),
    ],
)
def test_paragraphs(text: str, code: str) -> None:
    guess = identify_language(text)
    assert guess.code == code
    assert 0.5 <= guess.probability <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "Putin", "12345 67890 !!!", "ISIS IS-K FSB"])
def test_too_short_is_undetermined(text: str) -> None:
    assert identify_language(text).code == "und"


def test_low_confidence_is_undetermined() -> None:
    text = "The government announced new security measures on Monday after the attack."
    assert identify_language(text, min_probability=1.01).code == "und"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seeds_are_english(seed: str) -> None:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    assert identify_language(path.read_text(encoding="utf-8")).code == "en"
