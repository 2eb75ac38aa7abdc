from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threatline.ingest.duplicates import Signature, normalise, signature, text_hash

TEXT = (
    "Gunmen opened fire at a concert hall outside the capital on Friday evening, killing dozens "
    "of people and wounding many more before setting the building on fire, officials said. "
    "Emergency services worked through the night while relatives gathered outside the venue."
)


def test_exact_hash_ignores_case_punctuation_and_spacing() -> None:
    assert text_hash(TEXT) == text_hash("  " + TEXT.upper().replace(",", " ,  "))
    assert text_hash(TEXT) != text_hash(TEXT + " One more sentence.")


def test_near_copy_is_similar_and_other_text_is_not() -> None:
    copy = "Republished from another outlet.\n\n" + TEXT + "\n\nShare this: Facebook | X | Email"
    other = "The council approved a new budget for road repairs and school meals on Tuesday night."
    assert signature(TEXT).similarity(signature(copy)) >= 0.6
    assert signature(TEXT).similarity(signature(other)) < 0.2


def test_similar_texts_share_an_lsh_band() -> None:
    long_text = " ".join(f"{TEXT} Paragraph {n} adds its own detail number {n * 7}." for n in range(6))
    copy = long_text.replace("Friday evening", "Friday night", 1)
    text = long_text
    assert signature(text).similarity(signature(copy)) >= 0.8
    assert set(signature(text).band_keys()) & set(signature(copy).band_keys())


@given(st.text(max_size=300))
def test_signature_round_trips_through_bytes(text: str) -> None:
    sig = signature(text)
    assert Signature.from_bytes(sig.to_bytes()).similarity(sig) == pytest.approx(1.0)


def test_normalise_keeps_only_words() -> None:
    assert normalise("“We Will Come,” he said — twice!") == "we will come he said twice"
