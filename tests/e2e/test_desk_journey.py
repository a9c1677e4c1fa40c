"""The caseworker desk in a real browser: a caseworker takes the next case and asks the
applicant for information; the applicant answers on the public site; the caseworker
proposes approval above the four-eyes threshold; a senior caseworker approves. axe-core
checks every desk page on the way."""

import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.axe import assert_no_serious_violations as _axe_check
from tests.e2e.desk import applicant_script, run_in_desk, sign_in, staff_sign_in

APPLICANT = ("journey@demo.onestop.example", "journey-password-2026")

# Run inside the live desk's database: a representative submits an application through the
# applicant's own services. It is dated back so that it is the oldest case on the desk and
# "Take next" picks it whatever other journeys have submitted.
CASE_SCRIPT = (
    applicant_script("journey-applicant", *APPLICANT)
    + """
import datetime
from demo.applications import demo_application_submit, hospitality_answers
from applications.models import Application
from organisations.models import Organisation, Representation
from desk.services import programme_desk_for

organisation = Organisation.objects.create(
    legal_name="Kafetegia Uribarri S.Coop.", tax_id="F95000048", legal_form="cooperative",
    district="uribarri", sector="hospitality", employees=6)
Representation.objects.create(user=user, organisation=organisation)
desk = programme_desk_for("hospitality-direct-aid")
desk.four_eyes_threshold = "1000.00"
desk.save()
application = demo_application_submit(
    user=user, organisation=organisation, programme_slug="hospitality-direct-aid",
    answers=hospitality_answers(6, "uribarri"))
Application.objects.filter(pk=application.pk).update(
    submitted_at=application.submitted_at - datetime.timedelta(days=365))
print(application.pk, application.reference)
"""
)


@pytest.fixture
def submitted_case(live_desk, desk_workdir):
    pk, reference = run_in_desk(desk_workdir, CASE_SCRIPT).split()
    return int(pk), reference


def _status(desk_workdir: Path, pk: int) -> str:
    with sqlite3.connect(desk_workdir / "desk.sqlite3") as db:
        return db.execute(
            "SELECT status FROM applications_application WHERE id = ?", (pk,)
        ).fetchone()[0]


def _open_request(desk_workdir: Path, pk: int) -> int:
    with sqlite3.connect(desk_workdir / "desk.sqlite3") as db:
        return db.execute(
            "SELECT id FROM applications_informationrequest WHERE application_id = ?"
            " AND answered_at IS NULL",
            (pk,),
        ).fetchone()[0]


def assert_no_serious_violations(page) -> None:
    # Wagtail fades its flash messages in: axe would measure the contrast mid-animation.
    # Polled with evaluate: wait_for_function evaluates a string, which the admin's policy
    # (no 'unsafe-eval') rightly refuses.
    deadline = time.monotonic() + 10
    while not page.evaluate(
        """() => document.getAnimations().every(animation =>
            animation.playState !== 'running'
            || !animation.effect?.target?.closest?.('.messages'))"""
    ):
        assert time.monotonic() < deadline, "Wagtail's messages were still animating"
        time.sleep(0.1)
    _axe_check(page)


def _action(page, name: str):
    return page.locator(f"form[action$='/do/{name}/'] button[type=submit]")


def test_take_next_request_information_answer_propose_and_approve(
    browser, live_desk, desk_workdir, submitted_case
):
    pk, reference = submitted_case
    case_url = f"{live_desk}/admin/desk/cases/{pk}/"

    caseworker = browser.new_context(viewport={"width": 1280, "height": 900})
    page = caseworker.new_page()
    staff_sign_in(page, live_desk, "caseworker")
    page.goto(f"{live_desk}/admin/desk/new/")
    assert page.locator(f"text={reference}").count() == 1
    assert_no_serious_violations(page)

    page.click("form[action$='/new/take-next/'] button[type=submit]")
    page.wait_for_url(case_url)
    assert reference in page.locator("h1").inner_text()
    assert _status(desk_workdir, pk) == "in_review"
    assert page.locator("iframe.desk-document__frame").count() == 2
    assert_no_serious_violations(page)

    # A request without a message is refused, with the error linked to its field.
    page.fill("#id_request_information-due_on", "2099-01-31")
    _action(page, "request_information").click()
    page.locator("a[href='#id_request_information-message']").click()
    assert page.evaluate("document.activeElement.id") == "id_request_information-message"
    assert_no_serious_violations(page)

    page.fill("#id_request_information-message", "Envíe el certificado del IAE actualizado.")
    page.fill("#id_request_information-due_on", "2099-01-31")
    _action(page, "request_information").click()
    page.wait_for_url(case_url)
    assert _status(desk_workdir, pk) == "info_requested"
    page.goto(f"{live_desk}/admin/desk/waiting/")
    assert page.locator(f"text={reference}").count() == 1
    assert_no_serious_violations(page)

    applicant = browser.new_context(viewport={"width": 1280, "height": 900})
    public = applicant.new_page()
    sign_in(public, live_desk, *APPLICANT)
    request_pk = _open_request(desk_workdir, pk)
    public.goto(f"{live_desk}/es/applications/{pk}/information/{request_pk}/")
    assert "Envíe el certificado del IAE actualizado." in public.content()
    public.fill("#id_answer", "Adjunto el certificado; el alta es de 2019.")
    public.click("form.profile-form button[type=submit]")
    public.wait_for_load_state()
    assert _status(desk_workdir, pk) == "in_review"
    applicant.close()

    page.goto(case_url)
    assert "Adjunto el certificado; el alta es de 2019." in page.content()
    assert page.input_value("#id_propose-amount") in ("1250.00", "1250,00")
    _action(page, "propose").click()
    page.wait_for_url(case_url)
    assert _status(desk_workdir, pk) == "pending_approval"
    # Four eyes: the caseworker cannot approve the proposal.
    assert _action(page, "approve").count() == 0
    assert_no_serious_violations(page)
    caseworker.close()

    senior = browser.new_context(viewport={"width": 1280, "height": 900})
    page = senior.new_page()
    staff_sign_in(page, live_desk, "senior")
    page.goto(f"{live_desk}/admin/desk/pending_approval/")
    assert_no_serious_violations(page)
    page.click(f"a:has-text('{reference}')")
    page.wait_for_url(case_url)
    _action(page, "approve").click()
    page.wait_for_url(case_url)
    assert _status(desk_workdir, pk) == "approved"
    assert_no_serious_violations(page)
    page.goto(f"{live_desk}/admin/desk/ranking/")
    assert_no_serious_violations(page)
    senior.close()
