"""Benchmark of the decision letters.

    .venv/bin/python bench/letters.py [--n 300] [--lang es] [--screenshots]

Renders N award letters (content and PDF, as the letter task does, without the database) on
one core and prints letters per second and the size of a letter. With `--screenshots` it
also writes the first page of one award letter in each language to
var/screenshots/letter-award-<lang>.png (pdftoppm, from poppler-utils), and the PDFs beside
them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere
BENCH_VAR = ROOT / "var" / "bench-letters"
# --worker: production settings (CONN_MAX_AGE, the city's PKCS#12 file, Redis cache) on the
# bench's own PostgreSQL database and Redis database, for this process and its worker alike.
WORKER_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "onestop.settings.production",
    "SECRET_KEY": "bench-letters-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "localhost",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/onestop_bench_letters",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
    "CACHE_URL": "redis://127.0.0.1:6379/13",
    "SITE_URL": "https://ayudas.example.org",
    "SIGNING_PKCS12_PATH": str(BENCH_VAR / "signing.p12"),
    "SIGNING_PKCS12_PASSWORD": "bench-letters",
    "PRIVATE_STORAGE_ROOT": str(BENCH_VAR / "private"),
    "LOG_LEVEL": "WARNING",
}
if "--worker" in sys.argv:  # before Django reads its settings
    for name, value in WORKER_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings.test")

import django  # noqa: E402

django.setup()

from applications.models import Application
from letters.models import LetterKind, LetterTemplate
from letters.models.letters import verification_code_new  # noqa: E402
from letters.rendering import (  # noqa: E402
    LetterFacts,
    Letterhead,
    letter_content_build,
    letter_pdf,
)
from organisations.models import Organisation

SCREENSHOTS = ROOT / "var" / "screenshots"
TARGET = 50  # letters per second on one core

TITLES = {
    "es": "Ayuda directa a la hostelería",
    "eu": "Ostalaritzarako zuzeneko laguntza",
    "en": "Direct aid for hospitality",
}


def default_template(kind: str) -> LetterTemplate:
    """The default paragraphs the migration installs, without the database."""
    import importlib

    migration = importlib.import_module("applications.migrations.0005_letters")
    fields = {
        f"{name}_{language}": text
        for name, texts in migration.DEFAULT_TEMPLATES[kind].items()
        for language, text in texts.items()
    }
    return LetterTemplate(programme_slug="", kind=kind, **fields)


def sample_application(n: int, language: str, **fields) -> Application:
    organisation = Organisation(
        legal_name=f"Txurdinaga Begoña Kooperatiba Elkartea {n}",
        tax_id="F95123456",
        street="Zabalbide kalea, 12, behea",
        postcode="48006",
        city="Bilbao",
    )
    return Application(
        organisation=organisation,
        programme_slug="hospitality-direct-aid",
        language=language,
        reference=f"BIO-2026-{n:06d}",
        submitted_at=dt.datetime(2026, 1, 20, 10, 30, tzinfo=dt.UTC),
        programme_definition={
            "slug": "hospitality-direct-aid",
            "title": TITLES,
            "benefit": "grant",
            "unit": "EUR",
        },
        awarded_amount=Decimal("1250.00"),
        decided_at=dt.datetime(2026, 2, 3, 9, 0, tzinfo=dt.UTC),
        **fields,
    )


LETTERHEAD = Letterhead(
    authority="Ayuntamiento de Bilbao · Bilboko Udala",
    city="Bilbao",
    address_lines=("Plaza Ernesto Erkoreka, 1", "48007 Bilbao", "www.bilbao.eus"),
    signatory_name="Ane Etxeberria Ibáñez",
    signatory_position="Concejala delegada de Economía Social",
)


def render_one(n: int, language: str, template: LetterTemplate) -> bytes:
    content = letter_content_build(
        application=sample_application(n, language),
        facts=LetterFacts(
            kind=LetterKind.AWARD, code=verification_code_new(), issued_on=dt.date(2026, 2, 3)
        ),
        letterhead=LETTERHEAD,
        template=template,
    )
    return letter_pdf(content)


def bench(n: int, language: str) -> tuple[float, float, list[int]]:
    """Best of three runs: letters per second of wall time, and per second of this process's
    CPU time (what one core does, whatever else the machine is running)."""
    template = default_template(LetterKind.AWARD)
    render_one(0, language, template)  # fonts and styles are set up once per process
    wall_rates, cpu_rates = [], []
    sizes: list[int] = []
    for _run in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        sizes = [len(render_one(i, language, template)) for i in range(n)]
        wall_rates.append(n / (time.perf_counter() - wall))
        cpu_rates.append(n / (time.process_time() - cpu))
    return max(wall_rates), max(cpu_rates), sizes


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def screenshots() -> list[Path]:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing: apt-get install -y poppler-utils")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    template = default_template(LetterKind.AWARD)
    written = []
    for language in ("es", "eu", "en"):
        pdf = SCREENSHOTS / f"letter-award-{language}.pdf"
        pdf.write_bytes(render_one(123, language, template))
        stem = SCREENSHOTS / f"letter-award-{language}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
            check=True,
        )
        written.append(stem.with_suffix(".png"))
    return written


# --- letters issued in this process and by one worker ----------------------------------------

WORKER_TARGET = 0.7  # the worker's rate, at least this share of the in-process rate
RSS_GROWTH_TARGET_MIB = 5.0
BENCH_TAX_ID = "F95123456"


def letters_owed(count: int) -> list[int]:
    """`count` approved applications of one organisation, each owing its award letter: the
    ids of their outbox rows, written but not queued."""
    from django.db import transaction

    from applications.constants import ApplicationStatus, OutboxKind
    from applications.services import outbox
    from letters.services import letters

    organisation, _ = Organisation.objects.get_or_create(
        tax_id=BENCH_TAX_ID,
        defaults={
            "legal_name": "Txurdinaga Begoña Kooperatiba Elkartea",
            "street": "Zabalbide kalea, 12, behea",
            "postcode": "48006",
            "city": "Bilbao",
            "contact_email": "bench@example.org",
        },
    )
    start = Application.objects.count()
    applications = []
    for index in range(count):
        application = sample_application(
            start + index,
            "es",
            status=ApplicationStatus.APPROVED,
            computed_amount=Decimal("1250.00"),
        )
        application.organisation = organisation
        application.reference = f"BEN-2026-{start + index:06d}"
        applications.append(application)
    with transaction.atomic():
        applications = Application.objects.bulk_create(applications, batch_size=1000)
        return [
            outbox.outbox_entry_owe(
                application=application,
                kind=OutboxKind.LETTER,
                subkind=LetterKind.AWARD,
                source_key=letters.decision_key(application),
                queue=False,
            ).pk
            for application in applications
        ]


def bench_database_reset() -> None:
    """Start from no bench applications, letters or messages, and the city's certificate."""
    from django.db import connection

    from applications.models import OutboxEntry
    from letters.models import Letter
    from letters.services.signing import self_signed_pkcs12

    tables = [model._meta.db_table for model in (Application, Letter, OutboxEntry)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    shutil.rmtree(BENCH_VAR / "private", ignore_errors=True)
    certificate = Path(WORKER_ENVIRONMENT["SIGNING_PKCS12_PATH"])
    if not certificate.exists():
        certificate.parent.mkdir(parents=True, exist_ok=True)
        certificate.write_bytes(
            self_signed_pkcs12(
                common_name="Bench Bilbao",
                password=WORKER_ENVIRONMENT["SIGNING_PKCS12_PASSWORD"].encode(),
            )
        )
    broker_flush()


def broker_flush() -> None:
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


def done_among(entry_ids: list[int]) -> int:
    from applications.constants import OutboxState
    from applications.models import OutboxEntry

    return OutboxEntry.objects.filter(
        pk__range=(entry_ids[0], entry_ids[-1]), state=OutboxState.DONE
    ).count()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def worker_start(log: Path) -> tuple[subprocess.Popen, str]:
    """One `celery -A onestop worker` on the default queue, a prefork pool of one child."""
    from onestop.celery import app

    node = f"bench-letters-{os.getpid()}@localhost"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "onestop", "worker", "-Q", "celery"]
            + ["--pool=prefork", "--concurrency=1", "--hostname", node]
            + ["--without-gossip", "--without-mingle", "--loglevel=WARNING"],
            cwd=ROOT,
            env={**os.environ},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 90
    while not app.control.ping(destination=[node], timeout=1):
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"the worker did not start:\n{log.read_text()[-3000:]}")
    return worker, node


def bench_worker(n: int, in_process: int) -> None:
    from applications.services import outbox
    from letters.tasks import letter_issue_task

    bench_database_reset()
    # In this process: the outbox row's run, as the task does it, minus Celery.
    entries = letters_owed(in_process + 1)
    outbox.outbox_entry_run(entry_id=entries[0])  # fonts, styles, the certificate: once
    wall, cpu = time.perf_counter(), time.process_time()
    for entry_id in entries[1:]:
        outbox.outbox_entry_run(entry_id=entry_id)
    in_wall = time.perf_counter() - wall
    in_cpu = time.process_time() - cpu
    in_rate = in_process / in_wall
    print(
        f"in process: {in_process:,} letters in {in_wall:.1f} s: {in_rate:.1f} letters/s "
        f"of wall time, {in_process / in_cpu:.1f} of CPU time (load {load_average()})"
    )

    entries = letters_owed(n + 1)
    broker_flush()  # the decision e-mails the letters above queued: no worker serves them
    worker, _node = worker_start(BENCH_VAR / "worker.log")
    try:
        (child,) = pool_children(worker.pid)
        letter_issue_task.delay(entries[0])  # its first letter sets up as this process's did
        while done_among(entries[:1]) < 1:
            time.sleep(0.05)
        rss_start = rss_kib(child)
        wall = time.perf_counter()
        for entry_id in entries[1:]:
            letter_issue_task.delay(entry_id)
        queued = time.perf_counter() - wall
        samples: dict[int, int] = {}
        mark = 1000 if n > 1000 else n
        last = 0
        while True:
            done = done_among(entries[1:])
            if done >= mark and mark not in samples:
                samples[mark] = rss_kib(child)
            if done >= n:
                break
            if worker.poll() is not None:
                sys.exit("the worker exited: see var/bench-letters/worker.log")
            if done == last:
                time.sleep(0.2)
            last = done
            time.sleep(0.05)
        worker_wall = time.perf_counter() - wall
        samples[n] = rss_kib(child)
        assert pool_children(worker.pid) == [child], "the pool child was replaced mid-run"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        broker_flush()
    worker_rate = n / worker_wall
    ratio = worker_rate / in_rate
    print(
        f"one worker (prefork, concurrency 1): {n:,} letters in {worker_wall:.1f} s "
        f"(queueing them took {queued:.1f} s of it): {worker_rate:.1f} letters/s of wall time "
        f"(load {load_average()})"
    )
    print(
        f"worker / in process: {ratio:.2f} (target >= {WORKER_TARGET}: "
        f"{'met' if ratio >= WORKER_TARGET else 'NOT met'})"
    )
    first_mark = min(samples)
    print(
        f"worker child RSS: {rss_start / 1024:.1f} MiB after its first letter, "
        + ", ".join(f"{kib / 1024:.1f} MiB after {done:,}" for done, kib in sorted(samples.items()))
    )
    growth = (samples[n] - samples[first_mark]) / 1024
    print(
        f"RSS growth from letter {first_mark:,} to {n:,}: {growth:+.1f} MiB "
        f"(target < {RSS_GROWTH_TARGET_MIB}: "
        f"{'met' if growth < RSS_GROWTH_TARGET_MIB else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--lang", default="es", choices=["es", "eu", "en"])
    parser.add_argument("--screenshots", action="store_true")
    parser.add_argument(
        "--worker",
        action="store_true",
        help="issue letters (database, PDF, signature, storage) in this process, then through "
        "one Celery worker, and compare; PostgreSQL onestop_bench_letters, Redis db 13",
    )
    parser.add_argument("--in-process", type=int, default=1000, help="with --worker")
    args = parser.parse_args()
    if args.worker:
        bench_worker(args.n, args.in_process)
        return
    wall_rate, cpu_rate, sizes = bench(args.n, args.lang)
    print(f"{args.n} award letters ({args.lang}), best of 3 runs, one process")
    print(f"letters per second of CPU time (one core): {cpu_rate:,.0f} (target {TARGET})")
    print(f"letters per second of wall time: {wall_rate:,.0f} (load average {load_average()})")
    print(
        f"size of a letter: {statistics.median(sizes) / 1024:.1f} KiB "
        f"(min {min(sizes):,} B, max {max(sizes):,} B)"
    )
    if args.screenshots:
        for path in screenshots():
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
