"""What the tests that run workers of their own share: a Redis server of their own, and a
worker process they start, freeze and kill."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import kombu.pools
import pytest
import redis

from tests.integration.cases import WORKER_QUEUES, wait_for
from tests.integration.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A `redis-server` of the test's own that keeps nothing across a restart."""

    def __init__(self, port: int, log: Path):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.log = log
        self.process = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no", "--dir", str(self.log.parent)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        client = redis.Redis.from_url(self.url, socket_timeout=1)

        def up():
            with contextlib.suppress(redis.RedisError):
                return client.ping()

        wait_for(up, timeout=20, what=f"redis-server on port {self.port}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Worker:
    """`celery -A onestop worker`, by default prefork with two children on every queue, in a
    process group of its own so that the main process and its children die together."""

    def __init__(
        self,
        env: dict,
        log: Path,
        *,
        queues: tuple[str, ...] = WORKER_QUEUES,
        pool: tuple[str, ...] = ("--pool=prefork", "--concurrency=2"),
    ):
        self.env = env
        self.log = log
        self.queues = queues
        self.pool = pool
        self.node = f"onestop-outbox-{uuid.uuid4().hex[:8]}@localhost"
        self.process = None

    def start(self, app) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "onestop", "worker"]
                + ["-Q", ",".join(self.queues), *self.pool, "--hostname", self.node]
                + ["--without-gossip", "--without-mingle", "--loglevel=WARNING"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def answering():
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited:\n{self.log.read_text()[-4000:]}")
            return app.control.ping(destination=[self.node], timeout=1)

        wait_for(answering, timeout=60, what="the worker")

    def signal(self, number: int) -> None:
        os.killpg(self.process.pid, number)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


@contextlib.contextmanager
def publishing_to(app, url: str):
    """Queue this process's tasks on `url` (the private Redis) instead of the suite's."""
    previous = os.environ.get("CELERY_BROKER_URL")

    def switch(to: str | None) -> None:
        # Celery reads the variable before its own setting.
        if to is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = to
        # The connection and producer pools were made for the previous URL (or a Redis that
        # has since been killed): close them, and let them be made again.
        kombu.pools.reset()
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    switch(url)
    try:
        yield lambda: switch(url)
    finally:
        switch(previous)
