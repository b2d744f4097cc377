"""The reminder sweep through the real parts: Celery beat's task sent to a real Redis
broker, picked up by a real Celery worker process, mailed to a real SMTP server."""

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from casework.choices import CaseStatus
from casework.models import Case, Reminder
from casework.services import case_open
from casework.tasks import sweep_reminders

pytestmark = [
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs the Redis and PostgreSQL that `make test` starts",
    ),
]

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def worker_process(smtp):
    _inbox, port = smtp
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "committee.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DEBUG": "true",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.celery_worker",
            "-A",
            "committee",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(condition, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_a_worker_process_mails_one_digest_per_recipient_once(
    smtp, worker_process, committee_a, director_a, worker_a, line_civil
):
    inbox, _port = smtp
    worker_a.user.email = "desk@example.org"
    worker_a.user.save()
    yesterday = timezone.now() - dt.timedelta(days=1)
    cases = []
    for n in range(3):
        case = case_open(
            committee=committee_a, first_responder=worker_a, title=f"超期事项{n}", line=line_civil, handler=worker_a
        )
        Case.objects.filter(pk=case.pk).update(due_at=yesterday, status=CaseStatus.IN_PROGRESS)
        cases.append(case)

    # Duplicate delivery of the task (as after a broker redelivery) must not mail twice.
    sweep_reminders.delay()
    sweep_reminders.delay()

    assert wait_for(lambda: Reminder.objects.filter(sent_at__isnull=False).count() >= 3), worker_output(worker_process)
    assert wait_for(lambda: len(inbox.messages) >= 1)
    time.sleep(2)  # give the second task time to (not) send anything
    to_desk = [m for rcpt, m in inbox.messages if rcpt == ["desk@example.org"]]
    assert len(to_desk) == 1
    body = to_desk[0].get_payload(decode=True).decode()
    assert all(case.reference in body for case in cases)
    assert "事项需要处理" in str(make_header(decode_header(to_desk[0]["Subject"])))


def worker_output(process) -> str:
    process.terminate()
    try:
        out, _err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _err = process.communicate()
    return out.decode(errors="replace")[-3000:]
