"""carework.services.home_visit_record: idempotent by client_id, a case or a desk visit in one step."""

import datetime as dt
import uuid
from io import StringIO

import pytest
from django.core.exceptions import ValidationError

from carework.models import HomeVisit
from carework.services import home_visit_record
from casework.models import Case
from reception.choices import Channel, Outcome
from reception.models import Visit
from register.services import person_leave
from tests import factories

pytestmark = pytest.mark.django_db


def record(person, worker, client_id=None, **fields):
    return home_visit_record(
        client_id=client_id or uuid.uuid4(),
        committee=person.committee,
        worker=worker,
        person=person,
        outcome=fields.pop("outcome", "seen"),
        **fields,
    )


def test_the_same_record_sent_twice_is_stored_once_with_one_case(working_day, resident, worker_a, line_civil):
    person = resident("钱大爷", tags=["living_alone"])
    client_id = uuid.uuid4()
    case = {"title": "水管漏水", "line": line_civil}
    first = record(person, worker_a, client_id, needs="厨房水管漏水", open_case=case)
    again = record(person, worker_a, client_id, needs="改过的内容", open_case=case)
    assert again.pk == first.pk and again.needs == "厨房水管漏水"
    assert HomeVisit.objects.count() == 1
    assert Case.objects.count() == 1


def test_a_need_becomes_a_case_from_the_visit(working_day, resident, worker_a, line_civil, area_a):
    person = resident("钱大爷", tags=["living_alone"], building="3号楼")
    visit = record(person, worker_a, needs="想申请助餐", open_case={"title": "申请助餐", "line": line_civil})
    case = visit.case
    assert case.source == "home_visit"
    assert case.first_responder == worker_a
    assert case.person == person
    assert case.grid_area == area_a and "3号楼" in case.address
    assert case.description == "想申请助餐"
    assert visit.household is not None and visit.grid_area == area_a


def test_a_desk_matter_is_recorded_as_a_home_visit_channel_visit(working_day, resident, worker_a):
    person = resident("钱大爷")
    visit = record(person, worker_a, needs="咨询高龄津贴", desk_visit={"outcome": Outcome.CONSULTATION})
    desk = Visit.objects.get()
    assert visit.desk_visit == desk
    assert desk.channel == Channel.HOME_VISIT and desk.person == person and desk.received_by == worker_a


def test_a_visit_to_someone_who_moved_out_meanwhile_is_kept_and_flagged(working_day, resident, worker_a, area_a):
    person = resident("钱大爷")
    person_leave(person=person, status="moved_out", on=working_day.date())
    visit = record(person, worker_a, outcome="not_home")
    assert visit.person_left
    assert visit.grid_area == area_a  # where they lived last
    assert HomeVisit.objects.filter(person=person).count() == 1


def test_a_failed_case_leaves_no_visit_behind(working_day, resident, worker_a, line_civil):
    person = resident("钱大爷")
    with pytest.raises(ValidationError):
        record(person, worker_a, open_case={"title": "", "line": line_civil})
    assert not HomeVisit.objects.exists() and not Case.objects.exists()


def test_a_worker_cannot_record_for_another_committees_person(working_day, resident, worker_b, worker_a):
    person = resident("钱大爷")
    with pytest.raises(ValidationError):
        home_visit_record(
            client_id=uuid.uuid4(), committee=worker_b.committee, worker=worker_b, person=person, outcome="seen"
        )
    with pytest.raises(ValidationError):
        record(person, worker_b)  # a worker of B for A's committee
    assert not HomeVisit.objects.exists()


def test_a_client_id_of_another_committee_is_refused(working_day, resident, worker_a, committee_b, worker_b):
    client_id = uuid.uuid4()
    record(resident("钱大爷"), worker_a, client_id)
    area_b = factories.grid_area(committee_b, responsible=worker_b)
    theirs = resident("乙居民", area=area_b, committee=committee_b)
    with pytest.raises(ValidationError):
        record(theirs, worker_b, client_id)


def test_a_visit_in_the_future_or_a_next_date_before_it_is_refused(working_day, resident, worker_a):
    person = resident("钱大爷")
    with pytest.raises(ValidationError):
        record(person, worker_a, visited_at=working_day + dt.timedelta(days=2))
    with pytest.raises(ValidationError):
        record(person, worker_a, next_visit_on=working_day.date())
    with pytest.raises(ValidationError):
        record(person, worker_a, outcome="maybe")
    assert not HomeVisit.objects.exists()


def test_a_desk_matter_is_a_consultation_answered(working_day, resident, worker_a):
    visit = record(resident("钱大爷"), worker_a, desk_visit={"outcome": Outcome.CONSULTATION})
    assert visit.desk_visit.channel == Channel.HOME_VISIT and visit.desk_visit.outcome == Outcome.CONSULTATION


@pytest.mark.parametrize("outcome", [Outcome.ON_THE_SPOT, Outcome.NOTICE, "nonsense"])
def test_a_desk_matter_without_service_items_follows_the_desks_rules(working_day, resident, worker_a, outcome):
    """当场办结 with nothing done would count in the director's on-the-spot rate."""
    with pytest.raises(ValidationError):
        record(resident("钱大爷"), worker_a, desk_visit={"outcome": outcome})
    assert not HomeVisit.objects.exists() and not Visit.objects.exists()


def test_a_visit_to_a_merged_duplicate_lands_on_the_record_kept(working_day, resident, worker_a, director_a):
    from register.services import person_merge

    keep = resident("钱大爷")
    duplicate = resident("钱大爷（重复）")
    person_merge(keep=keep, duplicate=duplicate, by=director_a.user)
    assert record(duplicate, worker_a).person == keep


def test_the_care_sweep_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "carework.tasks.sweep_care_reminders" in tasks


def test_a_merge_moves_the_duplicates_visits_to_the_record_kept(working_day, resident, worker_a, director_a):
    from register.services import person_merge

    keep = resident("钱大爷")
    duplicate = resident("钱大爷（重复）")
    record(duplicate, worker_a)
    person_merge(keep=keep, duplicate=duplicate, by=director_a.user)
    assert HomeVisit.objects.get().person == keep


def test_retention_erases_a_visits_needs_notes_and_person(working_day, resident, worker_a, settings):
    from django.core.management import call_command

    from utilities.erasure import ERASED_TEXT

    person = resident("钱大爷")
    visit = record(person, worker_a, needs="要助餐", notes="独居", condition="poor")
    HomeVisit.objects.update(
        visited_at=working_day - dt.timedelta(days=settings.RETENTION_DAYS + 1),
        received_at=working_day - dt.timedelta(days=settings.RETENTION_DAYS + 1),
    )
    call_command("anonymise_old_visits", stdout=StringIO())
    visit.refresh_from_db()
    assert (visit.needs, visit.notes, visit.person) == (ERASED_TEXT, ERASED_TEXT, None)
    assert visit.outcome == "seen" and visit.condition == "poor" and visit.grid_area is not None


def test_two_sends_at_once_store_one_visit_and_one_case(working_day, resident, worker_a, line_civil, monkeypatch):
    from carework import services

    person = resident("钱大爷")
    client_id = uuid.uuid4()
    case = {"title": "水管漏水", "line": line_civil}
    first = record(person, worker_a, client_id, open_case=case)
    # The second request looked before the first committed: it finds nothing, then loses
    # the race at the unique client_id; its case goes with its transaction.
    monkeypatch.setattr(services, "_stored", lambda client_id: None)
    again = record(person, worker_a, client_id, open_case=case)
    assert again.pk == first.pk
    assert HomeVisit.objects.count() == 1 and Case.objects.count() == 1


def test_a_visit_records_the_household_the_person_lives_in_now(working_day, resident, worker_a, committee_a):
    from register.models import Membership
    from register.services import household_create, person_join_household

    person = resident("钱大爷")
    old = Membership.objects.get(person=person, ended_on__isnull=True).household
    new = household_create(committee=committee_a, grid_area=old.grid_area, building="9号楼", room="901室")
    person_join_household(person=person, household=new, relation="head")
    assert record(person, worker_a).household == new


def test_a_next_visit_more_than_a_year_ahead_is_refused(working_day, resident, worker_a):
    import datetime as dt

    from django.utils import timezone

    with pytest.raises(ValidationError):
        record(resident("钱大爷"), worker_a, next_visit_on=timezone.localdate() + dt.timedelta(days=400))
    assert not HomeVisit.objects.exists()
