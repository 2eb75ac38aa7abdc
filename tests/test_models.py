from __future__ import annotations

import json

from tests.conftest import ROOT
from threatline.models import Analysis, extract_schema


def test_documented_schema_matches_the_records() -> None:
    documented = json.loads((ROOT / "docs" / "schema" / "extract.schema.json").read_text("utf-8"))
    assert documented == extract_schema(), "regenerate docs/schema/extract.schema.json (see docs/extract.md)"


def test_extract_output_has_the_public_keys() -> None:
    keys = set(Analysis.model_json_schema()["properties"])
    assert {
        "article",
        "entities",
        "mentions",
        "times",
        "places",
        "claims",
        "quotes",
        "attributions",
        "events",
    } <= keys
