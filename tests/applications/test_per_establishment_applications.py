"""Programmes that take one application per establishment: which establishment, its facts
in the draft, one application each, and where the establishment is shown."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.constants import ApplicationStatus
from applications.models import Application
from applications.services.drafts import draft_start
from applications.services.submission import (
    ESTABLISHMENT_MISSING,
    ONE_PER_ESTABLISHMENT,
    SubmissionRefused,
    application_submit,
)
from tests.applications.submission_helpers import IN_WINDOW, definition, publish
from tests.applications.wizard_helpers import step_url
from tests.factories.accounts import UserFactory
from tests.factories.organisations import (
    EstablishmentFactory,
    OrganisationFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "premises-aid"
V2 = "onestop.programme/v2"


def per_establishment(**changes) -> dict:
    """A per-establishment aid: 10 EUR per square metre of rented premises in the city."""
    return definition(
        format=V2,
        slug=SLUG,
        title={"es": "Ayuda a locales", "eu": "Lokalen laguntza", "en": "Premises aid"},
        window={"opens": "2020-01-01", "closes": None},
        application_unit="establishment",
        one_per="establishment",
        eligibility={
            "all": [
                {"id": "sector", "fact": "sector", "op": "eq", "value": "hospitality"},
                {"id": "district", "fact": "district", "op": "ne", "value": "outside"},
                {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
                {"id": "rented", "fact": "premises_tenure", "op": "eq", "value": "rented"},
                {"id": "rent", "fact": "monthly_rent", "op": "gt", "value": "0"},
                {"id": "tax", "fact": "tax_obligations_current", "op": "is_true"},
            ]
        },
        amount={"mul": [{"fact": "surface_m2"}, "10"]},
        **changes,
    )


@pytest.fixture
def programme():
    document = per_establishment()
    publish(**{key: value for key, value in document.items() if key != "slug"}, slug=SLUG)
    return document


@pytest.fixture
def owner():
    """A representative of a hospitality cooperative with three bars."""
    organisation = OrganisationFactory(
        sector="hospitality", district="abando", employees=30, premises_tenure="owned"
    )
    representation = RepresentationFactory(organisation=organisation)
    for number, (district, employees, surface) in enumerate(
        [("deusto", 3, "80"), ("begona", 5, "120.5"), ("uribarri", 2, "45")], start=1
    ):
        EstablishmentFactory(
            organisation=organisation,
            name=f"Taberna {number}",
            district=district,
            employees=employees,
            surface_m2=Decimal(surface),
            premises_tenure="rented",
            monthly_rent=Decimal("900.00"),
            activity_code="5630",
        )
    return representation


def choice_url(organisation) -> str:
    return reverse("applications:apply_establishment", args=[SLUG, organisation.pk])


# --- starting: which establishment ----------------------------------------------------------


def test_starting_asks_which_establishment(client, programme, owner):
    client.force_login(owner.user)
    response = client.post(reverse("applications:apply_start", args=[SLUG]))
    assert response.status_code == 302
    assert response.url == choice_url(owner.organisation)
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    for establishment in owner.organisation.establishments.all():
        assert establishment.name in html and establishment.address in html
        assert f'name="establishment" value="{establishment.pk}"' in html
    assert not Application.objects.exists()


def test_three_establishments_start_three_drafts_each_with_its_facts(client, programme, owner):
    client.force_login(owner.user)
    establishments = list(owner.organisation.establishments.order_by("name"))
    for establishment in establishments:
        response = client.post(choice_url(owner.organisation), {"establishment": establishment.pk})
        assert response.status_code == 302, response.content.decode()[:500]
    drafts = {
        application.establishment.name: application
        for application in Application.objects.filter(programme_slug=SLUG)
    }
    assert set(drafts) == {"Taberna 1", "Taberna 2", "Taberna 3"}
    assert all(application.is_draft for application in drafts.values())
    assert drafts["Taberna 1"].answers == {
        "sector": "hospitality",  # the organisation's
        "district": "deusto",  # the establishment's, not the organisation's abando
        "employees": 3,
        "premises_tenure": "rented",
        "monthly_rent": "900.00",
        "surface_m2": "80.00",
    }
    assert drafts["Taberna 2"].answers["district"] == "begona"
    assert drafts["Taberna 2"].answers["surface_m2"] == "120.50"
    assert drafts["Taberna 3"].answers["employees"] == 2
    # activity_code is not a fact these rules read (nor, yet, one the engine knows).
    assert all("activity_code" not in draft.answers for draft in drafts.values())

    # Each one's draft is continued from the same page.
    html = client.get(choice_url(owner.organisation)).content.decode()
    for application in drafts.values():
        assert reverse("applications:application_resume", args=[application.pk]) in html
    assert 'name="establishment"' not in html


def test_starting_again_for_the_same_establishment_resumes_its_draft(programme, owner):
    establishment = owner.organisation.establishments.first()
    first = draft_start(
        organisation=owner.organisation,
        programme_slug=SLUG,
        user=owner.user,
        establishment=establishment,
    )
    again = draft_start(
        organisation=owner.organisation,
        programme_slug=SLUG,
        user=owner.user,
        establishment=establishment,
    )
    assert first.pk == again.pk
    assert Application.objects.count() == 1


def test_each_draft_is_evaluated_on_its_own_establishment(programme, owner):
    amounts = {}
    for establishment in owner.organisation.establishments.all():
        application = draft_start(
            organisation=owner.organisation,
            programme_slug=SLUG,
            user=owner.user,
            establishment=establishment,
        )
        application.answers = {**application.answers, "tax_obligations_current": True}
        application.save()
        submitted = application_submit(application=application, user=owner.user, as_of=IN_WINDOW)
        assert submitted.evaluation["outcome"] == "eligible"
        assert submitted.establishment == establishment
        amounts[establishment.name] = submitted.computed_amount
    assert amounts == {
        "Taberna 1": Decimal("800.00"),
        "Taberna 2": Decimal("1205.00"),
        "Taberna 3": Decimal("450.00"),
    }


def test_a_per_establishment_programme_needs_an_establishment(programme, owner):
    with pytest.raises(ValidationError) as refused:
        draft_start(organisation=owner.organisation, programme_slug=SLUG, user=owner.user)
    assert refused.value.code == "establishment_required"


def test_another_organisations_establishment_is_refused(programme, owner):
    other = EstablishmentFactory()
    with pytest.raises(PermissionDenied):
        draft_start(
            organisation=owner.organisation,
            programme_slug=SLUG,
            user=owner.user,
            establishment=other,
        )


def test_the_choice_page_of_someone_elses_organisation_is_not_found(client, programme, owner):
    client.force_login(UserFactory())
    assert client.get(choice_url(owner.organisation)).status_code == 404
    response = client.post(
        choice_url(owner.organisation),
        {"establishment": owner.organisation.establishments.first().pk},
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_an_establishment_of_another_organisation_cannot_be_chosen(client, programme, owner):
    client.force_login(owner.user)
    other = EstablishmentFactory()
    response = client.post(choice_url(owner.organisation), {"establishment": other.pk})
    assert response.status_code == 400
    assert "Choose the establishment" in response.content.decode() or 'role="alert"' in (
        response.content.decode()
    )
    assert not Application.objects.exists()


def test_without_establishments_the_page_links_to_adding_one_and_back(client, programme):
    representation = RepresentationFactory()
    client.force_login(representation.user)
    url = choice_url(representation.organisation)
    html = client.get(url).content.decode()
    add = reverse("organisations:establishment_create", args=[representation.organisation.pk])
    assert f'href="{add}?next={url.replace("/", "%2F")}"' in html
    response = client.post(
        f"{add}?next={url}", {"name": "Denda", "address": "Calle Mayor 1, Bilbao"}
    )
    assert response.url == url
    assert "Denda" in client.get(url).content.decode()


def test_a_per_organisation_programme_ignores_the_choice_page(client, programme, owner):
    publish()  # the per-organisation test aid
    client.force_login(owner.user)
    response = client.get(reverse("applications:apply_establishment", args=["test-aid", 1]))
    assert response.url == reverse("applications:apply_start", args=["test-aid"])


# --- one application per establishment -----------------------------------------------------


def _submitted(owner, establishment) -> Application:
    application = draft_start(
        organisation=owner.organisation,
        programme_slug=SLUG,
        user=owner.user,
        establishment=establishment,
    )
    application.answers = {**application.answers, "tax_obligations_current": True}
    application.save()
    return application_submit(application=application, user=owner.user, as_of=IN_WINDOW)


def test_a_second_application_for_the_same_establishment_is_refused(client, programme, owner):
    establishment = owner.organisation.establishments.first()
    submitted = _submitted(owner, establishment)
    client.force_login(owner.user)
    html = client.get(choice_url(owner.organisation)).content.decode()
    assert submitted.reference in html
    assert f'name="establishment" value="{establishment.pk}"' not in html
    response = client.post(choice_url(owner.organisation), {"establishment": establishment.pk})
    assert response.status_code == 400
    assert "admite una solicitud por establecimiento" in response.content.decode()
    assert Application.objects.filter(establishment=establishment).count() == 1
    # The organisation's other establishments still apply.
    other = owner.organisation.establishments.exclude(pk=establishment.pk).first()
    assert f'name="establishment" value="{other.pk}"' in html


def test_submitting_a_second_draft_for_the_same_establishment_is_refused(programme, owner):
    establishment = owner.organisation.establishments.first()
    first = _submitted(owner, establishment)
    # A draft left over from before the first was submitted (another tab).
    second = Application.objects.create(
        organisation=owner.organisation,
        establishment=establishment,
        programme_slug=SLUG,
        created_by=owner.user,
        answers=dict(first.submitted_answers),
    )
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=second, user=owner.user, as_of=IN_WINDOW)
    assert refused.value.code == ONE_PER_ESTABLISHMENT
    assert first.reference in refused.value.messages[0]
    assert establishment.name in refused.value.messages[0]
    second.refresh_from_db()
    assert second.status == ApplicationStatus.DRAFT


def test_a_rejected_or_withdrawn_application_frees_the_establishment(programme, owner):
    establishment = owner.organisation.establishments.first()
    first = _submitted(owner, establishment)
    Application.objects.filter(pk=first.pk).update(status=ApplicationStatus.WITHDRAWN)
    again = _submitted(owner, establishment)
    assert again.status == ApplicationStatus.SUBMITTED


def test_even_without_one_per_each_establishment_applies_once(owner):
    document = per_establishment()
    del document["one_per"]
    publish(**{key: value for key, value in document.items() if key != "slug"}, slug=SLUG)
    establishment = owner.organisation.establishments.first()
    _submitted(owner, establishment)
    second = Application.objects.create(
        organisation=owner.organisation,
        establishment=establishment,
        programme_slug=SLUG,
        created_by=owner.user,
        answers={"tax_obligations_current": True},
    )
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=second, user=owner.user, as_of=IN_WINDOW)
    assert refused.value.code == ONE_PER_ESTABLISHMENT


def test_a_draft_without_its_establishment_is_not_submitted(programme, owner):
    draft = Application.objects.create(
        organisation=owner.organisation,
        programme_slug=SLUG,
        created_by=owner.user,
        answers={"tax_obligations_current": True},
    )
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=draft, user=owner.user, as_of=IN_WINDOW)
    assert refused.value.code == ESTABLISHMENT_MISSING


# --- a per-organisation programme is as it was -----------------------------------------------


def test_a_per_organisation_programme_takes_the_organisations_facts(client, owner):
    publish(window={"opens": "2020-01-01", "closes": None})
    client.force_login(owner.user)
    response = client.post(reverse("applications:apply_start", args=["test-aid"]))
    assert response.status_code == 302
    application = Application.objects.get(programme_slug="test-aid")
    assert application.establishment is None
    assert application.answers == {"employees": 30}


# --- where the establishment is shown -------------------------------------------------------


def test_the_wizard_shows_the_establishments_facts_and_links_to_change_them(
    client, programme, owner
):
    establishment = owner.organisation.establishments.get(name="Taberna 2")
    application = draft_start(
        organisation=owner.organisation,
        programme_slug=SLUG,
        user=owner.user,
        establishment=establishment,
    )
    client.force_login(owner.user)
    html = client.get(step_url(application, "organisation")).content.decode()
    assert "Taberna 2" in html and establishment.address in html
    # The page is headed with the establishment too: some of its facts are the bar's own.
    assert "<h1>Sobre su organización y Taberna 2</h1>" in html.replace("\n", "")
    assert "Begoña" in html  # the establishment's district, not the organisation's Abando
    assert "Abando" not in html
    change = reverse(
        "organisations:establishment_update", args=[owner.organisation.pk, establishment.pk]
    )
    assert f'href="{change}?next=' in html


def test_my_applications_show_the_establishment(client, programme, owner):
    establishment = owner.organisation.establishments.get(name="Taberna 3")
    submitted = _submitted(owner, establishment)
    client.force_login(owner.user)
    listing = client.get(reverse("applications:application_list")).content.decode()
    assert "Taberna 3" in listing and establishment.address in listing
    detail = client.get(
        reverse("applications:application_detail", args=[submitted.pk])
    ).content.decode()
    assert "Taberna 3" in detail and establishment.address in detail
