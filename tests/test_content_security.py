"""Every response carries the Content-Security-Policy; browsers' reports are received."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_public_pages_allow_scripts_only_from_the_site_or_with_the_nonce(demo_site):
    policy = directives(Client().get("/es/"))
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report/"]


def test_sign_in_pages_run_under_the_strict_policy():
    policy = directives(Client().get("/es/accounts/login/"))
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]


def test_the_admin_allows_the_inline_scripts_wagtail_writes_and_nothing_from_elsewhere(client):
    from tests.factories.accounts import UserFactory

    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_a_violation_report_is_received_and_logged(caplog):
    report = {"csp-report": {"document-uri": "http://x/es/", "violated-directive": "script-src"}}
    response = Client().post(
        "/csp-report/", json.dumps(report), content_type="application/csp-report"
    )
    assert response.status_code == 204
    assert "script-src" in caplog.text


@pytest.mark.parametrize("body", [b"{not json", b"x" * 20_000])
def test_a_malformed_or_oversized_report_is_refused_without_an_error(body):
    response = Client().post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code in (400, 413)
