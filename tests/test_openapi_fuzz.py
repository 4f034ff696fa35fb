"""Schemathesis over the OpenAPI schema: bounded examples, no 5xx, responses match the schema."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from search_api.app import create_app

EXAMPLES = 5


def test_api_never_fails_and_honours_its_schema(demo_kg):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(demo_kg.settings, demo_kg))
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case) -> None:
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:500]}")
    assert not failures, "\n".join(failures)
