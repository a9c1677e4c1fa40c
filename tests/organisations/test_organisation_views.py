"""The applicant's organisation pages: what a representative can do, and nobody else."""

import pytest
from django.core import mail
from django.urls import reverse

from organisations.models import Invitation, Organisation, Representation
from tests.factories.accounts import UserFactory
from tests.factories.organisations import (
    InvitationFactory,
    OrganisationFactory,
    valid_cif,
    valid_iban,
)

pytestmark = pytest.mark.django_db

PROFILE = {
    "legal_name": "Kafe Kooperatiba",
    "tax_id": "b-1234567-4",
    "legal_form": "cooperative",
    "founded_on": "2019-03-01",
    "employees": "5",
    "sector": "hospitality",
    "women_led": "true",
    "turnover_current": "85000",
    "turnover_previous": "",
    "district": "deusto",
    "premises_tenure": "rented",
    "monthly_rent": "1200,50",
    "street": "Calle Mayor 1",
    "postcode": "48014",
    "city": "Bilbao",
    "contact_email": "kafe@example.org",
    "phone": "944000000",
    "iban": "ES91 2100 0418 4502 0005 1332",
}


def _urls(organisation_pk: int) -> list[str]:
    return [
        reverse("organisations:organisation_detail", args=[organisation_pk]),
        reverse("organisations:organisation_update", args=[organisation_pk]),
        reverse("organisations:invitation_create", args=[organisation_pk]),
    ]


def test_every_page_requires_signing_in(client, representation):
    urls = [
        reverse("organisations:organisation_list"),
        reverse("organisations:organisation_create"),
        *_urls(representation.organisation.pk),
        reverse("organisations:invitation_accept", args=["some-token"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/es/accounts/login/?next="), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_user_gets_404_on_every_page_of_someone_elses_organisation(
    client, representation, method
):
    client.force_login(UserFactory())
    for url in _urls(representation.organisation.pk):
        response = getattr(client, method)(url, PROFILE if method == "post" else None)
        assert response.status_code == 404, url
    assert Invitation.objects.count() == 0
    representation.organisation.refresh_from_db()
    assert representation.organisation.legal_name != PROFILE["legal_name"]


def test_the_list_shows_only_my_organisations(client, representation):
    OrganisationFactory(legal_name="Not mine at all")
    client.force_login(representation.user)
    html = client.get(reverse("organisations:organisation_list")).content.decode()
    assert representation.organisation.legal_name in html
    assert "Not mine at all" not in html


def test_create_an_organisation(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("organisations:organisation_create"), PROFILE)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("organisations:organisation_detail", args=[organisation.pk])
    assert organisation.tax_id == "B12345674"
    assert organisation.iban == "ES9121000418450200051332"
    assert str(organisation.monthly_rent) == "1200.50"
    assert organisation.women_led is True
    assert Representation.objects.filter(user=user, organisation=organisation).exists()
    html = client.get(response.url).content.decode()
    assert "Kafe Kooperatiba" in html and "Deusto" in html


def test_the_form_summarises_errors_and_links_them_to_fields(client):
    client.force_login(UserFactory())
    data = {**PROFILE, "tax_id": "B12345675", "iban": "DE89370400440532013000", "legal_name": ""}
    response = client.post(reverse("organisations:organisation_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    for field in ("legal_name", "tax_id", "iban"):
        assert f'<a href="#id_{field}">' in html
        assert f'id="id_{field}-error"' in html
    assert 'aria-invalid="true"' in html


def test_a_tax_id_can_be_registered_once(client):
    OrganisationFactory(tax_id="B12345674")
    client.force_login(UserFactory())
    response = client.post(reverse("organisations:organisation_create"), PROFILE)
    assert response.status_code == 200
    assert '<a href="#id_tax_id">' in response.content.decode()


def test_a_representative_edits_their_organisation(client, representation):
    client.force_login(representation.user)
    url = reverse("organisations:organisation_update", args=[representation.organisation.pk])
    assert client.get(url).status_code == 200
    data = {**PROFILE, "tax_id": representation.organisation.tax_id, "iban": valid_iban(3)}
    response = client.post(url, data)
    assert response.status_code == 302
    representation.organisation.refresh_from_db()
    assert representation.organisation.legal_name == "Kafe Kooperatiba"
    assert representation.organisation.employees == 5


@pytest.mark.parametrize("language", ["es", "en"])
def test_invite_a_representative_emails_a_link_in_my_language(
    client, representation, django_capture_on_commit_callbacks, language
):
    client.force_login(representation.user)
    url = f"/{language}/organisations/{representation.organisation.pk}/invite/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "colleague@example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "colleague@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["colleague@example.org"]
    assert f"/{language}/organisations/invitations/{invitation.token}/" in message.body
    assert representation.organisation.legal_name in message.subject


def test_accepting_an_invitation_through_the_link(client):
    invitation = InvitationFactory(email="colleague@example.org")
    invitee = UserFactory(email="colleague@example.org")
    client.force_login(invitee)
    url = reverse("organisations:invitation_accept", args=[invitation.token])
    assert invitation.organisation.legal_name in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse(
        "organisations:organisation_detail", args=[invitation.organisation.pk]
    )
    assert client.get(response.url).status_code == 200
    response = client.post(url)
    assert response.status_code == 400, "a link can be used once"


def _what_the_invitation_tells(invitation) -> list[str]:
    inviter = invitation.invited_by
    return [
        invitation.organisation.legal_name,
        invitation.organisation.tax_id,
        inviter.email,
        inviter.username,
        invitation.email,
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_invitation_shows_nothing_of_the_organisation(client, method):
    invitation = InvitationFactory(
        email="colleague@example.org",
        organisation=OrganisationFactory(legal_name="Kafe Kooperatiba Sekretua"),
    )
    holder = UserFactory(email="holder@example.org")
    client.force_login(holder)
    url = reverse("organisations:invitation_accept", args=[invitation.token])
    response = getattr(client, method)(url)
    assert response.status_code == 403
    page = response.content.decode()
    for secret in _what_the_invitation_tells(invitation):
        assert secret not in page
    assert "Esta invitación se envió a otra dirección de correo" in page
    assert "holder@example.org" in page
    assert not Representation.objects.filter(organisation=invitation.organisation).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    # The way on: sign out, sign in with the invited address, and come back to the link.
    assert f'action="{reverse("account_logout")}"' in page
    sign_in_again = f'{reverse("account_login")}?next={url.replace("/", "%2F")}'
    assert f'name="next" value="{sign_in_again}"' in page
    signed_out = client.post(reverse("account_logout"), {"next": sign_in_again})
    assert signed_out.url == sign_in_again


def test_the_invited_address_must_be_verified_to_see_the_invitation(client):
    from allauth.account.models import EmailAddress

    invitation = InvitationFactory(email="colleague@example.org")
    holder = UserFactory()
    EmailAddress.objects.create(user=holder, email="colleague@example.org", verified=False)
    client.force_login(holder)
    url = reverse("organisations:invitation_accept", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 403
    assert invitation.organisation.legal_name not in response.content.decode()
    assert client.post(url).status_code == 403
    assert not Representation.objects.filter(user=holder).exists()


def test_the_invitee_sees_the_organisation_under_any_of_their_verified_addresses(client):
    from allauth.account.models import EmailAddress

    invitation = InvitationFactory(email="Colleague@Example.org")
    invitee = UserFactory(email="personal@example.org")
    EmailAddress.objects.create(user=invitee, email="colleague@example.org", verified=True)
    client.force_login(invitee)
    url = reverse("organisations:invitation_accept", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 200
    assert invitation.organisation.legal_name in response.content.decode()
    assert client.post(url).status_code == 302
    assert Representation.objects.filter(
        user=invitee, organisation=invitation.organisation
    ).exists()


@pytest.mark.parametrize("language", ["eu", "en"])
def test_the_other_address_page_is_translated(client, language):
    invitation = InvitationFactory(email="colleague@example.org")
    client.force_login(UserFactory())
    response = client.get(f"/{language}/organisations/invitations/{invitation.token}/")
    assert response.status_code == 403
    expected = {
        "en": "This invitation was sent to another email address",
        "eu": "Gonbidapen hau beste helbide elektroniko batera bidali zen",
    }[language]
    assert expected in response.content.decode()


def test_an_unknown_invitation_token_is_not_found(client):
    client.force_login(UserFactory())
    url = reverse("organisations:invitation_accept", args=["not-a-token"])
    assert client.get(url).status_code == 404


def test_factories_make_valid_identifiers():
    organisation = OrganisationFactory()
    organisation.full_clean()
    assert organisation.tax_id == valid_cif(int(organisation.tax_id[1:8]))
