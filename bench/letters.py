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


def sample_application(n: int, language: str) -> Application:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--lang", default="es", choices=["es", "eu", "en"])
    parser.add_argument("--screenshots", action="store_true")
    args = parser.parse_args()
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
