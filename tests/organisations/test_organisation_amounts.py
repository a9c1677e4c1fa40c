"""The organisation form takes amounts as the screener suggests them, in each language, and
its error summary names the fields."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from organisations.models import Organisation
from tests.factories.accounts import UserFactory
from tests.organisations.test_organisation_views import PROFILE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "rent", "turnover", "rent_value", "turnover_value"),
    [
        ("es", "1.200,00", "180.000,00", "1200.00", "180000.00"),
        ("es", "1200,5", "180000", "1200.50", "180000.00"),
        ("eu", "1.200,00", "180.000,00", "1200.00", "180000.00"),
        ("en", "1,200.00", "180,000.00", "1200.00", "180000.00"),
    ],
)
def test_amounts_are_read_with_the_languages_grouping(
    client, language, rent, turnover, rent_value, turnover_value
):
    client.force_login(UserFactory())
    data = {**PROFILE, "monthly_rent": rent, "turnover_current": turnover}
    with translation.override(language):
        response = client.post(reverse("organisations:organisation_create"), data)
    assert response.status_code == 302, response.content.decode()
    organisation = Organisation.objects.get()
    assert organisation.monthly_rent == Decimal(rent_value)
    assert organisation.turnover_current == Decimal(turnover_value)


def test_the_error_summary_names_each_field(client):
    client.force_login(UserFactory())
    data = {**PROFILE, "legal_name": "", "tax_id": "", "legal_form": ""}
    response = client.post(reverse("organisations:organisation_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    for field, label in (
        ("legal_name", "Razón social: "),
        ("tax_id", "NIF/CIF: "),
        ("legal_form", "Forma jurídica: "),
    ):
        assert f'<a href="#id_{field}">{label}' in html, field
