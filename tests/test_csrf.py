"""No POST is taken without its CSRF token: every URL of the site (the permission matrix
lists them all), posted to by a signed-in desk worker and director with Django's CSRF
checks on, is refused and nothing changes."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from .test_permission_matrix import MATRIX, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db
APPS = ("committee", "staffing", "casework", "reception")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in APPS
        for model in apps.get_app_config(label).get_models()
    }


@pytest.mark.parametrize("role", ["reception", "director"])
def test_no_url_takes_a_post_without_its_csrf_token(world, role):  # noqa: F811
    kwargs, users = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[role])
    before = row_counts()
    taken = []
    for name, (key, _statuses) in sorted(MATRIX.items()):
        url = reverse(name, kwargs=kwargs[key])
        response = client.post(url, {"resident_name": "赵阿姨", "outcome": "consultation", "title": "无令牌"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            taken.append(f"{url}: {response.status_code}")
    assert not taken, "taken without a CSRF token: " + ", ".join(taken)
    assert row_counts() == before
