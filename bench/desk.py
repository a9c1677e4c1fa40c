"""Benchmark of the caseworker desk's queue pages on a PostgreSQL database of 100,000
applications.

    .venv/bin/python bench/desk.py                        # seed if needed, then measure
    .venv/bin/python bench/desk.py --n 100000 --runs 15 --reseed
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/desk.py

The database (default postgres://postgres@127.0.0.1:5432/onestop_bench) is created if it is
missing, migrated, given the demo programmes, and seeded with `bulk_create`: organisations of
every legal form and district, and N submitted applications spread over the five demo
programmes, every desk status, four months of submission dates and twenty caseworkers. Then
each queue page is requested through Django's test Client as a signed-in caseworker (the
first page, filtered, searched, sorted, a deep page, and exports of a filtered set), after
one warm-up request, `--runs` times; the median and 95th percentile response times, the
number of SQL queries and the rows listed are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/onestop_bench"
CASEWORKERS = 20
COPY_CHUNK = 10_000  # rows per write to the COPY stream
NULL = r"\N"  # in COPY's text format

PROGRAMMES = {
    # slug: (share of applications, amounts the rules give)
    "hospitality-direct-aid": (0.40, ("1000.00", "1250.00", "1500.00")),
    "rental-subsidy": (0.25, ("1200.00", "1800.00", "2400.00", "3000.00", "3600.00")),
    "municipal-fee-rebate": (0.15, ("150.00", "300.00", "450.00")),
    "bono-denda-merchants": (0.12, ("500.00", "2500.00", "5000.00")),
    "digital-consultancy": (0.08, ("2000.00", "4000.00", "6000.00")),
}
STATUSES = {
    # status: share; assigned to a caseworker unless new
    "submitted": 0.25,
    "in_review": 0.22,
    "info_requested": 0.10,
    "pending_approval": 0.06,
    "waitlisted": 0.03,
    "approved": 0.20,
    "rejected": 0.08,
    "withdrawn": 0.03,
    "closed": 0.03,
}
LEGAL_FORMS = (
    "cooperative",
    "labour_company",
    "insertion_company",
    "special_employment_centre",
    "mutual",
    "association",
    "foundation",
    "sole_trader",
    "partnership",
    "limited_company",
)
DISTRICTS = (
    "abando",
    "basurto-zorroza",
    "begona",
    "deusto",
    "errekalde",
    "ibaiondo",
    "otxarkoaga-txurdinaga",
    "uribarri",
    "outside",
)
NAME_PARTS = (
    ("Taberna", "Jatetxe", "Ostatu", "Denda", "Kafetegia", "Liburudenda", "Tailerra"),
    ("Zazpi Kaleak", "Deusto", "Arenal", "Indautxu", "Santutxu", "Otxarkoaga", "Zorrotza"),
    ("S.Coop.", "S.L.", "S.L.L.", "Elkartea", "Fundazioa"),
)


def database_ensure(url: str) -> None:
    """Create the benchmark's database if the server does not have it yet."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings.test")
    import django

    django.setup()


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"{value.total_seconds()} seconds"
    if isinstance(value, dict | list):
        value = json.dumps(value)
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _constant_columns(model, variable: tuple[str, ...], now: dt.datetime) -> dict[str, str]:
    """Every column of the model's table that the seed does not vary, as COPY text: the field's
    default, or `now` for the dates Django fills on save (auto_now); nothing is left for the
    database to guess."""
    constants = {}
    for field in model._meta.concrete_fields:
        if field.column in variable:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constants[field.column] = _copy_text(now)
        else:
            constants[field.column] = _copy_text(field.get_default())
    return constants


def _copy(cursor, model, variable: tuple[str, ...], lines, now: dt.datetime) -> None:
    """COPY rows into the model's table: `lines` yields the variable columns of each row as
    COPY text, tab-separated, without the line's end; the constant columns are appended."""
    constants = _constant_columns(model, variable, now)
    columns = ", ".join(f'"{column}"' for column in (*variable, *constants))
    suffix = "\t" + "\t".join(constants.values()) + "\n" if constants else "\n"
    sql = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
    with cursor.copy(sql) as copy:
        chunk = []
        for line in lines:
            chunk.append(line + suffix)
            if len(chunk) == COPY_CHUNK:
                copy.write("".join(chunk))
                chunk = []
        if chunk:
            copy.write("".join(chunk))


def seed(n: int, seed_value: int) -> None:
    """N submitted applications, their organisations and their submission events, written
    with COPY (about a minute per million rows on two cores; `bulk_create` took twenty)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction
    from stdnum.es import cif

    from applications.constants import EventKind
    from applications.models import Application, ApplicationEvent
    from applications.roles import CASEWORKERS as CASEWORKERS_GROUP
    from demo.content import demo_load
    from organisations.models import Organisation

    rng = random.Random(seed_value)
    call_command("migrate", "--no-input", verbosity=0)
    demo_load()
    User = get_user_model()
    group = Group.objects.get(name=CASEWORKERS_GROUP)
    staff = []
    for index in range(CASEWORKERS):
        user, _ = User.objects.get_or_create(username=f"bench-caseworker-{index:02d}")
        user.groups.add(group)
        staff.append(user.pk)

    now = dt.datetime.now(dt.UTC)
    organisation_count = max(n // 4, 1)
    applications = Application._meta.db_table
    organisations = Organisation._meta.db_table
    events = ApplicationEvent._meta.db_table

    def organisation_lines():
        sectors = ("hospitality", "retail", "culture", "care", "digital")
        for index in range(organisation_count):
            body = f"{'FGB'[index % 3]}{index + 1:07d}"
            first, second, suffix = (rng.choice(part) for part in NAME_PARTS)
            yield (
                f"{index + 1}\t{first} {second} {index} {suffix}\t"
                f"{body}{cif.calc_check_digits(body)[0]}\t{rng.choice(LEGAL_FORMS)}\t"
                f"{rng.choice(DISTRICTS)}\t{rng.choice(sectors)}\t{rng.randint(0, 60)}\t"
                f"org{index}@bench.example"
            )

    slugs = list(PROGRAMMES)
    slug_weights = [PROGRAMMES[slug][0] for slug in slugs]
    statuses = list(STATUSES)
    status_weights = list(STATUSES.values())
    decided = {"approved", "rejected", "closed"}
    minutes = 120 * 24 * 60

    def application_lines():
        for index in range(n):
            slug = rng.choices(slugs, slug_weights)[0]
            status = rng.choices(statuses, status_weights)[0]
            amount = rng.choice(PROGRAMMES[slug][1])
            submitted_at = now - dt.timedelta(minutes=rng.randint(0, minutes))
            outcome = rng.choices(("eligible", "ineligible", "needs_info"), (80, 15, 5))[0]
            eligible = outcome == "eligible"
            assigned = NULL if status == "submitted" else str(rng.choice(staff))
            submitted = submitted_at.isoformat()
            decided_at = (
                (submitted_at + dt.timedelta(days=rng.randint(1, 20))).isoformat()
                if status in decided
                else NULL
            )
            evaluation = json.dumps(
                {
                    "outcome": outcome,
                    "amount": amount if eligible else None,
                    "missing_facts": [],
                    "reasons": [],
                }
            )
            yield "\t".join(
                (
                    str(index + 1),
                    str(index % organisation_count + 1),
                    slug,
                    status,
                    f"BIO-2026-{index + 1:06d}",
                    submitted,
                    submitted,
                    (submitted_at + dt.timedelta(days=30)).isoformat(),
                    f'{{"employees": {rng.randint(0, 60)}, "district": "abando"}}',
                    f'{{"employees": {rng.randint(0, 60)}}}',
                    evaluation,
                    amount if eligible else NULL,
                    assigned,
                    submitted if assigned != NULL else NULL,
                    amount if status in ("approved", "closed") else NULL,
                    decided_at,
                    assigned if decided_at != NULL else NULL,
                )
            )

    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own, for COPY
        # Everything that hangs off applications and organisations goes with them (events,
        # documents, letters, representations); tables and indexes stay as migrated.
        cursor.execute(f'TRUNCATE "{applications}", "{organisations}" RESTART IDENTITY CASCADE')
        _copy(
            cursor,
            Organisation,
            (
                "id",
                "legal_name",
                "tax_id",
                "legal_form",
                "district",
                "sector",
                "employees",
                "contact_email",
            ),
            organisation_lines(),
            now,
        )
        _copy(
            cursor,
            Application,
            (
                "id",
                "organisation_id",
                "programme_slug",
                "status",
                "reference",
                "created_at",
                "submitted_at",
                "sla_due_at",
                "answers",
                "submitted_answers",
                "evaluation",
                "computed_amount",
                "assigned_to_id",
                "assigned_at",
                "awarded_amount",
                "decided_at",
                "decided_by_id",
            ),
            application_lines(),
            now,
        )
        # Each application's audit trail starts with its submission: one event each,
        # written by the database from the rows just copied.
        cursor.execute(
            # Table names are the models' own: nothing from outside reaches this SQL.
            f'INSERT INTO "{events}" (application_id, kind, at, from_status, to_status, note,'  # noqa: S608
            " internal, data)"
            f" SELECT id, %s, submitted_at, 'draft', 'submitted', '', false, '{{}}'"
            f' FROM "{applications}"',
            [EventKind.TRANSITION.value],
        )
        for table in (organisations, applications):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"  # noqa: S608
                f' (SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )
    with connection.cursor() as cursor:
        # As autovacuum would leave them: statistics, and the visibility map that lets an
        # index answer a COUNT without reading the table.
        cursor.execute("VACUUM ANALYZE")


def trivial_urls() -> str:
    """The project's URLs, and before them one trivial view behind the sign-in: the baseline
    of the middleware, the session and the test Client, measured in the same run."""
    import types

    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import path

    from onestop import urls

    module = types.ModuleType("bench_desk_urls")
    module.urlpatterns = [
        path("bench/trivial/", login_required(lambda request: HttpResponse("ok"))),
        *urls.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def deep_cursor(user, position: int) -> str:
    """The cursor of the row at `position` of the "all" queue: the link "Next" gives after
    position / 50 pages."""
    from desk.selectors import desk_queue, desk_queue_key
    from desk.selectors.keyset import cursor_encode

    columns, _descending = desk_queue_key(queue="all", order="")
    row = desk_queue(user=user, queue="all").values_list("submitted_at", "pk")[position]
    return cursor_encode(columns, row)


def pages(sample, deep: str) -> list[tuple[str, str, dict]]:
    """(label, queue, query) for every page measured; `sample` is one seeded application."""
    org = sample.organisation
    filtered = {"programme": "hospitality-direct-aid", "district": "deusto"}
    return [
        ("new: first page", "new", {}),
        ("mine: first page", "mine", {}),
        ("waiting: first page", "waiting", {}),
        ("pending approval: first page", "pending_approval", {}),
        ("waitlisted: first page", "waitlisted", {}),
        ("overdue: first page", "overdue", {}),
        ("all: first page", "all", {}),
        ("all: 200th page (cursor)", "all", {"after": deep}),
        ("all: programme + district", "all", filtered),
        (
            "all: legal form + amount range",
            "all",
            {"legal_form": "cooperative", "amount_min": "1000", "amount_max": "2000"},
        ),
        (
            "all: submitted in one week",
            "all",
            {
                "submitted_from": (dt.date.today() - dt.timedelta(days=14)).isoformat(),
                "submitted_to": (dt.date.today() - dt.timedelta(days=7)).isoformat(),
            },
        ),
        ("all: status filter", "all", {"status": "pending_approval"}),
        ("all: search by reference", "all", {"q": sample.reference}),
        ("all: search by tax id", "all", {"q": org.tax_id}),
        ("all: search by whole name", "all", {"q": org.legal_name}),
        ("all: search by a word of names", "all", {"q": "Kafetegia"}),
        ("all: sorted by amount, descending", "all", {"ordering": "-amount"}),
        ("all: sorted by organisation", "all", {"ordering": "organisation"}),
        ("all: sorted by programme", "all", {"ordering": "programme"}),
        ("all: sorted by status, descending", "all", {"ordering": "-status"}),
        ("all: sorted by deadline", "all", {"ordering": "sla_due_at"}),
        ("all: sorted by reference", "all", {"ordering": "reference"}),
        (
            "new: programme + sorted by amount",
            "new",
            {"programme": "rental-subsidy", "ordering": "-amount"},
        ),
        ("all: export CSV, programme + district", "all", {**filtered, "export": "csv"}),
        ("all: export XLSX, programme + district", "all", {**filtered, "export": "xlsx"}),
    ]


def _read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _explain(connection, queries) -> str:
    """The plan of the slowest query of a request, in one line: its top node, the indexes
    it used and its time."""
    slowest = max(
        (query for query in queries if "applications_application" in query["sql"]),
        key=lambda query: float(query["time"]),
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + slowest["sql"])
        plan = [row[0] for row in cursor.fetchall()]
    indexes = sorted(
        {word for line in plan for word in line.replace("(", " ").split() if "_" in word}
        & INDEX_NAMES
    )
    seq = " SEQ SCAN" if any("Seq Scan on applications_" in line for line in plan) else ""
    total = next((line for line in plan if line.startswith("Execution Time")), "")
    return f"{plan[0].split('  (')[0].strip()}; {', '.join(indexes) or 'no index'}{seq}; {total}"


INDEX_NAMES: set[str] = set()


def measure(runs: int, explain: bool) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from applications.models import Application
    from tests.accounts_helpers import SignedInClient

    setup_test_environment()  # so that responses carry their context (the row count)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        INDEX_NAMES.update(row[0] for row in cursor.fetchall())

    user = get_user_model().objects.get(username="bench-caseworker-00")
    client = SignedInClient()  # staff sign in with their second factor
    client.force_login(user)
    total = Application.objects.count()
    # The same row at every size from 1,235 on; the middle one below.
    sample = Application.objects.select_related("organisation").order_by("pk")[
        min(1234, total // 2)
    ]
    deep = deep_cursor(user, min(200 * 50 - 1, total - 1))
    results = []
    measured = [("trivial view (baseline)", None, {})] + pages(sample, deep)
    for label, queue, query in measured:
        url = reverse("desk:queue", args=[queue]) if queue else "/bench/trivial/"
        response = client.get(url, query)  # warm-up: templates, caches, the plan cache
        assert response.status_code == 200, (label, response.status_code)
        _read(response)
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, query)
                body = _read(response)
                timings.append((time.perf_counter() - started) * 1000)
        if "export" in query:
            rows = body.count(b"\n") - 1 if query["export"] == "csv" else "-"
        elif queue is None:
            rows = "-"
        else:
            rows = response.context["items_count"]
        timings.sort()
        results.append(
            {
                "label": label,
                "median": statistics.median(timings),
                "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
                "queries": len(queries),
                "rows": rows,
                "plan": _explain(connection, queries) if explain and queue else "",
            }
        )
    return results


def export_memory(queue_query: dict) -> tuple[int, float, int]:
    """(rows, peak MiB traced by tracemalloc, RSS growth MiB) of one CSV export, read chunk
    by chunk as a client would, without keeping the body."""
    import resource
    import tracemalloc

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.accounts_helpers import SignedInClient

    client = SignedInClient()
    client.force_login(get_user_model().objects.get(username="bench-caseworker-00"))
    url = reverse("desk:queue", args=["all"])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    response = client.get(url, {**queue_query, "export": "csv"})
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return lines - 1, peak / 2**20, (rss_after - rss_before) // 1024


def compare(small_path: str, large_path: str) -> int:
    """Each page's p95 in both runs and its growth from the smaller to the larger."""
    small, large = (json.loads(Path(path).read_text()) for path in (small_path, large_path))
    print(f"| page | p95 ms at {small['n']:,} | p95 ms at {large['n']:,} | growth |")
    print("|---|---:|---:|---:|")
    before = {row["label"]: row for row in small["pages"]}
    for row in large["pages"]:
        if row["label"] in before:
            p95 = before[row["label"]]["p95"]
            print(f"| {row['label']} | {p95:.0f} | {row['p95']:.0f} | {row['p95'] / p95:.2f}x |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="applications to seed")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reseed", action="store_true", help="seed again even if seeded")
    parser.add_argument("--seed-only", action="store_true", help="seed if needed, measure nothing")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest query"
    )
    parser.add_argument("--json", help="write the figures to this file too")
    parser.add_argument("--memory", action="store_true", help="peak memory of CSV exports")
    parser.add_argument(
        "--compare", nargs=2, metavar=("SMALL", "LARGE"), help="growth of two --json runs"
    )
    args = parser.parse_args()

    if args.compare:
        return compare(*args.compare)
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith("postgres"):
        parser.error("the desk benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    database_ensure(url)
    django_setup(url)

    from django.core.management import call_command

    from applications.models import Application

    call_command("migrate", "--no-input", verbosity=0)
    if args.reseed or Application.objects.exclude(status="draft").count() != args.n:
        started = time.perf_counter()
        seed(args.n, args.seed)
        print(f"seeded {args.n:,} applications in {time.perf_counter() - started:.0f} s")
    if args.seed_only:
        return 0
    from django.conf import settings

    settings.ROOT_URLCONF = trivial_urls()
    total = Application.objects.count()
    print(f"{total:,} applications; {args.runs} timed requests per page after one warm-up\n")
    print("| page | median ms | p95 ms | queries | rows |")
    print("|---|---:|---:|---:|---:|")
    results = measure(args.runs, args.explain)
    for row in results:
        rows = f"{row['rows']:,}" if isinstance(row["rows"], int) else row["rows"]
        print(
            f"| {row['label']} | {row['median']:.0f} | {row['p95']:.0f} "
            f"| {row['queries']} | {rows} |"
        )
    if args.explain:
        print("\nslowest query of each page (EXPLAIN ANALYZE):\n")
        for row in results:
            if row["plan"]:
                print(f"- {row['label']}: {row['plan']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"n": total, "pages": results}, indent=1))
    if args.memory:
        print("\n| CSV export | rows | tracemalloc peak MiB | RSS growth MiB |")
        print("|---|---:|---:|---:|")
        for label, query in (
            ("one programme (8 %)", {"programme": "digital-consultancy"}),
            ("the whole queue", {}),
        ):
            rows, peak, rss = export_memory(query)
            print(f"| {label} | {rows:,} | {peak:.1f} | {rss} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
