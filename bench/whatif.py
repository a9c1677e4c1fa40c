"""Benchmark of "what if": a draft definition run against 100,000 past applications.

    .venv/bin/python bench/whatif.py                 # 100,000 applications, 3 runs
    .venv/bin/python bench/whatif.py --n 20000 --runs 5

Builds a fresh SQLite database in a temporary folder (`onestop.settings.test`, migrated, the
demo hospitality aid imported), then N submitted applications of it with `bulk_create` (not
timed): seeded random answers, each with the evaluation frozen as a submission freezes it
(outcome, amount, the date, the reasons in es, eu and en), a fifth of them approved with an
award. Then, each `--runs` times, timed by the wall clock:

- baseline: the same rows read by the same selector (`past_applications_frozen`: chunks of
  `values_list(...).iterator()`), counting the eligible ones, and nothing else;
- what if: `programme_whatif` with a draft that changes the amounts and drops tourism,
  everything included (compiling the draft, counting, reading, evaluating, comparing);
- for contrast, a plain ORM loop: the same applications as model instances with every
  column (`.iterator()`), counting the eligible ones.

The three take turns, after one untimed round. Prints the best and median of each, the what-if run over the baseline, and the report's
figures. Target: the what-if run under 5 s for 100,000 applications.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAMME = "hospitality-direct-aid"
TARGET_SECONDS = 5.0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="past applications")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile one what-if run")
    return parser.parse_args()


def django_setup(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "onestop.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["PRIVATE_STORAGE_ROOT"] = str(workdir / "private")
    import django

    django.setup()


def answers(rng: random.Random) -> dict:
    return {
        "sector": rng.choice(["hospitality", "hospitality", "tourism", "retail"]),
        "district": rng.choice(["abando", "deusto", "ibaiondo", "outside"]),
        "employees": min(int(rng.expovariate(1 / 6)), 60),
        "tax_obligations_current": rng.random() < 0.95,
        "social_security_current": rng.random() < 0.95,
        "debts_with_city": rng.random() < 0.05,
        "de_minimis_declared": f"{rng.choice([0, 0, 0, 20000, 150000, 299500])}.00",
    }


def frozen(compiled, facts: dict, as_of: dt.date) -> dict:
    """The evaluation as a submission freezes it (applications.services.submission)."""
    evaluation = compiled.evaluate(facts, as_of=as_of)
    return {
        "outcome": evaluation.outcome,
        "amount": None if evaluation.amount is None else format(evaluation.amount, "f"),
        "unit": "EUR",
        "open": evaluation.open,
        "as_of": as_of.isoformat(),
        "missing_facts": list(evaluation.missing_facts),
        "score": None,
        "desk_de_minimis": "0",
        "met": [{"id": ident, "met": met} for ident, met in evaluation.met()],
        "reasons": {
            lang: evaluation.reasons(lang, with_unknown=True) for lang in ("es", "eu", "en")
        },
    }


def database_build(n: int, seed: int) -> dict:
    """Migrate, import the hospitality aid and write `n` of its past applications; its
    published definition."""
    from django.core.management import call_command
    from django.utils import timezone

    from applications.constants import ApplicationStatus
    from applications.models import Application
    from cms.services.programme_definitions import programme_import
    from demo.content import DEMO_PROGRAMMES_DIR
    from eligibility.service import compiled_programme
    from organisations.models import Organisation

    call_command("migrate", verbosity=0)
    definition = json.loads((DEMO_PROGRAMMES_DIR / f"{PROGRAMME}.json").read_text("utf-8"))
    programme_import(definition=definition, publish=True)
    compiled = compiled_programme(definition)

    organisations = Organisation.objects.bulk_create(
        Organisation(
            legal_name=f"Taberna {i}", tax_id=f"B{i:08d}", legal_form="cooperative", iban=""
        )
        for i in range(500)
    )
    rng = random.Random(seed)
    first_day = dt.date(2026, 11, 2)
    memo: dict[str, dict] = {}
    batch: list[Application] = []
    for i in range(n):
        facts = answers(rng)
        day = first_day + dt.timedelta(days=rng.randint(0, 120))
        key = json.dumps([facts, day.isoformat()], sort_keys=True)
        evaluation = memo.get(key) or memo.setdefault(key, frozen(compiled, facts, day))
        amount = None if evaluation["amount"] is None else Decimal(evaluation["amount"])
        approved = amount is not None and rng.random() < 0.2
        submitted_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        batch.append(
            Application(
                organisation=organisations[i % len(organisations)],
                programme_slug=PROGRAMME,
                status=ApplicationStatus.APPROVED if approved else ApplicationStatus.SUBMITTED,
                answers=facts,
                submitted_answers=facts,
                reference=f"BIO-2026-{i + 1:06d}",
                submitted_at=submitted_at,
                programme_definition=definition,
                evaluation=evaluation,
                computed_amount=amount,
                awarded_amount=amount if approved else None,
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    return definition


def draft_of(definition: dict) -> dict:
    """The change tried: tourism no longer eligible, 100 EUR more in every band."""
    draft = json.loads(json.dumps(definition))
    for rule in draft["eligibility"]["all"]:
        if rule.get("id") == "sector":
            rule["value"] = ["hospitality"]
    amount = draft["amount"]
    for band in amount.get("bands", []):
        band["value"] = format(Decimal(band["value"]) + 100, "f")
    if "otherwise" in amount:
        amount["otherwise"] = format(Decimal(amount["otherwise"]) + 100, "f")
    return draft


def timed(functions: dict, runs: int) -> dict[str, list[float]]:
    """Each function `runs` times, taking turns, so that a change in the machine's load
    falls on all of them alike; after one untimed round that warms SQLite's page cache."""
    for function in functions.values():
        function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    options = arguments()
    with tempfile.TemporaryDirectory(prefix="onestop-bench-whatif-") as folder:
        django_setup(Path(folder))
        from applications.models import Application
        from applications.selectors_whatif import past_applications_frozen
        from applications.services.whatif import programme_whatif

        start = time.perf_counter()
        definition = database_build(options.n, options.seed)
        print(f"built {options.n:,} applications in {time.perf_counter() - start:.1f} s")
        draft = draft_of(definition)
        reports = []

        def baseline() -> int:
            return sum(row.outcome == "eligible" for row in past_applications_frozen(PROGRAMME))

        def whatif() -> None:
            reports.append(programme_whatif(definition=draft, against=PROGRAMME))

        def orm_loop() -> int:
            rows = Application.objects.filter(programme_slug=PROGRAMME).iterator(2000)
            return sum((row.evaluation or {}).get("outcome") == "eligible" for row in rows)

        if options.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(whatif)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("select sqlite_version()")
                print("SQLite", cursor.fetchone()[0])
            sql, params = (
                past_applications_frozen.__globals__["_past_applications"](PROGRAMME)
                .values_list("reference")
                .query.sql_with_params()
            )
            print(sql)

        results = timed(
            {
                "baseline: read the rows (selector)": baseline,
                "what if: the whole run": whatif,
                "contrast: ORM instances, every column": orm_loop,
            },
            options.runs,
        )
        base = min(results["baseline: read the rows (selector)"])
        print(f"\n{'measure':<40} {'best s':>8} {'median s':>9} {'× baseline':>11}")
        for name, times in results.items():
            print(
                f"{name:<40} {min(times):>8.2f} {statistics.median(times):>9.2f}"
                f" {min(times) / base:>11.1f}"
            )
        best = min(results["what if: the whole run"])
        print(
            f"\nwhat if: {options.n / best:,.0f} applications/s; target under "
            f"{TARGET_SECONDS:.0f} s for 100,000: "
            + ("met" if best * 100_000 / options.n < TARGET_SECONDS else "NOT met")
        )
        data = reports[-1].as_dict()
        print(
            f"before {data['before']}\nafter  {data['after']}\n"
            f"changed {data['changed']['count']:,}; total after {data['total_amount']['after']}"
            f" EUR against a budget of {data['budget']} EUR"
        )


if __name__ == "__main__":
    main()
