"""Login lockout is keyed on the username and the client's real address: behind a proxy,
five wrong passwords from one client lock that client out, not every client of the proxy;
not behind one, a forged X-Forwarded-For changes nothing."""

import pytest
from django.urls import reverse

from committee.settings import client_address_settings

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"  # the proxy, as gunicorn sees it


def attempt(client, worker, password, forwarded=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": worker.user.username, "password": password}, **headers)


def locked(response) -> bool:
    return response.status_code == 429 or "锁定" in response.content.decode()


@pytest.fixture
def behind_one_proxy(settings):
    for name, value in client_address_settings(behind_proxy=True, proxy_count=1).items():
        setattr(settings, name, value)


def test_behind_a_proxy_one_client_s_failures_lock_only_that_client(behind_one_proxy, client, worker_a):
    for _ in range(5):
        attempt(client, worker_a, "wrong", forwarded="203.0.113.7")
    assert locked(attempt(client, worker_a, "pw-for-tests", forwarded="203.0.113.7"))
    # Another resident's office PC, through the same proxy: signs in.
    response = attempt(client, worker_a, "pw-for-tests", forwarded="198.51.100.9")
    assert response.status_code == 302


def test_a_client_cannot_escape_its_lockout_by_forging_the_header(behind_one_proxy, client, worker_a):
    for _ in range(5):
        attempt(client, worker_a, "wrong", forwarded="203.0.113.7")
    # The proxy appends the real address to whatever the client sent.
    assert locked(attempt(client, worker_a, "pw-for-tests", forwarded="10.9.9.9, 203.0.113.7"))


def test_not_behind_a_proxy_the_header_is_ignored(settings, client, worker_a):
    for name, value in client_address_settings(behind_proxy=False, proxy_count=1).items():
        setattr(settings, name, value)
    for n in range(5):
        attempt(client, worker_a, "wrong", forwarded=f"203.0.113.{n}")  # a forged address each time
    assert locked(attempt(client, worker_a, "pw-for-tests", forwarded="198.51.100.9"))


def test_two_proxies_take_the_address_the_outer_one_wrote():
    found = client_address_settings(behind_proxy=True, proxy_count=2)
    assert found["AXES_IPWARE_PROXY_COUNT"] == 1
