"""The case page's letters: listed with their kind, date, language and code; viewed inline,
downloaded, e-mailed again; staff only."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from applications.constants import EventKind
from desk.services import decision_approve
from letters.models import Letter
from tests.factories.organisations import OrganisationFactory


@pytest.fixture
def awarded(people, desk, in_review, django_capture_on_commit_callbacks):
    def make(**fields):
        application = in_review(computed_amount=Decimal("1000.00"), language="en", **fields)
        with django_capture_on_commit_callbacks(execute=True):
            decision_approve(application=application, user=people.caseworker)
        return application, Letter.objects.get(application=application)

    return make


def _urls(application, letter):
    args = [application.pk, letter.pk]
    return (
        reverse("case_letters:letter", args=args),
        reverse("case_letters:letter_download", args=args),
        reverse("case_letters:letter_resend", args=args),
    )


def test_the_case_page_lists_its_letters_with_links(client, people, awarded):
    application, letter = awarded()
    client.force_login(people.caseworker)
    page = client.get(reverse("desk:case", args=[application.pk]))
    view, download, resend = _urls(application, letter)
    assert letter.code in page.text
    assert view in page.text and download in page.text and resend in page.text
    assert letter.get_kind_display() in page.text


def test_the_re_send_form_on_the_case_page_passes_the_csrf_check(people, awarded):
    """The letters' section is letters' template tag inside the desk's page: its form must
    carry the page's token, or a browser's re-send is refused."""
    from tests.accounts_helpers import SignedInClient

    application, letter = awarded()
    browser = SignedInClient(enforce_csrf_checks=True)
    browser.force_login(people.caseworker)
    page = browser.get(reverse("desk:case", args=[application.pk])).text
    _, _, resend = _urls(application, letter)
    form = page[page.index(f'action="{resend}"') :].split("</form>")[0]
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    sent = browser.post(resend, {"csrfmiddlewaretoken": token})
    assert sent.status_code == 302


def test_staff_view_inline_and_download(client, people, awarded):
    application, letter = awarded()
    view, download, _ = _urls(application, letter)
    client.force_login(people.caseworker)
    inline = client.get(view)
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert "attachment" not in inline.get("Content-Disposition", "")
    assert b"".join(inline.streaming_content).startswith(b"%PDF")
    attached = client.get(download)
    assert attached.status_code == 200
    assert attached["Content-Disposition"].startswith("attachment")


def test_resending_emails_the_decision_again_with_the_letter(
    client, people, awarded, django_capture_on_commit_callbacks
):
    application, letter = awarded()
    sent_before = len(mail.outbox)
    assert sent_before >= 1
    client.force_login(people.caseworker)
    _, _, resend = _urls(application, letter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend)
    assert response.status_code == 302
    assert len(mail.outbox) == sent_before + 1
    message = mail.outbox[-1]
    assert message.attachments == []  # it announces the letter, which is notified online
    assert f"/applications/{application.pk}/" in message.body
    assert application.events.filter(kind=EventKind.NOTE, data__resent=True).exists()


@pytest.mark.parametrize("role", ["anonymous", "applicant", "editor"])
def test_nobody_but_desk_staff_reaches_the_staff_letter_views(client, people, awarded, role):
    application, letter = awarded()
    if role != "anonymous":
        client.force_login(getattr(people, role))
    sent = len(mail.outbox)
    view, download, resend = _urls(application, letter)
    for url in (view, download):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403, 404), (role, url)
        assert response.get("Content-Type") != "application/pdf", (role, url)
    assert client.post(resend).status_code in (302, 403)
    assert len(mail.outbox) == sent


def test_an_applicant_cannot_reach_anothers_letter_and_a_letter_belongs_to_its_case(
    client, people, awarded, case
):
    theirs, letter = awarded(organisation=OrganisationFactory())
    client.force_login(people.applicant)
    view, download, _ = _urls(theirs, letter)
    response = client.get(view, follow=True)
    assert response.get("Content-Type") != "application/pdf"
    client.force_login(people.caseworker)
    other = case()
    wrong_case = reverse("case_letters:letter", args=[other.pk, letter.pk])
    assert client.get(wrong_case, follow=True).status_code == 404
