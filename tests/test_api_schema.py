"""Property-based checks of the live API against its own OpenAPI schema: no 5xx, ever."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.api_server import seeded_db, serve

pytestmark = pytest.mark.network


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_ctx: schemathesis.SerializationContext, value: object) -> bytes:
    """The ingest schema declares a JSON Lines body as a string; send it as UTF-8."""
    return str(value).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory: Path = tmp_path_factory.mktemp("api-schema")
    with serve(seeded_db(directory)) as base:
        yield base


def test_no_server_errors(base_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:
        # Ingest is called without the token (it answers 401): fuzzing it with
        # the token would fetch generated URLs.
        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        check()
