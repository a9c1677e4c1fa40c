"""Format v2 evidence in the wizard and on the desk: the check page asks for a declaration or
a consent for each requirement proven that way, submitting keeps what was given, and the case
page turns it into a checklist a caseworker marks as verified."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from applications.models import Application
from applications.roles import CASEWORKERS
from tests.applications.submission_helpers import draft, publish

pytestmark = pytest.mark.django_db

ELIGIBILITY = {
    "all": [
        {"id": "staff", "fact": "employees", "op": "gte", "value": 1, "evidence": "declaration"},
        {"id": "tax", "fact": "tax_obligations_current", "op": "is_true", "evidence": "consent"},
    ]
}


def _programme():
    # Open from long ago, never closing: the tests run on any day.
    return publish(
        format="onestop.programme/v2",
        eligibility=ELIGIBILITY,
        window={"opens": "2020-01-01", "closes": None},
    )


def test_the_check_page_asks_for_each_declaration_and_consent(client):
    _programme()
    application, user = draft()
    client.force_login(user)
    check = reverse("applications:application_check", args=[application.pk])
    response = client.get(check)
    page = response.content.decode()
    assert 'name="evidence_0"' in page and 'name="evidence_1"' in page
    labels = [str(field.label) for field in response.context["form"]]
    # The requirement boxes first, each naming its requirement, then the declaration.
    assert len(labels) == 3
    assert "1" in labels[0]  # employees at least 1
    refused = client.post(check, {"declaration": "on"})
    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert set(errors) == {"evidence_0", "evidence_1"}
    application.refresh_from_db()
    assert application.is_draft


def test_submitting_keeps_what_was_declared_and_the_desk_verifies_it(client):
    _programme()
    application, user = draft()
    client.force_login(user)
    check = reverse("applications:application_check", args=[application.pk])
    response = client.post(check, {"declaration": "on", "evidence_0": "on", "evidence_1": "on"})
    assert response.status_code == 302, response.context["form"].errors
    submitted = Application.objects.get(pk=application.pk)
    evidence = submitted.evaluation["evidence"]
    assert [(item["id"], item["by"], item["given"]) for item in evidence] == [
        ("staff", "declaration", True),
        ("tax", "consent", True),
    ]
    assert set(evidence[0]["text"]) == {"es", "eu", "en"}

    from django.contrib.auth import get_user_model

    caseworker = get_user_model().objects.create_user("ane", password="x", is_staff=True)
    caseworker.groups.add(Group.objects.get_or_create(name=CASEWORKERS)[0])
    client.force_login(caseworker)
    case = reverse("desk:case", args=[submitted.pk])
    page = client.get(case)
    assert page.status_code == 200
    rows = page.context["evidence"]
    assert [(row.ident, row.given, row.verified_at) for row in rows] == [
        ("staff", True, None),
        ("tax", True, None),
    ]
    verify = reverse("desk:case_action", args=[submitted.pk, "verify_evidence"])
    assert client.post(verify, {"verify_evidence-evidence": "tax"}).status_code == 302
    rows = client.get(case).context["evidence"]
    assert rows[1].verified_by == caseworker and rows[1].verified_at is not None
    assert rows[0].verified_at is None
    unknown = client.post(verify, {"verify_evidence-evidence": "nothing"})
    assert unknown.status_code == 400


def test_the_applicant_cannot_verify_their_own_evidence(client):
    _programme()
    application, user = draft()
    client.force_login(user)
    client.post(
        reverse("applications:application_check", args=[application.pk]),
        {"declaration": "on", "evidence_0": "on", "evidence_1": "on"},
    )
    verify = reverse("desk:case_action", args=[application.pk, "verify_evidence"])
    response = client.post(verify, {"verify_evidence-evidence": "tax"})
    assert response.status_code in (302, 403, 404)
    assert not application.events.filter(data__evidence_verified="tax").exists()
