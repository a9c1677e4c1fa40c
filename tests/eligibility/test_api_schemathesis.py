"""The screening API against its own OpenAPI schema, by schemathesis.

Requests are generated from the schema the app serves (valid ones and, schemathesis'
negative mode, invalid ones) and sent to the app in process, over WSGI, with the demo
desk's live programmes. Every answer must be no server error, a status the schema
documents for the operation, and a body and headers as the schema describes them.

Bounded and reproducible for CI: a fixed number of examples per operation, derandomized,
no deadline (the first request compiles the programmes), no example database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eligibility import screening_service

EXAMPLES_PER_OPERATION = 80
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# (operation, status) -> examples, printed at the end of the module (pytest -s shows it).
answers: Counter[tuple[str, int]] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_examples():
    yield
    for operation in sorted({operation for operation, _status in answers}):
        statuses = {status: n for (op, status), n in sorted(answers.items()) if op == operation}
        print(f"\nschemathesis: {operation}: {sum(statuses.values())} examples, {statuses}")


@pytest.fixture
def api_under_test(demo_site, settings, monkeypatch):
    monkeypatch.setattr(screening_service, "city_today", lambda: dt.date(2026, 11, 22))
    # Every example comes from one address: the rate limit is tested on its own.
    settings.ONESTOP_SCREENING_API_RATE = "100000/m"
    cache.clear()
    yield
    cache.clear()


# The schema as the app serves it, fetched through the whole middleware stack; the requests
# go to the same app. Loaded at import: it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_as_its_schema_says(case, api_under_test):
    response = case.call_and_validate(checks=CHECKS)
    answers[f"{case.operation.method.upper()} {case.operation.path}", response.status_code] += 1
