"""The scene that surge.py and pages.py run in: the site under gunicorn with the production
settings on a PostgreSQL database and a Redis database of their own, one Celery worker, and
a load generator (asyncio + aiohttp, one process) that keeps C requests in flight.

Every figure is measured beside the same trivial view (`/bench/hello/`, see bench_site.py)
in the same run: phases of the measured requests alternate with phases of hello, so that a
change in the machine's load shows in both.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = sys.executable
HOST = "bench.localhost"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Scene:
    """Environment, database and processes of one benchmark run."""

    database: str
    redis_db: int
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="onestop-bench-")))
    port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen] = field(default_factory=list)
    # Settings of this benchmark's own, on top of the production ones.
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        redis = f"redis://127.0.0.1:6379/{self.redis_db}"
        return {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "bench_site",
            "SECRET_KEY": "bench-" + "x" * 50,
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "CELERY_BROKER_URL": redis,
            "CACHE_URL": redis,
            "SITE_URL": f"https://{HOST}",
            "SIGNING_PKCS12_PATH": str(self.workdir / "signing.p12"),
            "SIGNING_PKCS12_PASSWORD": "bench",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PRIVATE_STORAGE_ROOT": str(self.workdir / "private"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "SECURE_HSTS_SECONDS": "0",
            **self.extra_env,
        }

    def prepare(self) -> None:
        """A new database and an empty Redis database; Django set up in this process on
        them, migrated, static files collected."""
        import psycopg
        import redis

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{self.database}"')
        redis.Redis(host="127.0.0.1", port=6379, db=self.redis_db).flushdb()
        os.environ.update(self.env)
        sys.path[:0] = [str(BENCH), str(ROOT)]
        import django

        django.setup()
        from django.core.management import call_command

        from letters.services.signing import self_signed_pkcs12

        (self.workdir / "signing.p12").write_bytes(
            self_signed_pkcs12(common_name="Bench city", password=b"bench")
        )
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)

    def gunicorn(self, *, workers: int, threads: int = 1) -> subprocess.Popen:
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "onestop.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--error-logfile",
            str(self.workdir / "gunicorn.log"),
        ]
        if threads > 1:
            command += ["--threads", str(threads)]
        process = self._start(command, "gunicorn")
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        "gunicorn did not start:\n"
                        + (self.workdir / "gunicorn.log").read_text()[-3000:]
                    ) from None
                time.sleep(0.2)
        return process

    def worker(
        self, *, queues: str = "celery,emails", concurrency: int = 1, nice: int = 10
    ) -> subprocess.Popen:
        """One Celery worker; on a machine shared with the web workers it runs at a lower
        priority (`nice`), as the README advises: a receipt can wait a second, a page cannot."""
        return self._start(
            [
                *(["nice", "-n", str(nice)] if nice else []),
                PYTHON,
                "-m",
                "celery",
                "-A",
                "onestop",
                "worker",
                "-Q",
                queues,
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            "worker",
        )

    def _start(self, command: list[str], name: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}.out").open("w")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def children_rss_kib(pid: int) -> dict[int, int]:
    """Resident memory (KiB) of each child process of `pid` (gunicorn's or Celery's workers)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == pid:
            found[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    return found


@dataclass
class Request:
    method: str
    path: str
    cookies: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None
    json: dict | None = None
    expect: int = 200


HEADERS = {
    # The site sits behind a TLS proxy in production: the same headers reach it here.
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "Origin": f"https://{HOST}",
    "Referer": f"https://{HOST}/",
}


async def _fire(scene: Scene, requests: list[Request], concurrency: int) -> tuple[float, list]:
    """Send every request with `concurrency` in flight; (seconds, [(ms, status, request)])."""
    import aiohttp

    queue: asyncio.Queue[Request] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    results = []
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=120)

    async def client(session):
        while True:
            try:
                request = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            headers = dict(HEADERS)
            if request.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in request.cookies.items())
            started = time.perf_counter()
            try:
                async with session.request(
                    request.method,
                    scene.url(request.path),
                    data=request.data,
                    json=request.json,
                    headers=headers,
                    allow_redirects=False,
                ) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError) as error:
                status = f"error: {error!r}"
            results.append(((time.perf_counter() - started) * 1000, status, request))

    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        return time.perf_counter() - started, results


def fire(scene: Scene, requests: list[Request], concurrency: int) -> tuple[float, list]:
    return asyncio.run(_fire(scene, requests, concurrency))


@dataclass
class Figures:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    unexpected: list = field(default_factory=list)

    def add(self, seconds: float, results: list) -> None:
        self.seconds += seconds
        for ms, status, request in results:
            self.latencies.append(ms)
            if status != request.expect:
                self.unexpected.append((status, request.method, request.path))

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20)[-1] if len(self.latencies) > 1 else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0


def interleaved(
    scene: Scene,
    measured: list[Request],
    hello: callable,
    *,
    concurrency: int,
    phases: int,
    hello_per_phase: int,
) -> tuple[Figures, Figures]:
    """Run `measured` in `phases` slices, each followed by `hello_per_phase` hello requests
    (from `hello(i)`), all at the same concurrency. Returns (measured, hello) figures."""
    figures, baseline = Figures(), Figures()
    size = -(-len(measured) // phases)
    count = 0
    for start in range(0, len(measured), size):
        figures.add(*fire(scene, measured[start : start + size], concurrency))
        batch = [hello(count + i) for i in range(hello_per_phase)]
        count += hello_per_phase
        baseline.add(*fire(scene, batch, concurrency))
    return figures, baseline


def warm(scene: Scene, requests: list[Request], concurrency: int = 4) -> None:
    """Let every gunicorn worker import, compile and cache before anything is timed."""
    fire(scene, requests, concurrency)
