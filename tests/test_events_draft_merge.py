"""Merging the mentions of one event: the figure that counts more stays."""

from __future__ import annotations

import spacy

from threatline.events.draft import Draft, merge_drafts
from threatline.models import Quantity


def _draft(token_i: int, dead: Quantity | None) -> Draft:
    doc = spacy.blank("en")("Four shot dead in a home . One victim was killed .")
    return Draft(token=doc[token_i], type="ASSAULT", modes=[], reliability=0.8, status="asserted", dead=dead)


def test_a_larger_total_survives_a_merge_into_a_smaller_part() -> None:
    """A headline's "four shot dead" merged into "one victim was killed" keeps the four."""
    part = _draft(10, Quantity(min=1))
    total = _draft(1, Quantity(min=4, max=4))
    merged = merge_drafts([part, total])
    assert len(merged) == 1
    assert merged[0].dead is not None
    assert merged[0].dead.min == 4


def test_a_smaller_part_does_not_replace_a_total() -> None:
    total = _draft(1, Quantity(min=4, max=4))
    part = _draft(10, Quantity(min=1))
    merged = merge_drafts([total, part])
    assert merged[0].dead is not None
    assert merged[0].dead.min == 4
