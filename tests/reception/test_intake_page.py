import pytest
from django.urls import reverse
from django.utils import timezone

from reception.models import Appointment, Visit

from .. import query_budgets

pytestmark = pytest.mark.django_db


def post(client, **data):
    base = {"channel": "walk_in", "resident_name": "赵阿姨", "resident_phone": "13912345678", "outcome": "on_the_spot"}
    base.update(data)
    return client.post(reverse("reception:home"), base)


def test_the_desk_is_ready_to_type_into(client_of, worker_a, item_residence, desk_a):
    page = client_of(worker_a).get(reverse("reception:home")).content.decode()
    assert 'name="resident_name"' in page and "autofocus" in page
    assert 'data-search="居住证明 jzzm 民政' in page


def test_an_on_the_spot_intake_goes_to_the_visit(client_of, worker_a, item_residence, desk_a):
    response = post(
        client_of(worker_a), items=[item_residence.pk], **{f"brought_{item_residence.pk}": item_residence.materials}
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()


def test_a_notice_intake_goes_to_the_printable_notice(client_of, worker_a, item_residence, desk_a):
    client = client_of(worker_a)
    response = post(client, outcome="notice", items=[item_residence.pk], **{f"brought_{item_residence.pk}": ["户口簿"]})
    visit = Visit.objects.get()
    assert response["Location"] == visit.notice_url()
    notice = client.get(visit.notice_url()).content.decode()
    assert "身份证原件" in notice and "租赁合同" in notice and visit.reference in notice
    # What the resident brought is listed apart, as received (not as missing), and she signs.
    missing = notice.split('class="missing-list"')[1].split("</ol>")[0]
    received = notice.split('class="received-list"')[1].split("</ul>")[0]
    assert "户口簿" not in missing and "<li>户口簿</li>" in received
    assert "居民签收" in notice
    assert worker_a.display_name in notice and "早班" in notice  # who received, and when to come back


def test_invalid_input_keeps_everything_typed(client_of, worker_a, item_residence, item_allowance, desk_a):
    response = post(
        client_of(worker_a),
        resident_phone="1234",
        id_number="110105194912310021",
        address="玉田路1弄",
        notes="带了一半材料",
        items=[item_residence.pk, item_allowance.pk],
        **{f"brought_{item_residence.pk}": ["户口簿"]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "手机号码应为 11 位" in page and "校验位" in page
    assert 'value="1234"' in page and 'value="玉田路1弄"' in page and "带了一半材料" in page
    assert f'value="{item_allowance.pk}" checked' in page
    assert f'value="户口簿" id="id_brought_{item_residence.pk}_1" checked' in page  # the ticked paper stays ticked
    assert not Visit.objects.exists()


def test_a_rule_refusal_is_shown_on_the_outcome(client_of, worker_a, item_allowance, desk_a):
    response = post(
        client_of(worker_a), items=[item_allowance.pk], **{f"brought_{item_allowance.pk}": item_allowance.materials}
    )
    assert response.status_code == 400
    assert "不能当场办结" in response.content.decode()


def test_a_foreign_grid_area_or_worker_cannot_be_picked(
    client_of, worker_a, worker_b, committee_b, item_residence, desk_a
):
    from .. import factories

    foreign_area = factories.grid_area(committee_b)
    response = post(
        client_of(worker_a),
        grid_area=foreign_area.pk,
        outcome="appointment",
        appointment_worker=worker_b.pk,
        items=[item_residence.pk],
    )
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_the_resident_history_shows_earlier_visits_and_open_cases(client_of, worker_a, item_allowance, desk_a):
    client = client_of(worker_a)
    post(client, outcome="handed_on", items=[item_allowance.pk])
    visit = Visit.objects.get()
    page = client.post(reverse("reception:resident-lookup"), {"resident_phone": "139 1234 5678"}).content.decode()
    assert visit.reference in page and visit.case.reference in page and "高龄津贴申请" in page


def test_the_history_of_another_committee_is_not_shown(client_of, worker_a, worker_b, item_allowance, desk_a):
    post(client_of(worker_a), outcome="handed_on", items=[item_allowance.pk])
    from django.test import Client

    other = Client()
    other.force_login(worker_b.user)
    page = other.post(reverse("reception:resident-lookup"), {"resident_phone": "13912345678"}).content.decode()
    assert "高龄津贴申请" not in page


def test_find_by_notice_reference_and_continue(client_of, worker_a, item_residence, desk_a):
    client = client_of(worker_a)
    post(client, outcome="notice", items=[item_residence.pk], **{f"brought_{item_residence.pk}": ["户口簿"]})
    first = Visit.objects.get()
    found = client.post(reverse("reception:find"), {"q": first.reference}).content.decode()
    assert f"?continue={first.pk}" in found
    page = client.get(reverse("reception:home"), {"continue": first.pk}).content.decode()
    assert f'name="previous_visit" value="{first.pk}"' in page and 'value="赵阿姨"' in page
    # The phone stays on the server: the page shows it masked and the new visit gets it.
    assert "13912345678" not in page and "139****5678" in page
    post(
        client,
        items=[item_residence.pk],
        previous_visit=first.pk,
        resident_phone="",
        **{f"brought_{item_residence.pk}": item_residence.materials},
    )
    second = Visit.objects.exclude(pk=first.pk).get()
    assert second.previous_visit == first and second.resident_phone == "+8613912345678"
    assert "共 2 次" in client.get(second.get_absolute_url()).content.decode()


def test_the_intake_post_costs_a_fixed_number_of_queries(
    client_of, worker_a, item_residence, desk_a, django_assert_max_num_queries
):
    client = client_of(worker_a)
    data = {"items": [item_residence.pk], f"brought_{item_residence.pk}": item_residence.materials}
    with django_assert_max_num_queries(query_budgets.INTAKE_POST) as first:
        post(client, **data)
    first_count = len(first.captured_queries)  # read now: each request resets the query log
    for _ in range(5):
        post(client, **data)
    with django_assert_max_num_queries(first_count):
        post(client, **data)


def test_booking_an_appointment_offers_only_workers_on_duty(
    client_of, worker_a, director_a, item_allowance, tomorrow_duty
):
    client = client_of(worker_a)
    when = timezone.localtime(tomorrow_duty).strftime("%Y-%m-%dT%H:%M")
    page = client.post(reverse("reception:appointment-book"), {"starts_at": when, "check_duty": "1"})
    assert page.status_code == 200 and not Appointment.objects.exists()
    options = page.context["form"].fields["worker"].queryset
    assert list(options) == [worker_a]
    answer = client.get(reverse("reception:on-duty"), {"starts_at": when}).json()
    assert answer == {"workers": [{"id": worker_a.pk, "name": worker_a.display_name}]}
    response = client.post(
        reverse("reception:appointment-book"),
        {
            "starts_at": when,
            "resident_name": "钱先生",
            "resident_phone": "13800001111",
            "worker": worker_a.pk,
            "service_item": item_allowance.pk,
        },
    )
    assert response.status_code == 302
    refused = client.post(
        reverse("reception:appointment-book"),
        {
            "starts_at": when,
            "resident_name": "钱先生",
            "worker": director_a.pk,
        },
    )
    assert refused.status_code == 400


def test_tomorrows_appointments_are_reminded_once(committee_a, worker_a, tomorrow_duty):
    from casework.models import Notification
    from reception.services import appointment_book, remind_tomorrows_appointments

    appointment_book(
        committee=committee_a, worker=worker_a, starts_at=tomorrow_duty, resident_name="钱先生", created_by=worker_a
    )
    assert remind_tomorrows_appointments() == 1
    assert remind_tomorrows_appointments() == 0
    assert Notification.objects.filter(recipient=worker_a, text__contains="钱先生").count() == 1


def test_the_notice_of_another_committee_is_404(client_of, worker_b, worker_a, item_residence, desk_a):
    from reception.choices import Outcome
    from reception.services import visit_intake

    visit = visit_intake(
        committee=worker_a.committee,
        received_by=worker_a,
        resident_name="x",
        outcome=Outcome.NOTICE,
        chosen=[(item_residence, [])],
    )
    assert client_of(worker_b).get(visit.notice_url()).status_code == 404
