"""Benchmark of preparing an application and of its last two pages: starting the draft, check
your answers, and submitting from it.

    .venv/bin/python bench/submit.py                    # this tree, 15 drafts
    .venv/bin/python bench/submit.py --runs 25
    .venv/bin/python bench/submit.py --root /other/checkout/of/onestop

Builds a fresh SQLite database (migrated, with the demo programmes, the hospitality aid kept
open), then, `--runs` times: a new applicant and organisation answer the whole wizard for the
hospitality aid through Django's test Client (not timed), then are timed, each through the
full middleware on that fresh draft:

- starting the draft (POST to the start page): the draft made and prefilled, timed before
  the wizard is answered;
- the check page (GET): the summary of the answers and the outcome evaluated on them;
- submitting from it (POST with the declaration): the submission and its redirect;
- a trivial view (a signed-in "ok"), the baseline of the middleware and the test Client.

Prints the median and the spread of each, in ms, each median over the baseline's, and the
revisions deserialised per request.
`--root` imports another checkout's code (its settings, apps and templates) with this
script: a before/after comparison in one machine's conditions.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh drafts to time")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the checkout whose code is measured (default: this one)",
    )
    return parser.parse_args()


def django_setup(root: Path, workdir: Path) -> None:
    sys.path.insert(0, str(root))
    os.environ["DJANGO_SETTINGS_MODULE"] = "onestop.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["PRIVATE_STORAGE_ROOT"] = str(workdir / "private")
    import django

    django.setup()
    import applications

    imported = Path(applications.__file__).resolve().parents[1]
    print(f"code imported from {imported}")
    if imported != root.resolve():
        raise SystemExit(f"expected the code of {root}, not {imported}")


def trivial_urls():
    """The project's URLs, and before them one trivial view behind the sign-in."""
    import types

    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import path

    from onestop import urls

    module = types.ModuleType("bench_submit_urls")
    module.urlpatterns = [
        path("bench/trivial/", login_required(lambda request: HttpResponse("ok"))),
        *urls.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def database_prepare() -> None:
    from django.core.management import call_command

    from cms.selectors import programme_page_by_slug
    from cms.services.programme_definitions import definitions_import
    try:
        from demo.content import DEMO_PROGRAMMES_DIR
    except ImportError:  # a checkout from before demo seeding had an app of its own (--root)
        from cms.services.demo_content import DEMO_PROGRAMMES_DIR

    call_command("migrate", verbosity=0)
    definitions_import([DEMO_PROGRAMMES_DIR])
    # Kept open, so that the benchmark does not expire with the demo's window.
    page = programme_page_by_slug(PROGRAMME)
    page.definition = {**page.definition, "window": {"opens": "2020-01-01", "closes": None}}
    page.save_revision().publish()


PROGRAMME = "hospitality-direct-aid"
SITUATION = {
    "tax_obligations_current": "true",
    "social_security_current": "true",
    "debts_with_city": "false",
}


def pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def applicant(n: int):
    """A new signed-up applicant representing a new hospitality business in Deusto."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from stdnum import iban
    from stdnum.es import ccc, cif

    try:
        from organisations.models import Organisation, Representation
    except ImportError:  # a checkout from before organisations had an app of its own (--root)
        from applications.models import Organisation, Representation

    body = f"B{n:07d}"
    account = f"21000418??{n:010d}"
    bban = account.replace("??", ccc.calc_check_digits(account.replace("??", "00")))
    organisation = Organisation.objects.create(
        legal_name=f"Taberna Bench {n}",
        tax_id=body + cif.calc_check_digits(body)[0],
        legal_form="cooperative",
        iban=f"ES{iban.calc_check_digits('ES00' + bban)}{bban}",
        contact_email=f"info{n}@example.org",
        sector="hospitality",
        district="deusto",
        employees=5,
    )
    user = get_user_model().objects.create_user(username=f"bench{n}", email=f"bench{n}@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Representation.objects.create(user=user, organisation=organisation)
    return user, organisation


def draft_started(client):
    """Start the application: the draft made, prefilled from the profile, and the way to
    its first step (the request a caseworker's "preparing a draft" times)."""
    from django.urls import reverse

    return client.post(reverse("applications:apply_start", args=[PROGRAMME]))


def draft_answered(client, organisation, pdf_bytes: bytes) -> str:
    """Answer every step of the started draft; the address of the check page."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from applications.models import Application

    def step(application, name):
        return reverse("applications:application_step", kwargs={"pk": application.pk, "step": name})

    def posted(name, data):
        return {"application_wizard-current_step": name} | {
            f"{name}-{key}": value for key, value in data.items()
        }

    application = Application.objects.get(organisation=organisation)
    client.post(step(application, "organisation"), posted("organisation", {}))
    client.post(step(application, "situation"), posted("situation", SITUATION))
    client.post(step(application, "other-aid"), posted("other-aid", {"de_minimis_declared": "0"}))
    for code in ("iae", "bank_account"):
        upload = SimpleUploadedFile(f"{code}.pdf", pdf_bytes, content_type="application/pdf")
        client.post(step(application, "documents"), {"upload": code, f"{code}-file": upload})
    client.post(step(application, "documents"), {"application_wizard-current_step": "documents"})
    return reverse("applications:application_check", args=[application.pk])


_deserialised = [0]


def revisions_counted() -> None:
    """Count the revisions deserialised (`Revision.as_object`), the cost the programme of
    record avoids; the wrapper's own cost is nothing beside one."""
    from wagtail.models import Revision

    as_object = Revision.as_object

    def counted(revision):
        _deserialised[0] += 1
        return as_object(revision)

    Revision.as_object = counted


def timed(request) -> tuple[float, int, object]:
    """Milliseconds, revisions deserialised and the response of one request."""
    before = _deserialised[0]
    started = time.perf_counter()
    response = request()
    _body = response.content
    return (time.perf_counter() - started) * 1000, _deserialised[0] - before, response


def measure(runs: int) -> dict[str, list[float]]:
    from django.test import Client

    pdf_bytes = pdf()
    timings: dict[str, list[tuple[float, int]]] = {
        "trivial": [],
        "start": [],
        "check": [],
        "submit": [],
    }
    for n in range(runs + 1):  # the first one warms up: templates, caches, compiled rules
        user, organisation = applicant(n + 1)
        client = Client()
        client.force_login(user)
        *started, response = timed(lambda client=client: draft_started(client))
        assert response.status_code == 302, response.status_code
        check = draft_answered(client, organisation, pdf_bytes)
        *trivial, response = timed(lambda client=client: client.get("/bench/trivial/"))
        assert response.status_code == 200, response.status_code
        *shown, response = timed(lambda client=client, check=check: client.get(check))
        assert response.status_code == 200, response.status_code
        *sent, response = timed(
            lambda client=client, check=check: client.post(check, {"declaration": "on"})
        )
        assert response.status_code == 302, (response.status_code, response.content[-2000:])
        assert "confirmation" in response["Location"], response["Location"]
        if n:
            timings["trivial"].append(tuple(trivial))
            timings["start"].append(tuple(started))
            timings["check"].append(tuple(shown))
            timings["submit"].append(tuple(sent))
    return timings


LABELS = {
    "trivial": "trivial view (baseline)",
    "start": "prepare a draft (start the application, POST)",
    "check": "check your answers (GET)",
    "submit": "submit from the check page (POST)",
}


def main() -> int:
    args = arguments()
    with tempfile.TemporaryDirectory(prefix="onestop-bench-submit-") as workdir:
        django_setup(args.root, Path(workdir))
        from django.conf import settings

        settings.ROOT_URLCONF = trivial_urls()
        database_prepare()
        revisions_counted()
        timings = measure(args.runs)
    baseline = statistics.median(ms for ms, _read in timings["trivial"])
    print(f"{args.runs} fresh drafts, {PROGRAMME}\n")
    print("| request | median ms | min – max ms | × baseline | revisions deserialised |")
    print("|---|---:|---:|---:|---:|")
    for key in ("trivial", "start", "check", "submit"):
        values = [ms for ms, _read in timings[key]]
        read = statistics.mean(read for _ms, read in timings[key])
        median = statistics.median(values)
        print(
            f"| {LABELS[key]} | {median:.1f} | {min(values):.1f} – {max(values):.1f} "
            f"| {median / baseline:.1f} | {read:g} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
