"""PIPL: ID numbers never in clear outside the one recorded showing; retention anonymises
old records and keeps the statistics."""

import datetime as dt
import logging
from io import BytesIO, StringIO

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Notification
from casework.services import case_note, case_open, case_void
from committee.roles import Role
from reception.choices import Channel, Outcome
from reception.models import Appointment, IdNumberAccess, Visit
from reception.retention import ANONYMISED_NAME, ERASED_TEXT, retention_due, visits_anonymise_older_than
from reception.services import id_number_reveal, visit_record

from .. import factories

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
MASKED = "1101**********002X"
PHONE = "13912345678"


@pytest.fixture
def visit(committee_a, worker_a):
    return visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵居民",
        outcome=Outcome.CONSULTATION,
        resident_phone=PHONE,
        id_number=ID_NUMBER,
        address="玉田路1弄2号",
        notes="咨询高龄津贴",
    )


@pytest.fixture
def director_b(committee_b):
    return factories.worker(committee_b, role=Role.DIRECTOR, username="director-b", name="钱主任")


def reveal_url(visit):
    return reverse("reception:reveal-id", args=[visit.pk])


# --- showing the whole number ---------------------------------------------------------------


def test_it_refuses_a_desk_worker(client_of, worker_a, visit):
    client = client_of(worker_a)
    assert client.get(reveal_url(visit)).status_code == 403
    assert client.post(reveal_url(visit), {"reason": "核对"}).status_code == 403
    assert not IdNumberAccess.objects.exists()


def test_it_refuses_a_desk_worker_in_the_service_too(worker_a, visit):
    with pytest.raises(PermissionDenied):
        id_number_reveal(visit=visit, by=worker_a, reason="核对")
    assert not IdNumberAccess.objects.exists()


def test_the_director_sees_the_form_first(client_of, director_a, visit):
    response = client_of(director_a).get(reveal_url(visit))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="reason"' in page and MASKED in page and ID_NUMBER not in page
    assert not IdNumberAccess.objects.exists()


def test_the_director_sees_the_number_for_a_reason_and_it_is_recorded(client_of, director_a, visit):
    before = timezone.now()
    response = client_of(director_a).post(reveal_url(visit), {"reason": "办理低保申请，核对身份证号"})
    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    access = IdNumberAccess.objects.get()
    assert access.visit == visit and access.worker == director_a
    assert access.reason == "办理低保申请，核对身份证号"
    assert before <= access.at <= timezone.now()


def test_without_a_reason_the_form_says_so(client_of, director_a, visit):
    response = client_of(director_a).post(reveal_url(visit), {"reason": "  "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "field-error" in page and ID_NUMBER not in page
    assert not IdNumberAccess.objects.exists()


def test_the_service_requires_a_reason(director_a, visit):
    with pytest.raises(ValidationError):
        id_number_reveal(visit=visit, by=director_a, reason=" ")
    assert not IdNumberAccess.objects.exists()


def test_the_director_of_b_cannot_find_a_visit_of_a(client_of, director_b, visit):
    client = client_of(director_b)
    assert client.get(reveal_url(visit)).status_code == 404
    assert client.post(reveal_url(visit), {"reason": "核对"}).status_code == 404
    assert not IdNumberAccess.objects.exists()


def test_a_street_admin_cannot_reveal(client_of, street_admin_a, visit):
    assert client_of(street_admin_a).post(reveal_url(visit), {"reason": "核对"}).status_code == 403
    assert not IdNumberAccess.objects.exists()


def test_the_security_log_line_has_ids_and_no_number(client_of, director_a, visit, caplog):
    with caplog.at_level(logging.INFO, logger="juweihui.security"):
        client_of(director_a).post(reveal_url(visit), {"reason": "核对"})
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "juweihui.security")
    assert f"visit={visit.pk}" in text and f"worker={director_a.pk}" in text
    assert ID_NUMBER not in text and ID_NUMBER[:17] not in text and "赵居民" not in text


def test_an_anonymised_visit_has_no_number_to_show(client_of, director_a, visit):
    Visit.objects.filter(pk=visit.pk).update(id_number_encrypted="", id_number_masked="", anonymised_at=timezone.now())
    response = client_of(director_a).post(reveal_url(visit), {"reason": "核对"})
    assert response.status_code == 400
    assert not IdNumberAccess.objects.exists()


# --- never in clear anywhere else -----------------------------------------------------------


def test_the_visit_page_shows_the_number_masked(client_of, director_a, visit):
    page = client_of(director_a).get(visit.get_absolute_url()).content.decode()
    assert MASKED in page and ID_NUMBER not in page and PHONE not in page


def test_the_reveal_link_is_for_the_director_only(director_a, worker_a, visit):
    def link_for(worker):
        context = {"visit": visit, "can_act": True, "perms": PermWrapper(worker.user)}
        return reveal_url(visit) in render_to_string("reception/_reveal_id.html", context)

    assert link_for(director_a) and not link_for(worker_a)


def test_the_ledger_and_its_exports_never_show_the_number(client_of, director_a, visit):
    from openpyxl import load_workbook

    client = client_of(director_a)
    ledger = client.get(reverse("reception:ledger")).content.decode()
    assert visit.reference in ledger and ID_NUMBER not in ledger and PHONE not in ledger
    csv_text = b"".join(client.get(reverse("reception:ledger-csv")).streaming_content).decode("utf-8-sig")
    assert visit.reference in csv_text and ID_NUMBER not in csv_text and PHONE not in csv_text
    workbook = load_workbook(BytesIO(client.get(reverse("reception:ledger-xlsx")).content), read_only=True)
    cells = " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    assert visit.reference in cells and ID_NUMBER not in cells and PHONE not in cells


def test_the_admin_list_and_history_never_show_the_number(client_of, street_admin_a, visit):
    client = client_of(street_admin_a)
    history = Visit.history.filter(id=visit.pk).first()
    pages = [
        reverse("admin:reception_visit_changelist"),
        reverse("admin:reception_visit_change", args=[visit.pk]),
        reverse("admin:reception_visit_history", args=[visit.pk]),
        reverse("admin:reception_visit_simple_history", args=[visit.pk, history.history_id]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert ID_NUMBER not in response.content.decode(), url


def test_the_database_row_and_its_history_hold_no_number(visit):
    row = Visit.objects.filter(pk=visit.pk).values().get()
    assert ID_NUMBER not in " ".join(str(value) for value in row.values())
    assert row["id_number_masked"] == MASKED and row["id_number_encrypted"]
    for historical in Visit.history.filter(id=visit.pk).values():
        assert ID_NUMBER not in " ".join(str(value) for value in historical.values())
        assert "id_number_encrypted" not in historical


def test_the_access_records_are_read_only_in_admin(client_of, street_admin_a, director_a, visit):
    id_number_reveal(visit=visit, by=director_a, reason="核对")
    client = client_of(street_admin_a)
    listing = client.get(reverse("admin:reception_idnumberaccess_changelist"))
    assert listing.status_code == 200 and "核对" in listing.content.decode()
    assert ID_NUMBER not in listing.content.decode()
    assert client.get(reverse("admin:reception_idnumberaccess_add")).status_code == 403


# --- retention ------------------------------------------------------------------------------

YEAR = dt.timedelta(days=365)


@pytest.fixture
def old_and_recent(committee_a, worker_a, item_allowance):
    now = timezone.now()

    def record(age, **kwargs):
        return visit_record(
            committee=committee_a,
            received_by=worker_a,
            resident_name="孙老伯",
            resident_phone=PHONE,
            id_number=ID_NUMBER,
            address="玉田路3弄",
            notes="家住三楼",
            received_at=now - age,
            **kwargs,
        )

    old = record(4 * YEAR, outcome=Outcome.NOTICE, items=[(item_allowance, ["银行卡"])])
    old_voided = record(4 * YEAR + dt.timedelta(days=3), outcome=Outcome.CONSULTATION, channel=Channel.PHONE)
    Visit.objects.filter(pk=old_voided.pk).update(voided_at=now - 4 * YEAR, void_reason="重复登记")
    recent = record(YEAR, outcome=Outcome.CONSULTATION)
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="高龄津贴申请：孙老伯",
        service_item=item_allowance,
        resident_name="孙老伯",
        resident_phone=PHONE,
        address="玉田路3弄",
        description="孙老伯独居，家住三楼",
        registered_at=now - 4 * YEAR,
    )
    case_note(case=case, by=worker_a, note="已电话联系孙老伯的女儿")
    Notification.objects.create(recipient=worker_a, case=case, text="新派单：高龄津贴申请：孙老伯")
    case_void(case=case, by=worker_a, reason="居民撤回")
    Case.objects.filter(pk=case.pk).update(voided_at=now - 4 * YEAR + dt.timedelta(days=1))
    old_appointment = Appointment.objects.create(
        committee=committee_a,
        worker=worker_a,
        created_by=worker_a,
        resident_name="孙老伯",
        resident_phone=PHONE,
        notes="坐轮椅",
        starts_at=now - 4 * YEAR,
    )
    return {"old": old, "old_voided": old_voided, "recent": recent, "case": case, "appointment": old_appointment}


def statistics(before):
    """What the dashboard and reports count of the visits before `before`."""
    visits = Visit.objects.filter(received_at__lt=before).order_by("pk")
    return (
        list(visits.values_list("outcome", "channel").annotate(n=Count("id")).order_by("outcome", "channel")),
        visits.valid().count(),
        list(visits.values_list("received_by", "grid_area", "received_at", "case", "voided_at")),
        list(visits.values_list("items__service_item", "items__materials_missing")),
    )


def test_retention_anonymises_old_visits_and_their_history(old_and_recent):
    old = old_and_recent["old"]
    assert visits_anonymise_older_than(days=3 * 365) == 2
    for pk in (old.pk, old_and_recent["old_voided"].pk):
        row = Visit.objects.filter(pk=pk).values().get()
        assert row["resident_name"] == ANONYMISED_NAME and row["anonymised_at"] is not None
        assert row["resident_phone"] == row["address"] == row["notes"] == ""
        assert row["id_number_encrypted"] == row["id_number_digest"] == row["id_number_masked"] == ""
        for historical in Visit.history.filter(id=pk).values():
            text = " ".join(str(value) for value in historical.values())
            assert "孙老伯" not in text and PHONE not in text and "玉田路" not in text and "家住三楼" not in text
            assert "002X" not in text


def test_retention_keeps_what_is_within_the_period(old_and_recent):
    recent = old_and_recent["recent"]
    visits_anonymise_older_than(days=3 * 365)
    row = Visit.objects.filter(pk=recent.pk).values().get()
    assert (
        row["resident_name"] == "孙老伯"
        and row["resident_phone"] == "+86" + PHONE
        and row["id_number_masked"] == MASKED
    )
    assert row["anonymised_at"] is None
    assert Visit.history.filter(id=recent.pk, resident_name="孙老伯").exists()


def test_retention_keeps_the_statistics(old_and_recent):
    cutoff = timezone.now() - 3 * 365 * dt.timedelta(days=1)
    before = statistics(cutoff)
    visits_anonymise_older_than(days=3 * 365)
    assert statistics(cutoff) == before
    old = Visit.objects.get(pk=old_and_recent["old"].pk)
    assert old.voided_at is None and old.items.get().materials_missing == ["银行卡"]
    # Voided still, and says a reason was given; the words typed may have named the resident.
    assert Visit.objects.get(pk=old_and_recent["old_voided"].pk).void_reason == ERASED_TEXT


def test_retention_anonymises_old_cases_and_appointments(old_and_recent):
    visits_anonymise_older_than(days=3 * 365)
    case = Case.objects.get(pk=old_and_recent["case"].pk)
    assert case.resident_name == ANONYMISED_NAME and case.resident_phone == case.address == ""
    assert case.title == f"高龄津贴申请：{ANONYMISED_NAME}" and case.status == "voided"
    for historical in Case.history.filter(id=case.pk):
        assert "孙老伯" not in f"{historical.title} {historical.resident_name}" and historical.resident_phone == ""
    appointment = Appointment.objects.get(pk=old_and_recent["appointment"].pk)
    assert appointment.resident_name == ANONYMISED_NAME and appointment.resident_phone == appointment.notes == ""
    assert not Appointment.history.filter(id=appointment.pk, resident_name="孙老伯").exists()


def test_retention_erases_the_free_text_of_old_cases(old_and_recent):
    case = old_and_recent["case"]
    visits_anonymise_older_than(days=3 * 365)
    case.refresh_from_db()
    assert case.description == ERASED_TEXT and case.resolution == case.follow_up_comment == ""
    assert case.void_reason == ERASED_TEXT and case.status == "voided"  # a reason may name the resident
    notes = list(case.events.values_list("note", flat=True))
    assert notes and all(note in ("", ERASED_TEXT) for note in notes)
    assert "孙老伯" not in " ".join(Notification.objects.filter(case=case).values_list("text", flat=True))
    assert not Case.history.filter(id=case.pk, description__contains="孙老伯").exists()


def test_retention_is_idempotent(old_and_recent):
    visits_anonymise_older_than(days=3 * 365)
    assert set(retention_due(days=3 * 365).values()) == {0}
    assert visits_anonymise_older_than(days=3 * 365) == 0


def test_the_command_dry_run_changes_nothing(old_and_recent):
    out = StringIO()
    call_command("anonymise_old_visits", "--dry-run", stdout=out)
    assert "visits=2 appointments=1 seal_uses=0 id_number_accesses=0 cases=1 notifications=1" in out.getvalue()
    assert not Visit.objects.filter(anonymised_at__isnull=False).exists()
    assert Visit.objects.filter(resident_name="孙老伯").count() == 3
    assert Case.objects.filter(resident_name="孙老伯").exists()
    assert Appointment.objects.filter(resident_name="孙老伯").exists()


def test_the_command_anonymises_with_the_default_period(old_and_recent):
    out = StringIO()
    call_command("anonymise_old_visits", stdout=out)
    assert "visits=2 appointments=1 seal_uses=0 id_number_accesses=0 cases=1 notifications=1" in out.getvalue()
    assert Visit.objects.filter(resident_name="孙老伯").get() == old_and_recent["recent"]


def test_the_command_takes_a_period(old_and_recent):
    call_command("anonymise_old_visits", "--days", "200", stdout=StringIO())
    assert not Visit.objects.filter(resident_name="孙老伯").exists()
