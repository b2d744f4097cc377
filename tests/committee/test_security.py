"""Sign-in lockout, idle sign-out, logout of deactivated workers, the CSP header, and a
security log without personal data."""

import logging
import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def fail_login(client, username="worker-a", ip="10.0.0.8"):
    return client.post(reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_five_failures_lock_that_username_from_that_address(client, worker_a):
    for _ in range(4):
        assert fail_login(client).status_code == 200
    locked = fail_login(client)
    assert locked.status_code == 429
    assert "15 分钟" in locked.content.decode()
    # The right password is refused while locked.
    response = client.post(
        reverse("login"), {"username": "worker-a", "password": "pw-for-tests"}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 429


def test_a_colleague_at_the_same_address_can_still_sign_in(client, worker_a, director_a):
    for _ in range(5):
        fail_login(client)
    response = client.post(
        reverse("login"), {"username": "director-a", "password": "pw-for-tests"}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, worker_a):
    import datetime as dt

    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(5):
        fail_login(client)
    # Age the attempts past the cool-off rather than waiting 15 minutes.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = client.post(
        reverse("login"), {"username": "worker-a", "password": "pw-for-tests"}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 302


def test_an_idle_session_is_signed_out(client_of, worker_a):
    client = client_of(worker_a)
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("reception:home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("reception:home")).status_code == 302  # really signed out


def test_an_active_session_stays(client_of, worker_a):
    client = client_of(worker_a)
    session = client.session
    session["last_seen"] = int(time.time()) - 10 * 60
    session.save()
    assert client.get(reverse("reception:home")).status_code == 200


def test_a_deactivated_worker_is_signed_out_everywhere(client_of, worker_a):
    client = client_of(worker_a)
    assert client.get(reverse("reception:home")).status_code == 200
    worker_a.active = False
    worker_a.save(update_fields=["active"])
    response = client.get(reverse("reception:home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_pages_carry_a_content_security_policy_without_inline_scripts(client_of, worker_a):
    policy = client_of(worker_a).get(reverse("reception:home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script():
    from pathlib import Path

    from django.conf import settings

    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in text.split("<script")[1:]:
            head = tag.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, path
        assert " onclick=" not in text and " onchange=" not in text and " onload=" not in text, path


def test_the_security_log_has_no_personal_data(client, worker_a, caplog, client_of):
    with caplog.at_level(logging.INFO, logger="juweihui.security"):
        fail_login(client)
        client.post(reverse("login"), {"username": "worker-a", "password": "pw-for-tests"}, REMOTE_ADDR="10.0.0.9")
        client.get(reverse("office:street"))  # a desk worker is refused the street page
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "juweihui.security")
    assert "login failed" in text and "login ok" in text and "refused" in text
    assert "worker-a" not in text and "张敏" not in text and "10.0.0." not in text
