"""Reminders survive faults, with real Redis, real Celery worker processes and a real SMTP
server: a worker killed mid-sweep, Redis restarted between sweeps, duplicate sweeps from
two schedulers at once — each reminder still reaches each recipient exactly once."""

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from casework.choices import CaseStatus
from casework.models import Case, ReminderDelivery
from casework.services import case_open

from .. import factories
from .test_celery_end_to_end import free_port, wait_for

pytestmark = [
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("redis-server"),
        reason="needs PostgreSQL and Debian's redis-server, as `make test` provides",
    ),
]
ROOT = Path(settings.BASE_DIR)


class SlowInbox:
    """An SMTP server that dawdles before accepting each recipient, so a test can kill the
    sender in the middle of a digest, before the server has accepted it."""

    def __init__(self):
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        await asyncio.sleep(1.0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


class Redis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._ping, timeout=10)

    def _ping(self):
        import redis

        try:
            return redis.Redis(port=self.port).ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def redis_server(tmp_path):
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


def worker_env(redis_url, smtp_port):
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "committee.settings",
        "DEBUG": "true",
        "REDIS_URL": redis_url,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }


def start_worker(env, name):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.celery_worker",
            "-A",
            "committee",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def send_sweep(redis_url, times=1):
    """Enqueue the sweep as beat would, `times` at once (two beats by mistake, redelivery)."""
    from celery import Celery

    app = Celery(broker=redis_url, set_as_current=False)
    for _ in range(times):
        app.send_task("casework.tasks.sweep_reminders")
    app.close()


def overdue_cases(committee, first_responder, line, count):
    workers = [factories.worker(committee, name=f"承办{n}") for n in range(count)]
    for n, handler in enumerate(workers):
        handler.user.email = f"handler{handler.pk}@example.org"
        handler.user.save()
        case = case_open(
            committee=committee, first_responder=first_responder, title=f"超期{n}", line=line, handler=handler
        )
        Case.objects.filter(pk=case.pk).update(
            due_at=timezone.now() - dt.timedelta(hours=2), status=CaseStatus.IN_PROGRESS
        )
    return [w.user.email for w in workers]


def test_a_worker_killed_mid_sweep_leaves_the_rest_for_the_next_one(
    smtp, redis_server, committee_a, director_a, worker_a, line_civil
):
    inbox, port = smtp
    addresses = overdue_cases(committee_a, director_a, line_civil, 5)
    env = worker_env(redis_server.url, port)
    first = start_worker(env, "first")
    try:
        send_sweep(redis_server.url)
        assert wait_for(lambda: len(inbox.received) >= 2, timeout=60)
        first.send_signal(signal.SIGKILL)  # in the middle of the third digest, before the server accepted it
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert len(inbox.received) < 6  # the sweep really was cut short
    second = start_worker(env, "second")
    try:
        send_sweep(redis_server.url)
        assert wait_for(lambda: not ReminderDelivery.objects.filter(sent_at__isnull=True).exists(), timeout=90)
    finally:
        second.terminate()
        second.wait(timeout=20)
    assert sorted(inbox.received) == sorted(addresses)  # each digest exactly once


def test_redis_restarts_and_duplicate_sweeps_send_each_reminder_once(
    smtp, redis_server, committee_a, director_a, line_civil
):
    inbox, port = smtp
    addresses = overdue_cases(committee_a, director_a, line_civil, 2)
    env = worker_env(redis_server.url, port)
    workers = [start_worker(env, "a"), start_worker(env, "b")]
    try:
        send_sweep(redis_server.url, times=3)  # two schedulers firing at once, plus a redelivery
        assert wait_for(lambda: len(inbox.received) >= 2, timeout=60)
        redis_server.stop()
        redis_server.start()  # the broker comes back empty
        addresses += overdue_cases(committee_a, director_a, line_civil, 1)  # something new falls due meanwhile
        send_sweep(redis_server.url, times=2)
        assert wait_for(lambda: len(inbox.received) >= 3, timeout=90)
        time.sleep(3)  # time for any duplicate to show up
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    assert sorted(inbox.received) == sorted(addresses)
