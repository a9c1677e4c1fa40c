"""Launch day: thousands of applicants press "Submit" within minutes.

    .venv/bin/python bench/surge.py                          # 5,000 drafts, 50 clients
    .venv/bin/python bench/surge.py --n 1000 --concurrency 20
    .venv/bin/python bench/surge.py --workers 4              # gunicorn workers

Sets up the whole scene on the local PostgreSQL (database `onestop_bench_surge`, made anew)
and Redis (database 10, emptied): N organisations, each with a signed-in applicant and a
complete draft of the hospitality aid made through the project's services (the answers of
every step and two PDF documents); gunicorn with the production settings; one Celery worker
serving both queues (the receipts' letters and the e-mails). Then fires the N final submits
(the check page's POST with the declaration) from C concurrent clients, in slices, each
slice followed by as many requests of a trivial view through the same middleware (hello)
at the same concurrency. Then waits for the worker and checks that nothing was lost: every
draft submitted exactly once, the references gapless from 1 to N, one registry entry and
one e-mail (sent) per application.

The last line:
`submissions/s S; hello req/s H; ratio R; p95 P ms; lost L; duplicated D`
"""

from __future__ import annotations

import argparse
import io
import secrets
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scene import Request, Scene, children_rss_kib, interleaved, warm  # noqa: E402

PROGRAMME = "hospitality-direct-aid"
STEPS = [
    ("organisation", {}),
    (
        "situation",
        {
            "tax_obligations_current": True,
            "social_security_current": True,
            "debts_with_city": False,
        },
    ),
    ("other-aid", {"de_minimis_declared": 0}),
]
DOCUMENTS = ("iae", "bank_account")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="drafts submitted")
    parser.add_argument("--concurrency", type=int, default=50, help="clients in flight")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--phases", type=int, default=10, help="slices of submits")
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="the Celery worker's niceness (0: none)"
    )
    parser.add_argument("--database", default="onestop_bench_surge")
    parser.add_argument("--redis-db", type=int, default=10)
    return parser.parse_args()


def programme_prepare() -> None:
    from cms.selectors import programme_page_by_slug
    from demo.content import demo_load

    demo_load()  # the site, its pages and settings, the demo programmes
    # Kept open, so that the benchmark does not expire with the demo's window.
    page = programme_page_by_slug(PROGRAMME)
    page.definition = {**page.definition, "window": {"opens": "2020-01-01", "closes": None}}
    page.save_revision().publish()


def pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def drafts_make(numbers: range) -> list[tuple[str, str, str]]:
    """Make the organisations, applicants, complete drafts and sessions numbered `numbers`
    through the project's services; (check page path, session key, CSRF secret) of each."""
    import django

    django.setup()
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.urls import reverse
    from django.utils import translation
    from stdnum import iban
    from stdnum.es import ccc, cif

    from applications.accounts.second_factor import NO_SECOND_FACTOR_SESSION_KEY
    from applications.services.documents import document_add
    from applications.services.drafts import draft_save_step, draft_start
    from organisations.models import Organisation, Representation

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    connection.close()  # a forked process opens its own
    pdf_bytes = pdf()
    made = []
    translation.activate("es")
    for n in numbers:
        body = f"B{n:07d}"
        account = f"21000418??{n:010d}"
        bban = account.replace("??", ccc.calc_check_digits(account.replace("??", "00")))
        organisation = Organisation.objects.create(
            legal_name=f"Taberna Surge {n}",
            tax_id=body + cif.calc_check_digits(body)[0],
            legal_form="cooperative",
            iban=f"ES{iban.calc_check_digits('ES00' + bban)}{bban}",
            contact_email=f"info{n}@example.org",
            sector="hospitality",
            district="deusto",
            employees=5,
        )
        user = get_user_model().objects.create_user(
            username=f"surge{n}", email=f"surge{n}@example.org"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Representation.objects.create(user=user, organisation=organisation)
        draft = draft_start(organisation=organisation, programme_slug=PROGRAMME, user=user)
        for step, answers in STEPS:
            draft_save_step(application=draft, user=user, step=step, answers=answers)
        for code in DOCUMENTS:
            upload = SimpleUploadedFile(f"{code}.pdf", pdf_bytes, content_type="application/pdf")
            document_add(application=draft, user=user, code=code, uploaded_file=upload)
        draft_save_step(application=draft, user=user, step="documents", answers={})
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # As the applicant's first page after signing in leaves it: no second factor to ask
        # for. The session's refresh stamp is not set: every submit writes its session, as
        # it does for an applicant who spent more than SESSION_REFRESH_SECONDS on the check
        # page.
        session[NO_SECOND_FACTOR_SESSION_KEY] = True
        session.create()
        made.append(
            (
                reverse("applications:application_check", args=[draft.pk]),
                session.session_key,
                secrets.token_hex(16),
            )
        )
    return made


def integrity(n: int) -> dict[str, int]:
    """What the database says once the worker is idle: lost, duplicated and the rest."""
    from django.db.models import Count

    from applications.models import Application, OutboxEntry, RegistryEntry

    applications = Application.objects.filter(programme_slug=PROGRAMME)
    submitted = applications.exclude(status="draft")
    numbers = sorted(
        int(ref.rsplit("-", 1)[-1]) for ref in submitted.values_list("reference", flat=True)
    )
    per_organisation = (
        applications.values("organisation").annotate(c=Count("id")).filter(c__gt=1).count()
    )
    emails = OutboxEntry.objects.filter(kind="email", subkind="submission_received")
    return {
        "submitted": submitted.count(),
        "drafts left": applications.filter(status="draft").count(),
        "organisations with two applications": per_organisation,
        "references gapless": int(numbers == list(range(1, len(numbers) + 1))),
        "duplicate references": len(numbers) - len(set(numbers)),
        "registry entries": RegistryEntry.objects.filter(kind="submission").count(),
        "e-mails owed": emails.count(),
        "e-mails sent": emails.filter(state="done").count(),
        "receipts issued": OutboxEntry.objects.filter(kind="letter", state="done").count(),
    }


def worker_idle(timeout: float = 900) -> float:
    from applications.models import OutboxEntry

    started = time.monotonic()
    while OutboxEntry.objects.exclude(state="done").exists():
        if time.monotonic() - started > timeout:
            break
        time.sleep(1)
    return time.monotonic() - started


def main() -> int:
    args = arguments()
    scene = Scene(database=args.database, redis_db=args.redis_db)
    try:
        started = time.monotonic()
        scene.prepare()
        programme_prepare()
        from django.db import connection

        connection.close()
        numbers = list(range(1, args.n + 2))  # the first one warms the workers up
        chunks = [
            range(numbers[i], numbers[min(i + 250, len(numbers)) - 1] + 1)
            for i in range(0, len(numbers), 250)
        ]
        with ProcessPoolExecutor(max_workers=2) as pool:
            made = [item for chunk in pool.map(drafts_make, chunks) for item in chunk]
        print(f"scene: {args.n} drafts in {time.monotonic() - started:.0f} s", flush=True)

        from django.conf import settings

        session_cookie, csrf_cookie = settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME

        def submit(item) -> Request:
            path, session_key, csrf = item
            return Request(
                "POST",
                path,
                cookies={session_cookie: session_key, csrf_cookie: csrf},
                data={"csrfmiddlewaretoken": csrf, "declaration": "on"},
                expect=302,
            )

        def hello(i: int) -> Request:
            _path, session_key, csrf = made[i % len(made)]
            return Request("GET", "/bench/hello/", cookies={session_cookie: session_key})

        gunicorn = scene.gunicorn(workers=args.workers, threads=args.threads)
        scene.worker(nice=args.worker_nice)
        warm(scene, [submit(made[0])] + [hello(i) for i in range(200)])
        figures, baseline = interleaved(
            scene,
            [submit(item) for item in made[1:]],
            hello,
            concurrency=args.concurrency,
            phases=args.phases,
            hello_per_phase=max(args.n // args.phases, 200),
        )
        rss = children_rss_kib(gunicorn.pid)
        waited = worker_idle()
        report = integrity(args.n + 1)
        report["submitted"] -= 1  # the warm-up's
        report["registry entries"] -= 1
        lost = args.n - report["submitted"]
        duplicated = report["organisations with two applications"] + report["duplicate references"]
        print(f"unexpected responses: {len(figures.unexpected)} {figures.unexpected[:5]}")
        print(f"hello unexpected: {len(baseline.unexpected)} {baseline.unexpected[:3]}")
        for name, value in report.items():
            print(f"{name}: {value}")
        print(f"worker drained the outbox {waited:.0f} s after the last submit")
        print(f"gunicorn workers' RSS (MiB): {[round(k / 1024, 1) for k in rss.values()]}")
        print(
            f"submit p50 {figures.p50:.0f} ms; hello p50 {baseline.p50:.0f} ms, "
            f"p95 {baseline.p95:.0f} ms; gunicorn {args.workers} workers x {args.threads} threads; "
            f"{args.concurrency} clients"
        )
        print(
            f"submissions/s {figures.rate:.1f}; hello req/s {baseline.rate:.1f}; "
            f"ratio {figures.rate / baseline.rate:.3f}; p95 {figures.p95:.0f} ms; "
            f"lost {lost}; duplicated {duplicated}"
        )
        return 0 if lost == 0 and duplicated == 0 else 1
    finally:
        scene.stop()


if __name__ == "__main__":
    sys.exit(main())
