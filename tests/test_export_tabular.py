from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threatline.export.tabular import safe_cell, write_csv, write_jsonl
from threatline.models import Quantity


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain text", "plain text"),
        (None, ""),
        (12, "12"),
        (["a", "b"], '["a", "b"]'),
    ],
)
def test_cells_never_start_a_formula(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


@given(st.lists(st.text(), max_size=5))
def test_csv_round_trips_text_exactly_apart_from_the_formula_guard(values: list[str]) -> None:
    out = io.StringIO()
    write_csv(({"v": v} for v in values), ["v"], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["v"] for r in rows] == [safe_cell(v) for v in values]
    assert not any(r["v"].startswith(("=", "+", "-", "@")) for r in rows)


@given(
    st.lists(
        st.builds(Quantity, min=st.none() | st.integers(0, 10**6), max=st.none() | st.integers(0, 10**6))
    )
)
def test_jsonl_round_trips_records(records: list[Quantity]) -> None:
    out = io.StringIO()
    assert write_jsonl(records, out) == len(records)
    assert [Quantity.model_validate(json.loads(line)) for line in out.getvalue().splitlines()] == records
