"""Language identification of article text with py3langid.

Threatline's analysis is English-only; other languages are stored and marked
by the caller. This module only answers "which language is this?", and says
``"und"`` (ISO 639-2 "undetermined") when the text is too short or the model
is not confident, rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from py3langid import langid

UNDETERMINED: Final = "und"
MIN_LETTERS: Final = 20
"""Texts with fewer letters than this are too short to identify reliably."""
MIN_PROBABILITY: Final = 0.5
"""Below this normalised probability the guess is reported as ``und``."""


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``"und"``) and the model's normalised probability."""

    code: str
    probability: float


@cache
def _identifier() -> langid.LanguageIdentifier:
    # Loading the model takes a moment; one shared, read-only instance is enough.
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def identify_language(text: str, *, min_probability: float = MIN_PROBABILITY) -> LanguageGuess:
    """Guess the language of ``text``.

    Returns ``LanguageGuess("und", p)`` when the text has fewer than
    ``MIN_LETTERS`` letters (probability 0.0) or the best language's
    probability is below ``min_probability``; otherwise the ISO 639-1 code of
    the most probable language (all of py3langid's languages are allowed).

    >>> identify_language("Le gouvernement a annoncé de nouvelles mesures lundi.").code
    'fr'
    """
    letters = sum(1 for char in text if char.isalpha())
    if letters < MIN_LETTERS:
        return LanguageGuess(UNDETERMINED, 0.0)
    code, probability = _identifier().classify(text)
    probability = float(probability)
    if probability < min_probability:
        return LanguageGuess(UNDETERMINED, probability)
    return LanguageGuess(str(code), probability)
