"""Launch day: everyone reads the same few public pages, and asks the screening API.

    .venv/bin/python bench/pages.py                       # 3,000 requests a page, 50 clients
    .venv/bin/python bench/pages.py --requests 1000 --concurrency 20
    .venv/bin/python bench/pages.py --memory 10000        # and gunicorn's RSS, 1,000 -> 10,000

Sets up the scene on the local PostgreSQL (database `onestop_bench_pages`, made anew) and
Redis (database 9, emptied: the production cache, shared by the workers): the demo site, its
pages and programmes; gunicorn with the production settings. For each of the home page, the
programme index, a programme page (anonymous visitors, 50 concurrent clients) and the
screening API (POST /api/v1/screening, 20 concurrent clients), fires the requests in slices,
each slice followed by as many requests of a trivial view through the same middleware
(hello, anonymous) at the same concurrency, and prints one line each:
`NAME req/s X; hello req/s H; ratio R; p95 P ms`.

With `--memory N`, then sends N page requests (the three pages in turn) and reports the
resident memory of each gunicorn worker after the 1,000th and after the Nth.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scene import Request, Scene, children_rss_kib, fire, interleaved, warm  # noqa: E402

PROFILE = {
    "legal_form": "cooperative",
    "employees": 5,
    "founded_on": "2015-04-01",
    "district": "abando",
    "sector": "hospitality",
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
    "de_minimis_declared": "0",
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per path")
    parser.add_argument("--concurrency", type=int, default=50, help="clients for the pages")
    parser.add_argument("--api-concurrency", type=int, default=20, help="clients for the API")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--phases", type=int, default=5, help="slices of each path")
    parser.add_argument("--memory", type=int, default=0, help="requests for the RSS figures")
    parser.add_argument("--database", default="onestop_bench_pages")
    parser.add_argument("--redis-db", type=int, default=9)
    return parser.parse_args()


def addresses() -> dict[str, str]:
    from cms.models import HomePage, ProgrammeIndexPage
    from cms.selectors import programme_page_by_slug
    from demo.content import demo_load

    demo_load()
    return {
        "home": HomePage.objects.get(locale__language_code="es").url,
        "index": ProgrammeIndexPage.objects.get(locale__language_code="es").url,
        "programme": programme_page_by_slug("hospitality-direct-aid").url,
    }


def main() -> int:
    args = arguments()
    scene = Scene(database=args.database, redis_db=args.redis_db)
    # Every request comes from 127.0.0.1 here: the API's per-client limit would answer 429.
    scene.extra_env = {"SCREENING_API_RATE": "100000000/m"}
    try:
        scene.prepare()
        paths = addresses()
        from django.db import connection

        connection.close()
        gunicorn = scene.gunicorn(workers=args.workers)

        def hello(i: int) -> Request:
            return Request("GET", "/bench/hello/")

        def api(i: int) -> Request:
            return Request("POST", "/api/v1/screening", json={"facts": PROFILE, "lang": "es"})

        measured = {
            name: (lambda i, path=path: Request("GET", path), args.concurrency)
            for name, path in paths.items()
        }
        measured["screening-api"] = (api, args.api_concurrency)
        warm(scene, [make(0) for make, _ in measured.values()] * 20 + [hello(0)] * 100)
        lines = []
        for name, (make, concurrency) in measured.items():
            figures, baseline = interleaved(
                scene,
                [make(i) for i in range(args.requests)],
                hello,
                concurrency=concurrency,
                phases=args.phases,
                hello_per_phase=max(args.requests // args.phases, 100),
            )
            if figures.unexpected or baseline.unexpected:
                print(f"{name}: unexpected {figures.unexpected[:3]} {baseline.unexpected[:3]}")
            print(
                f"{name}: p50 {figures.p50:.0f} ms; hello p50 {baseline.p50:.0f} ms, "
                f"p95 {baseline.p95:.0f} ms; {concurrency} clients",
                flush=True,
            )
            lines.append(
                f"{name} req/s {figures.rate:.1f}; hello req/s {baseline.rate:.1f}; "
                f"ratio {figures.rate / baseline.rate:.3f}; p95 {figures.p95:.0f} ms"
            )
        if args.memory:
            pages = list(paths.values())
            mix = [Request("GET", pages[i % len(pages)]) for i in range(args.memory)]
            sent = 0
            for mark in sorted({min(1000, args.memory), args.memory}):
                fire(scene, mix[sent:mark], args.concurrency)
                sent = mark
                rss = children_rss_kib(gunicorn.pid)
                print(
                    f"gunicorn workers' RSS after {mark} requests (MiB): "
                    f"{[round(k / 1024, 1) for k in rss.values()]}",
                    flush=True,
                )
        for line in lines:
            print(line)
        return 0
    finally:
        scene.stop()


if __name__ == "__main__":
    sys.exit(main())
