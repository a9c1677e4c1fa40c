"""What if: a draft definition run against the frozen answers of past applications, by the
service, by `manage.py whatif` and from the programme editor in the admin."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.services.submission import application_submit
from applications.services.whatif import UnknownProgramme, programme_whatif
from applications.services.whatif_runs import whatif_run, whatif_run_start
from cms.roles import POLICY_EDITORS
from cms.selectors import programme_page_by_slug
from eligibility.engine import InvalidDefinition
from tests.applications.submission_helpers import IN_WINDOW, definition, draft, publish
from tests.factories.applications import SubmittedApplicationFactory
from tests.helpers import admin_staff, caseworker

pytestmark = pytest.mark.django_db

# Three applicants of the test aid (100 EUR per employee, at least one employee).
STAFF = (1, 5, 12)
QUESTION = {
    "name": "venue_seats",
    "type": "int",
    "min": 0,
    "label": {"es": "Plazas del local", "en": "Seats"},
}


def submitted(employees: int, *, slug: str = "test-aid", **answers):
    application, user = draft(
        slug=slug, answers={"employees": employees, "tax_obligations_current": True, **answers}
    )
    return application_submit(application=application, user=user, as_of=IN_WINDOW)


@pytest.fixture
def past():
    """The test aid published and three applications submitted to it, all eligible."""
    publish()
    return [submitted(employees) for employees in STAFF]


def tightened(**changes) -> dict:
    """The test aid with at least 3 employees required instead of 1."""
    rules = {
        "all": [
            {"id": "staff", "fact": "employees", "op": "gte", "value": 3},
            {"id": "tax", "fact": "tax_obligations_current", "op": "is_true"},
        ]
    }
    return definition(eligibility=rules, **changes)


# --- the service ------------------------------------------------------------------------


def test_the_published_rules_again_change_nothing(past):
    report = programme_whatif(definition=definition(), against="test-aid")

    assert report.applications == 3
    assert dict(report.before) == {"eligible": 3}
    assert dict(report.after) == {"eligible": 3}
    assert report.changed_count == 0 and report.changes == []
    assert report.total_before == report.total_after == Decimal("1800.00")
    assert report.budget is None and report.over_budget is None


def test_a_tightened_rule_makes_the_small_applicant_ineligible_and_lists_it(past):
    small = past[0]

    report = programme_whatif(definition=tightened(budget="1500.00"), against="test-aid")

    assert dict(report.after) == {"eligible": 2, "ineligible": 1}
    assert report.changed_count == 1
    (change,) = report.changes
    assert change.reference == small.reference
    assert (change.outcome_before, change.amount_before) == ("eligible", Decimal("100.00"))
    assert (change.outcome_after, change.amount_after) == ("ineligible", None)
    assert report.total_after == Decimal("1700.00")
    assert report.over_budget == Decimal("200.00")
    data = report.as_dict()
    assert data["before"] == {"eligible": 3, "ineligible": 0, "needs_info": 0}
    assert data["after"] == {"eligible": 2, "ineligible": 1, "needs_info": 0}
    assert data["changed"]["shown"][0]["before"] == {"outcome": "eligible", "amount": "100.00"}
    assert data["budget"] == "1500.00" and data["over_budget"] == "200.00"


def test_an_amount_change_lists_every_application_with_both_amounts(past):
    report = programme_whatif(
        definition=definition(amount={"mul": [{"fact": "employees"}, "150"]}),
        against="test-aid",
    )

    assert report.changed_count == 3
    assert [(c.amount_before, c.amount_after) for c in report.changes] == [
        (Decimal("100.00"), Decimal("150.00")),
        (Decimal("500.00"), Decimal("750.00")),
        (Decimal("1200.00"), Decimal("1800.00")),
    ]
    assert {c.outcome_after for c in report.changes} == {"eligible"}


def test_the_amount_before_is_the_one_the_desk_awarded(past):
    # The desk awarded the middle one less than computed: the published rules "change" it.
    past[1].awarded_amount = Decimal("400.00")
    past[1].save(update_fields=["awarded_amount"])

    report = programme_whatif(definition=definition(), against="test-aid")

    (change,) = report.changes
    assert change.reference == past[1].reference
    assert (change.amount_before, change.amount_after) == (Decimal("400.00"), Decimal("500.00"))


def test_the_list_of_changes_is_capped_but_the_count_is_not(past):
    report = programme_whatif(
        definition=definition(amount="1"), against="test-aid", changes_shown=2
    )

    assert report.changed_count == 3
    assert len(report.changes) == 2
    assert report.as_dict()["changed"]["truncated"] is True


def aged(years: int) -> dict:
    rules = {
        "all": [
            {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
            {"id": "tax", "fact": "tax_obligations_current", "op": "is_true"},
            {"id": "age", "fact": "years_active", "op": "gte", "value": years},
        ]
    }
    return definition(eligibility=rules)


def test_applications_are_evaluated_as_of_their_own_day_or_the_day_chosen(db):
    publish(**{key: value for key, value in aged(0).items() if key == "eligibility"})
    # Founded a year before it applied (on IN_WINDOW, 2026-06-01).
    application = submitted(4, founded_on="2025-06-01")

    own_day = programme_whatif(definition=aged(1), against="test-aid")
    assert own_day.as_of is None
    assert dict(own_day.after) == {"eligible": 1}
    assert own_day.changed_count == 0

    earlier = programme_whatif(
        definition=aged(1), against="test-aid", as_of=IN_WINDOW.replace(month=3)
    )
    assert earlier.as_dict()["as_of"] == "2026-03-01"
    assert dict(earlier.after) == {"ineligible": 1}
    assert [change.reference for change in earlier.changes] == [application.reference]


def test_against_another_programme_its_own_answers_are_used_and_its_questions_left_out(past):
    publish(slug="other-aid", one_per="organisation", questions=[QUESTION])
    other = [submitted(employees, slug="other-aid", venue_seats=40) for employees in (2, 8)]

    report = programme_whatif(definition=tightened(), against="other-aid")

    assert report.against == "other-aid" and report.programme == "test-aid"
    assert report.applications == 2
    assert dict(report.after) == {"ineligible": 1, "eligible": 1}
    assert [change.reference for change in report.changes] == [other[0].reference]


def test_an_answer_the_draft_no_longer_accepts_needs_information(past):
    publish(slug="other-aid", questions=[QUESTION])
    application = submitted(5, slug="other-aid", venue_seats=40)
    stricter = {**QUESTION, "max": 30}

    report = programme_whatif(
        definition=definition(slug="other-aid", questions=[stricter]), against="other-aid"
    )

    assert dict(report.after) == {"needs_info": 1}
    assert report.refused_answers == 1
    (change,) = report.changes
    assert change.reference == application.reference
    assert "venue_seats" in change.refused_answer


def test_an_invalid_definition_is_refused_with_every_error_at_its_path(past):
    broken = definition(
        eligibility={"all": [{"id": "staff", "fact": "employees", "op": "gte", "value": "x"}]},
        budget="-5",
    )

    with pytest.raises(InvalidDefinition) as caught:
        programme_whatif(definition=broken, against="test-aid")

    paths = {error.path for error in caught.value.errors}
    assert "budget" in paths
    assert any(path.startswith("eligibility.all[0]") for path in paths)


def test_an_unknown_programme_is_refused(past):
    with pytest.raises(UnknownProgramme, match="no-such-aid"):
        programme_whatif(definition=definition(), against="no-such-aid")


def test_older_frozen_evaluations_without_a_date_use_the_submission_day(past):
    SubmittedApplicationFactory(
        programme_slug="test-aid",
        submitted_answers={"employees": 2, "tax_obligations_current": True},
        computed_amount="200.00",
        evaluation={"outcome": "eligible", "amount": "200.00"},
    )

    report = programme_whatif(definition=definition(), against="test-aid")

    assert report.applications == 4
    assert report.changed_count == 0


# --- the command ------------------------------------------------------------------------


def run_command(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("whatif", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def draft_file(tmp_path):
    def write(document) -> str:
        path = tmp_path / "draft.json"
        text = document if isinstance(document, str) else json.dumps(document)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_the_command_prints_a_table(past, draft_file):
    code, out, err = run_command(draft_file(tightened(budget="1500.00")), "--against", "test-aid")

    assert code == 0, err
    assert "3 applications" in out
    assert "eligible" in out and "ineligible" in out
    assert past[0].reference in out
    assert "eligible 100.00" in out
    assert "total amount after:  1700.00 EUR" in out
    assert "200.00 EUR over it" in out


def test_the_command_prints_json(past, draft_file):
    code, out, _ = run_command(draft_file(tightened()), "--against", "test-aid", "--json")

    assert code == 0
    data = json.loads(out)
    assert data["after"] == {"eligible": 2, "ineligible": 1, "needs_info": 0}
    assert data["changed"]["count"] == 1
    assert data["changed"]["shown"][0]["reference"] == past[0].reference


def test_the_command_takes_a_day_for_every_application(past, draft_file):
    code, out, _ = run_command(
        draft_file(definition()), "--against", "test-aid", "--as-of", "2026-03-01", "--json"
    )
    assert code == 0
    assert json.loads(out)["as_of"] == "2026-03-01"


def test_the_command_refuses_an_invalid_definition_naming_its_paths(past, draft_file):
    code, out, err = run_command(draft_file(definition(budget="-5")), "--against", "test-aid")

    assert code == 2
    assert out == ""
    assert "budget: must not be negative" in err


def test_the_command_refuses_a_file_that_is_not_json(past, draft_file):
    code, _, err = run_command(draft_file('{"slug": "x",}'), "--against", "test-aid")

    assert code == 2
    assert "cannot read the programme" in err and "line 1" in err


def test_the_command_refuses_an_unknown_programme(past, draft_file):
    code, _, err = run_command(draft_file(definition()), "--against", "no-such-aid")

    assert code == 2
    assert "--against" in err and "no-such-aid" in err


# --- the programme editor ---------------------------------------------------------------


def editor(**fields):
    return admin_staff(POLICY_EDITORS, **fields)


def whatif_url(page) -> str:
    return reverse("whatif:start", args=[page.pk])


def draft_saved(changes, *, clean=True) -> object:
    """A new draft revision of the test aid's page, not published (`clean=False`: one the
    editor would refuse, as older revisions may be)."""
    page = programme_page_by_slug("test-aid")
    latest = page.get_latest_revision_as_object()
    latest.definition = changes
    latest.save_revision(clean=clean)
    return page


def test_an_editor_runs_what_if_on_the_draft_and_sees_the_changes(
    client, past, django_capture_on_commit_callbacks
):
    page = draft_saved(tightened())
    client.force_login(editor())

    form = client.get(whatif_url(page))
    assert form.status_code == 200
    assert 'value="test-aid" selected' in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(whatif_url(page), {"against": "test-aid"})
    response = client.get(started["Location"])

    assert response.status_code == 200
    html = response.content.decode()
    assert past[0].reference in html
    assert response.context["run"]["status"] == "done"
    assert response.context["report"]["after"]["ineligible"] == 1


def test_the_progress_endpoint_answers_json(client, past, django_capture_on_commit_callbacks):
    user = editor()
    client.force_login(user)
    page = draft_saved(tightened())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(whatif_url(page), {"against": "test-aid"})
    run_url = response["Location"]
    run_id = run_url.rstrip("/").rsplit("/", 1)[-1]

    status = client.get(reverse("whatif:status", args=[run_id]))

    assert status.status_code == 200
    assert status["Content-Type"].startswith("application/json")
    assert status.json() == {
        "id": run_id,
        "status": "done",
        "finished": True,
        "done": 3,
        "total": 3,
        "percent": 100,
    }


def test_a_queued_run_shows_its_progress_with_a_refresh_link_and_the_script(client, past):
    user = editor()
    client.force_login(user)
    page = programme_page_by_slug("test-aid")
    # Not run yet: the task is queued only when the transaction commits.
    run_id = whatif_run_start(user=user, page_id=page.pk, definition=definition(), against="x")

    response = client.get(reverse("whatif:run", args=[run_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("whatif:run", args=[run_id]) in html  # the refresh link, without JS
    assert "applications/whatif-progress.js" in html
    assert 'data-whatif-status="' + reverse("whatif:status", args=[run_id]) in html
    assert whatif_run(run_id)["status"] == "queued"


def test_another_programme_can_be_chosen_and_a_date(
    client, past, django_capture_on_commit_callbacks
):
    publish(slug="other-aid", questions=[QUESTION])
    submitted(2, slug="other-aid", venue_seats=3)
    page = draft_saved(tightened())
    client.force_login(editor())

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(whatif_url(page), {"against": "other-aid", "as_of": "2026-05-01"})
    response = client.get(started["Location"])

    report = response.context["report"]
    assert (report["against"], report["as_of"], report["applications"]) == (
        "other-aid",
        "2026-05-01",
        1,
    )
    assert report["after"]["ineligible"] == 1


def test_an_invalid_draft_shows_its_errors_and_runs_nothing(client, past):
    page = draft_saved(definition(budget="-5"), clean=False)
    client.force_login(editor())

    response = client.get(whatif_url(page))

    assert response.status_code == 200
    assert "budget: must not be negative" in response.content.decode()
    response = client.post(whatif_url(page), {"against": "test-aid"})
    assert response.status_code == 200
    assert "budget: must not be negative" in response.content.decode()


def test_the_screens_speak_the_staff_members_admin_language(client, past):
    from tests.helpers import admin_language_set

    page = draft_saved(tightened())
    user = editor()
    client.force_login(user)
    for language in ("en", "es"):
        admin_language_set(user, language)
        html = client.get(whatif_url(page)).content.decode()
        assert f'<html lang="{language}"' in html
        assert "What if" in html or "Qué pasaría si" in html


def test_the_page_header_offers_what_if_to_editors(client, past):
    page = programme_page_by_slug("test-aid")
    client.force_login(editor())

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert whatif_url(page) in response.content.decode()


@pytest.mark.parametrize("who", ["applicant", "caseworker"])
def test_people_without_rights_on_programme_pages_are_refused(client, past, who):
    page = draft_saved(tightened())
    user = past[0].created_by if who == "applicant" else caseworker(is_staff=True)
    if who == "caseworker":
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    for response in (
        client.get(whatif_url(page)),
        client.post(whatif_url(page), {"against": "test-aid"}),
    ):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            # Out of the admin (to its login), or back to its home with a message.
            assert response["Location"].split("?")[0] in ("/admin/login/", "/admin/")


def test_someone_elses_run_is_not_found(client, past):
    owner = editor()
    page = programme_page_by_slug("test-aid")
    run_id = whatif_run_start(user=owner, page_id=page.pk, definition=definition(), against="x")
    client.force_login(editor())

    for url in (reverse("whatif:run", args=[run_id]), reverse("whatif:status", args=[run_id])):
        assert client.get(url, follow=True).status_code == 404
