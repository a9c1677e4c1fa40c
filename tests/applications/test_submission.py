"""Submitting an application: refusals, frozen data, references, double submits, the email."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone, translation

from applications import selectors
from applications.constants import ApplicationStatus, EventKind
from applications.models import Application, ApplicationDocument, ReferenceSequence
from applications.services.submission import SubmissionRefused, application_submit
from cms.selectors import programme_page_by_slug
from tests.applications.submission_helpers import (
    ANSWERS,
    IN_WINDOW,
    award,
    definition,
    draft,
    publish,
)
from tests.factories.accounts import UserFactory
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db


def refusal(application, user, **kwargs) -> SubmissionRefused:
    with pytest.raises(SubmissionRefused) as caught:
        application_submit(application=application, user=user, **kwargs)
    return caught.value


# --- a successful submission ---------------------------------------------------------------


def test_submitting_freezes_the_answers_the_published_rules_and_the_result():
    document = publish()
    application, user = draft(answers={**ANSWERS, "women_led": True})

    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)

    page = programme_page_by_slug("test-aid")
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.reference == "BIO-2026-000001"
    assert submitted.submitted_at is not None
    # women_led is not read by these rules: it is not an answer to this programme.
    assert submitted.submitted_answers == ANSWERS
    assert submitted.programme_revision_id == page.live_revision_id
    assert submitted.programme_definition == document
    assert submitted.computed_amount == Decimal("500.00")
    assert submitted.language == "es"
    evaluation = submitted.evaluation
    assert (evaluation["outcome"], evaluation["amount"], evaluation["unit"]) == (
        "eligible",
        "500.00",
        "EUR",
    )
    assert evaluation["open"] is True
    assert evaluation["met"] == [{"id": "staff", "met": True}, {"id": "tax", "met": True}]
    assert set(evaluation["reasons"]) == {"es", "eu", "en"}
    assert [reason["id"] for reason in evaluation["reasons"]["en"]] == ["staff", "tax"]
    assert evaluation["reasons"]["es"][0]["text"] != evaluation["reasons"]["en"][0]["text"]

    stored = Application.objects.get(pk=application.pk)
    assert stored.reference == "BIO-2026-000001"
    assert stored.evaluation == evaluation
    (event,) = stored.events.all()
    assert (event.kind, event.actor, event.from_status, event.to_status) == (
        EventKind.TRANSITION,
        user,
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
    )
    assert event.data["reference"] == "BIO-2026-000001"


def test_the_application_keeps_the_language_it_was_submitted_in():
    publish()
    application, user = draft()
    with translation.override("eu"):
        submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    assert submitted.language == "eu"


def test_an_unpublished_draft_of_the_rules_is_not_what_the_application_is_decided_on():
    published = publish()
    page = programme_page_by_slug("test-aid")
    live_revision_id = page.live_revision_id
    changed = page.get_latest_revision_as_object()
    changed.definition = definition(amount={"mul": [{"fact": "employees"}, "999"]})
    changed.save_revision()
    application, user = draft()

    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)

    assert submitted.programme_definition == published
    assert submitted.programme_revision_id == live_revision_id
    assert submitted.computed_amount == Decimal("500.00")


def test_rules_published_after_submission_do_not_change_what_was_frozen():
    publish()
    application, user = draft()
    application_submit(application=application, user=user, as_of=IN_WINDOW)

    publish(amount={"mul": [{"fact": "employees"}, "999"]})

    stored = Application.objects.get(pk=application.pk)
    assert stored.computed_amount == Decimal("500.00")
    assert stored.programme_definition["amount"] == {"mul": [{"fact": "employees"}, "100"]}
    assert stored.evaluation["amount"] == "500.00"


def test_an_ineligible_result_does_not_stop_the_submission():
    publish()
    application, user = draft(answers={"employees": 0, "tax_obligations_current": True})

    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)

    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.evaluation["outcome"] == "ineligible"
    assert submitted.computed_amount is None
    assert {"id": "staff", "met": False} in submitted.evaluation["met"]


def test_the_score_of_a_competitive_programme_is_frozen():
    publish(award_mode="competitive", score={"mul": [{"fact": "employees"}, "1.5"]})
    application, user = draft()

    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)

    assert submitted.score == Decimal("7.5")
    assert submitted.evaluation["score"] == "7.5"


# --- references ----------------------------------------------------------------------------


def test_references_are_sequential_within_a_year_and_start_again_in_the_next():
    publish(window={"opens": "2026-01-15", "closes": None})
    references = []
    for as_of in [IN_WINDOW, IN_WINDOW, datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)]:
        application, user = draft()
        references.append(
            application_submit(application=application, user=user, as_of=as_of).reference
        )
    assert references == [
        "BIO-2026-000001",
        "BIO-2026-000002",
        "BIO-2026-000003",
        "BIO-2027-000001",
    ]
    assert dict(ReferenceSequence.objects.values_list("year", "last_number")) == {
        2026: 3,
        2027: 1,
    }


@override_settings(ONESTOP_CITY_CODE="VIT")
def test_the_reference_starts_with_the_city_code():
    publish()
    application, user = draft()
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    assert submitted.reference == "VIT-2026-000001"


# --- submitting twice ----------------------------------------------------------------------


def test_submitting_twice_gives_the_same_application_one_reference_and_one_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    publish()
    application, user = draft()

    with django_capture_on_commit_callbacks(execute=True):
        first = application_submit(application=application, user=user, as_of=IN_WINDOW)
    # The second tab still holds the draft as it was before the first submit.
    with django_capture_on_commit_callbacks(execute=True):
        second = application_submit(application=application, user=user, as_of=IN_WINDOW)

    assert second.pk == first.pk
    assert second.reference == first.reference == "BIO-2026-000001"
    assert ReferenceSequence.objects.get(year=2026).last_number == 1
    assert (
        Application.objects.get(pk=application.pk).events.filter(kind=EventKind.TRANSITION).count()
        == 1
    )
    assert len(mailoutbox) == 1


# --- the confirmation email ----------------------------------------------------------------


def test_the_confirmation_email_goes_to_the_representatives_with_the_reference(
    django_capture_on_commit_callbacks, mailoutbox
):
    publish()
    application, user = draft()
    colleague = RepresentationFactory(organisation=application.organisation).user

    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, user=user, as_of=IN_WINDOW)

    (message,) = mailoutbox
    assert sorted(message.to) == sorted([user.email, colleague.email])
    assert "BIO-2026-000001" in message.subject
    assert "BIO-2026-000001" in message.body
    assert "Ayuda de prueba" in message.body
    assert f"/es/applications/{application.pk}/\n" in message.body
    assert (
        Application.objects.get(pk=application.pk)
        .events.filter(kind=EventKind.EMAIL, data__kind="submission_received")
        .exists()
    )


@pytest.mark.parametrize(("language", "title"), [("eu", "Proba-laguntza"), ("en", "Test aid")])
def test_the_confirmation_email_is_in_the_language_the_applicant_used(
    language, title, django_capture_on_commit_callbacks, mailoutbox
):
    publish()
    application, user = draft()

    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, user=user, as_of=IN_WINDOW)

    (message,) = mailoutbox
    assert title in message.body
    assert "Ayuda de prueba" not in message.body
    assert f"/{language}/applications/{application.pk}/\n" in message.body


def test_no_email_is_queued_when_the_submission_is_refused(
    django_capture_on_commit_callbacks, mailoutbox
):
    publish()
    application, user = draft()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refusal(application, user, as_of=datetime.date(2027, 1, 5))
    assert callbacks == []
    assert mailoutbox == []


# --- refusals ------------------------------------------------------------------------------


def assert_nothing_written(application):
    stored = Application.objects.get(pk=application.pk)
    assert stored.status == ApplicationStatus.DRAFT
    assert stored.reference is None
    assert stored.submitted_answers is None
    assert stored.evaluation is None
    assert not stored.events.exists()
    assert not ReferenceSequence.objects.filter(last_number__gt=0).exists()


def test_before_the_window_opens_the_applicant_is_told_when_it_opens():
    publish()
    application, user = draft()

    refused = refusal(application, user, as_of=datetime.date(2026, 1, 14))

    assert refused.code == "window_not_open"
    assert "15 de enero de 2026" in refused.message
    assert "Ayuda de prueba" in refused.message
    assert_nothing_written(application)


def test_after_the_window_closes_the_applicant_is_told_when_it_closed_in_their_language():
    publish()
    application, user = draft()

    with translation.override("en"):
        refused = refusal(application, user, as_of=datetime.date(2027, 1, 1))

    assert refused.code == "window_closed"
    assert "31 December 2026" in refused.message
    assert "Test aid" in refused.message
    assert_nothing_written(application)


def test_a_programme_that_is_not_published_cannot_be_applied_for():
    publish()
    programme_page_by_slug("test-aid").unpublish()
    application, user = draft()

    refused = refusal(application, user, as_of=IN_WINDOW)

    assert refused.code == "programme_unavailable"
    assert refused.message == "Este programa no admite solicitudes en este momento."
    assert_nothing_written(application)


def test_a_programme_that_does_not_exist_cannot_be_applied_for():
    application, user = draft(slug="no-such-programme")
    assert refusal(application, user, as_of=IN_WINDOW).code == "programme_unavailable"


def test_one_application_per_organisation_names_the_one_it_already_has():
    publish()
    application, user = draft()
    earlier = SubmittedApplicationFactory(
        organisation=application.organisation, programme_slug="test-aid"
    )

    refused = refusal(application, user, as_of=IN_WINDOW)

    assert refused.code == "one_per"
    assert earlier.reference in refused.message
    assert "Ayuda de prueba" in refused.message
    assert_nothing_written(application)


@pytest.mark.parametrize("status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED])
def test_a_withdrawn_or_rejected_application_does_not_count_for_one_per(status):
    publish()
    application, user = draft()
    SubmittedApplicationFactory(
        organisation=application.organisation, programme_slug="test-aid", status=status
    )
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_without_one_per_an_organisation_may_apply_again():
    publish(one_per=None)
    application, user = draft()
    SubmittedApplicationFactory(organisation=application.organisation, programme_slug="test-aid")
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_an_award_from_a_programme_listed_in_exclusive_with_rules_it_out():
    publish(exclusive_with=["other-aid"])
    application, user = draft()
    held = award(
        application.organisation,
        slug="other-aid",
        definition_changes={"title": {"es": "Otra ayuda", "en": "Other aid"}},
    )

    refused = refusal(application, user, as_of=IN_WINDOW)

    assert refused.code == "exclusive_with"
    assert "Otra ayuda" in refused.message
    assert held.reference in refused.message
    assert_nothing_written(application)


def test_exclusive_with_works_both_ways():
    # This programme lists nothing; the award's programme lists this one.
    publish(exclusive_with=[])
    application, user = draft()
    award(
        application.organisation,
        slug="other-aid",
        definition_changes={"title": {"es": "Otra ayuda"}, "exclusive_with": ["test-aid"]},
    )
    refused = refusal(application, user, as_of=IN_WINDOW)
    assert refused.code == "exclusive_with"
    assert "Otra ayuda" in refused.message


def test_an_application_that_was_not_awarded_does_not_rule_out_an_exclusive_programme():
    publish(exclusive_with=["other-aid"])
    application, user = draft()
    SubmittedApplicationFactory(
        organisation=application.organisation,
        programme_slug="other-aid",
        programme_definition=definition(slug="other-aid"),
        status=ApplicationStatus.IN_REVIEW,
    )
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_an_answer_the_rules_no_longer_accept_is_named_so_it_can_be_answered_again():
    publish(
        questions=[
            {
                "name": "venue_group",
                "type": "choice",
                "choices": ["I", "II"],
                "label": {"es": "Grupo del local", "en": "Venue group"},
            }
        ]
    )
    # "III" was a choice when the question was answered; the rules have changed since.
    application, user = draft(answers={**ANSWERS, "venue_group": "III"})

    refused = refusal(application, user, as_of=IN_WINDOW)

    assert refused.code == "invalid_answers"
    assert refused.facts == ("venue_group",)
    assert "Grupo del local" in refused.message
    assert_nothing_written(application)


def test_unanswered_questions_the_result_depends_on_are_named():
    publish()
    application, user = draft(answers={"employees": 5})

    refused = refusal(application, user, as_of=IN_WINDOW)

    assert refused.code == "missing_answers"
    assert refused.facts == ("tax_obligations_current",)
    assert "Al corriente de las obligaciones tributarias" in refused.message
    assert_nothing_written(application)


def test_a_document_whose_need_depends_on_an_unanswered_question_asks_for_that_answer():
    publish(
        eligibility={"all": [{"id": "staff", "fact": "employees", "op": "gte", "value": 1}]},
        documents=[
            {
                "code": "suspension_order",
                "label": {"es": "Orden de suspensión"},
                "when": {"fact": "activity_suspended", "op": "is_true"},
            }
        ],
    )
    application, user = draft(answers={"employees": 5})

    refused = refusal(application, user, as_of=IN_WINDOW)

    assert refused.code == "missing_answers"
    assert refused.facts == ("activity_suspended",)


def test_required_documents_must_be_uploaded_before_submitting():
    publish(
        documents=[
            {"code": "iae", "label": {"es": "Alta en el IAE", "en": "IAE registration"}},
            {
                "code": "suspension_order",
                "label": {"es": "Orden de suspensión"},
                "when": {"fact": "activity_suspended", "op": "is_true"},
            },
        ]
    )
    application, user = draft(answers={**ANSWERS, "activity_suspended": False})

    refused = refusal(application, user, as_of=IN_WINDOW)

    assert refused.code == "missing_documents"
    assert refused.documents == ("iae",)
    assert "Alta en el IAE" in refused.message
    assert "suspensión" not in refused.message
    assert_nothing_written(application)

    ApplicationDocument.objects.create(
        application=application,
        code="iae",
        file=f"documents/{application.pk}/iae.pdf",
        original_name="iae.pdf",
        content_type="application/pdf",
        size=1024,
        sha256="0" * 64,
        uploaded_by=user,
    )
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_someone_who_does_not_represent_the_organisation_cannot_submit():
    publish()
    application, _user = draft()
    with pytest.raises(PermissionDenied):
        application_submit(application=application, user=UserFactory(), as_of=IN_WINDOW)
    assert_nothing_written(application)


# --- the desk's own de minimis awards -------------------------------------------------------


def test_the_desks_de_minimis_awards_count_in_the_three_fiscal_years_only():
    organisation = RepresentationFactory().organisation
    madrid = timezone.get_default_timezone()
    de_minimis = {"de_minimis": True}
    award(
        organisation,
        slug="a",
        definition_changes=de_minimis,
        amount="1000.00",
        decided_at=datetime.datetime(2024, 1, 1, 0, 30, tzinfo=madrid),
    )
    award(
        organisation,
        slug="b",
        definition_changes=de_minimis,
        amount="250.50",
        decided_at=datetime.datetime(2026, 5, 1, tzinfo=madrid),
    )
    # Before the three years (31 December 2023 in Madrid), not de minimis, or not awarded.
    award(
        organisation,
        slug="c",
        definition_changes=de_minimis,
        amount="7000.00",
        decided_at=datetime.datetime(2023, 12, 31, 23, 30, tzinfo=madrid),
    )
    award(organisation, slug="d", amount="9000.00")
    SubmittedApplicationFactory(
        organisation=organisation,
        programme_slug="e",
        programme_definition=definition(slug="e", de_minimis=True),
        status=ApplicationStatus.IN_REVIEW,
    )
    other = RepresentationFactory().organisation
    award(other, slug="a", definition_changes=de_minimis, amount="5000.00")

    total = selectors.organisation_desk_de_minimis(organisation, as_of=datetime.date(2026, 6, 1))

    assert total == Decimal("1250.50")
    assert selectors.organisation_desk_de_minimis(
        organisation, as_of=datetime.date(2027, 1, 1)
    ) == Decimal("250.50")


def test_the_desks_de_minimis_awards_enter_the_ceiling_check():
    publish(de_minimis=True, amount="1000")
    application, user = draft(answers={**ANSWERS, "de_minimis_declared": "200000"})
    award(
        application.organisation,
        slug="earlier-aid",
        definition_changes={"de_minimis": True},
        amount="99500.00",
        decided_at=timezone.make_aware(datetime.datetime(2026, 3, 1)),
    )

    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)

    # 200,000 declared + 99,500 from this desk + 1,000 passes the 300,000 ceiling.
    assert submitted.evaluation["outcome"] == "ineligible"
    assert submitted.evaluation["desk_de_minimis"] == "99500.00"
    assert {"id": "de_minimis", "met": False} in submitted.evaluation["met"]
    assert submitted.status == ApplicationStatus.SUBMITTED
