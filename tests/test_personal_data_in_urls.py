"""No personal data in any address: every page the permission matrix lists, opened as
every kind of visitor, is scanned — its own address, every address it links to, and its
GET forms. (The browser tests record every request Chromium makes and scan those too:
tests/browser/conftest.py.)"""

import pytest
from django.urls import reverse

from reception.models import Visit

from .personal_urls import personal_in_page, personal_in_url
from .test_permission_matrix import MATRIX, ROLES, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_no_page_links_to_or_asks_by_get_for_personal_data(client, world):  # noqa: F811
    kwargs, users = world
    visit = Visit.objects.first()
    assert visit.resident_phone and visit.id_number_masked  # something that could leak
    pages = [(name, reverse(name, kwargs=kwargs[key])) for name, (key, _row) in MATRIX.items()]
    pages.append(("desk, continuing a visit", f"{reverse('reception:home')}?continue={visit.pk}"))
    scanned, wrong = 0, []
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for name, url in pages:
            wrong += [f"{role} {name}: {url}" for _ in personal_in_url(url)]
            response = client.get(url)
            scanned += 1
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                links, found = personal_in_page(response.content.decode())
                scanned += links
                wrong += [f"{role} {name}: {problem}" for problem in found]
    assert not wrong, "\n".join(wrong)
    assert scanned > 1000  # the crawl reached the pages' links, not just the matrix


def test_the_scan_sees_what_the_old_pages_did():
    """The patterns of the penetration test's findings are caught."""
    assert personal_in_url("/desk/lookup/?resident_phone=139+1234+5678&id_number=11010519491231002X")
    assert personal_in_url("/desk/find/?q=QY01-J2026-000001")  # a look-up parameter, whatever it holds
    assert personal_in_url("/desk/appointments/new/?starts_at=2026-12-02T10%3A00&resident_phone=13912345678")
    assert not personal_in_url("/desk/?continue=42")
    # a phone in any parameter, in any of the forms utilities/phones.py reads or stores
    for phone in (
        "13912345678",
        "%2B8613912345678",
        "021-6555+1234",
        "%28021%2965551234",
        "0571-8888-1234",
        "%2B862165551234x123",
        "%EF%BC%90%EF%BC%92%EF%BC%91%EF%BC%96%EF%BC%95%EF%BC%95%EF%BC%95%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94",
    ):
        assert personal_in_url(f"/desk/?next={phone}"), phone
    assert not personal_in_url("/desk/ledger/?page=20261202&v=1733112345")
    assert not personal_in_url("/desk/ledger/?search=Zx9_a-B1&page=2")
    _links, found = personal_in_page('<form method="get" action="/desk/find/"><input name="q"></form>')
    assert found
    _links, found = personal_in_page(
        '<form method="post"><input name="resident_phone"><button formmethod="get">查看</button></form>'
    )
    assert found
