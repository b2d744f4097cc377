"""The one-off `link_residents`: links existing visits and cases to register people by the
record-time rule, reports per committee, changes nothing when run again."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from casework.models import Case
from casework.services import case_open
from reception.choices import Outcome
from reception.models import Visit
from reception.services import visit_record
from register import services as register_services

pytestmark = pytest.mark.django_db

ID_1949 = "11010519491231002X"


@pytest.fixture
def records(time_machine, committee_a, committee_b, worker_a, worker_b, line_civil):
    """Visits and cases recorded before the register knew anyone, then the register."""
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)

    def visit(committee, worker, **kwargs):
        return visit_record(committee=committee, received_by=worker, outcome=Outcome.CONSULTATION, **kwargs)

    made = {
        "by_id": visit(committee_a, worker_a, resident_name="赵某", id_number=ID_1949),
        "by_phone": visit(committee_a, worker_a, resident_name="钱大伯", resident_phone="021-6555 1234"),
        "stranger": visit(committee_a, worker_a, resident_name="孙路人", resident_phone="13800002222"),
        "nothing": visit(committee_a, worker_a, resident_name="李某"),
        "other_committee": visit(committee_b, worker_b, resident_name="钱大伯", resident_phone="021-6555 1234"),
        "case": case_open(
            committee=committee_a,
            first_responder=worker_a,
            title="路灯",
            line=line_civil,
            resident_name="钱大伯",
            resident_phone="02165551234",
        ),
    }
    zhao, _ = register_services.person_find_or_create(
        committee=committee_a, name="赵阿婆", id_number=ID_1949, phones=["13912345678"]
    )
    qian, _ = register_services.person_find_or_create(committee=committee_a, name="钱大伯", phones=["021-6555 1234"])
    made.update(zhao=zhao, qian=qian)
    return made


def run(*args):
    out = StringIO()
    call_command("link_residents", *args, stdout=out)
    return out.getvalue()


def test_it_links_by_id_number_and_by_name_and_phone_within_the_committee(records):
    run()
    assert Visit.objects.get(pk=records["by_id"].pk).person == records["zhao"]
    assert Visit.objects.get(pk=records["by_phone"].pk).person == records["qian"]
    assert Case.objects.get(pk=records["case"].pk).person == records["qian"]
    assert not Visit.objects.filter(person__isnull=False, committee=records["other_committee"].committee).exists()
    assert Visit.objects.get(pk=records["stranger"].pk).person is None


def test_it_reports_per_committee_what_it_linked_and_what_it_could_not(records):
    out = run()
    assert (
        "AA01 甲一居委会: linked_visits=2 linked_cases=1 unmatched_with_phone=1 "
        "unmatched_id_number_only=0 unmatched_without_identifier=1"
    ) in out
    assert (
        "BB01 乙一居委会: linked_visits=0 linked_cases=0 unmatched_with_phone=1 "
        "unmatched_id_number_only=0 unmatched_without_identifier=0"
    ) in out


def test_the_history_records_the_link(records):
    run()
    latest = Visit.objects.get(pk=records["by_id"].pk).history.first()
    assert latest.person_id == records["zhao"].pk
    assert latest.history_change_reason == "link_residents"


def test_a_dry_run_counts_and_changes_nothing(records):
    out = run("--dry-run")
    assert "dry-run" in out and "linked_visits=2 linked_cases=1" in out
    assert not Visit.objects.filter(person__isnull=False).exists()
    assert not Case.objects.filter(person__isnull=False).exists()


def test_running_it_again_links_nothing_more(records, django_assert_max_num_queries):
    run()
    with django_assert_max_num_queries(8):  # set-based: a fixed number of queries, whatever the rows
        out = run()
    assert "linked_visits=0 linked_cases=0 unmatched_with_phone=1" in out
    assert Visit.objects.filter(person__isnull=False).count() == 2


def test_it_links_nobody_when_two_records_match_equally(records, committee_a):
    second, _ = register_services.person_find_or_create(committee=committee_a, name="钱大", phones=["021-6555 1234"])
    register_services.person_update(person=second, name="钱大伯")  # the register's own duplicate
    out = run()
    assert "AA01 甲一居委会: linked_visits=1 linked_cases=0 unmatched_with_phone=3" in out
    assert Visit.objects.get(pk=records["by_phone"].pk).person is None
