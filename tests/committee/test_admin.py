"""Django admin is scoped like every other page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_offices(committee_a, committee_b, line_civil, item_allowance):
    return (
        factories.one_of_everything(committee_a, line_civil, item_allowance),
        factories.one_of_everything(committee_b, line_civil, item_allowance),
    )


def changelist_urls():
    for model in admin.site._registry:
        yield model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_changelist_opens_for_a_street_admin(client_of, street_admin_a, both_offices):
    client = client_of(street_admin_a)
    for _model, url in changelist_urls():
        if client.get(url).status_code == 403:
            continue  # a model the street admin has no view permission on (e.g. groups)
        assert client.get(url).status_code == 200, url


def test_changelists_show_only_the_admins_street_office(client_of, street_admin_a, both_offices, committee_b):
    client = client_of(street_admin_a)
    records_a, records_b = both_offices
    for model, url in changelist_urls():
        response = client.get(url)
        if response.status_code != 200:
            continue
        changelist = response.context["cl"]
        shown = set(changelist.queryset.values_list("pk", flat=True))
        for record in records_b:
            if isinstance(record, model):
                assert record.pk not in shown, (url, record)


def test_a_street_admin_cannot_open_another_offices_record(client_of, street_admin_a, both_offices):
    client = client_of(street_admin_a)
    _records_a, records_b = both_offices
    for record in records_b:
        info = (record._meta.app_label, record._meta.model_name)
        if record.__class__ not in admin.site._registry:
            continue
        response = client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
        assert response.status_code in (302, 403, 404), record
        history = client.get(reverse("admin:{}_{}_history".format(*info), args=[record.pk]))
        assert history.status_code in (403, 404), record


def test_foreign_key_choices_offer_only_the_admins_office(client_of, street_admin_a, committee_a, committee_b):
    client = client_of(street_admin_a)
    response = client.get(reverse("admin:committee_gridarea_add"))
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields["committee"].queryset
    assert committee_a in choices and committee_b not in choices


def test_autocomplete_does_not_leak_other_committees(client_of, street_admin_a, committee_a, committee_b):
    client = client_of(street_admin_a)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "committee", "model_name": "gridarea", "field_name": "committee", "term": ""},
    )
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert committee_a.pk in ids and committee_b.pk not in ids


def test_nothing_users_entered_can_be_deleted(client_of, street_admin_a, both_offices):
    client = client_of(street_admin_a)
    records_a, _records_b = both_offices
    visit = next(r for r in records_a if r._meta.model_name == "visit")
    url = reverse("admin:reception_visit_delete", args=[visit.pk])
    assert client.post(url, {"post": "yes"}).status_code in (302, 403)
    assert visit.__class__.objects.filter(pk=visit.pk).exists()


def test_admin_lists_never_show_id_numbers_in_clear(client_of, street_admin_a, both_offices):
    client = client_of(street_admin_a)
    page = client.get(reverse("admin:reception_visit_changelist")).content.decode()
    assert "11010519491231002X" not in page
    assert "1101**********002X" in page
    assert "13912345678" not in page


def test_a_grid_areas_public_phone_is_checked_in_admin_too(client_of, street_admin_a, committee_a):
    client = client_of(street_admin_a)
    data = {"committee": committee_a.pk, "name": "东片", "active": "on"}
    refused = client.post(reverse("admin:committee_gridarea_add"), {**data, "public_phone": "16412345678"})
    assert refused.status_code == 200 and "手机号段 164 未启用" in refused.content.decode()
    client.post(reverse("admin:committee_gridarea_add"), {**data, "public_phone": "021 65550101 转 8001"})
    assert committee_a.grid_areas.get(name="东片").public_phone == "021-6555 0101 转 8001"
