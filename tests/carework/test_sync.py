"""Issue 18, point 4: the offline app's sync endpoint and the data it gives the phone."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse

from carework.models import HomeVisit
from casework.models import Case
from patrols.models import Finding, Patrol
from register.models import CareTag, Person, SensitiveTagView
from register.services import (
    household_create,
    person_find_or_create,
    person_join_household,
    person_leave,
    person_tag_add,
)
from tests import factories

from .conftest import START

pytestmark = pytest.mark.django_db

SYNC = "/care/sync/"
DATA = "/care/sync/data/"
WHEN = (START - dt.timedelta(minutes=30)).isoformat()


def post(client, records):
    return client.post(SYNC, data=json.dumps({"records": records}), content_type="application/json")


def statuses(response):
    return [result["status"] for result in response.json()["results"]]


@pytest.fixture
def signed_in(client, worker_a, start):
    client.force_login(worker_a.user)
    return client


@pytest.fixture
def round_(resident, area_a, line_civil):
    """Three visits (one raising a case), a patrol with a finding that opens a case, its end."""
    people = [resident(name, tags=["living_alone"]) for name in ("钱阿婆", "孙老伯", "李奶奶")]
    patrol = str(uuid.uuid4())

    def record(kind, **fields):
        return {"kind": kind, "client_id": str(uuid.uuid4()), "recorded_at": WHEN, **fields}

    return [
        record("home_visit", person=people[0].pk, outcome="seen", condition="poor", needs="扶手",
               case={"title": "安装扶手", "line": line_civil.pk}),
        record("home_visit", person=people[1].pk, outcome="not_home"),
        record("home_visit", person=people[2].pk, outcome="seen", condition="good"),
        {"kind": "patrol_start", "client_id": patrol, "recorded_at": WHEN, "grid_area": area_a.pk},
        record("finding", patrol=patrol, category="safety", description="楼道堆放杂物", location="3号楼",
               case={"title": "清理楼道", "line": line_civil.pk}),
        {**record("patrol_end", patrol=patrol, route_notes="1–5号楼"),
         "recorded_at": (START - dt.timedelta(minutes=5)).isoformat()},
    ]  # fmt: skip


def counts():
    return (
        HomeVisit.objects.count(),
        Patrol.objects.count(),
        Patrol.objects.filter(ended_at__isnull=False).count(),
        Finding.objects.count(),
        Case.objects.count(),
    )


def test_a_round_is_stored_and_the_same_batch_replayed_stores_nothing_new(signed_in, round_):
    first = post(signed_in, round_)
    assert first.status_code == 200
    assert statuses(first) == ["stored"] * 6
    assert counts() == (3, 1, 1, 1, 2)
    assert all(result["id"] for result in first.json()["results"])

    again = post(signed_in, round_)
    assert statuses(again) == ["already"] * 6
    assert counts() == (3, 1, 1, 1, 2)
    assert [r["id"] for r in again.json()["results"]] == [r["id"] for r in first.json()["results"]]


def test_a_batch_cut_off_halfway_then_resent_whole_stores_each_record_once(signed_in, round_):
    assert statuses(post(signed_in, round_[:4])) == ["stored"] * 4
    assert statuses(post(signed_in, round_)) == ["already"] * 4 + ["stored"] * 2
    assert counts() == (3, 1, 1, 1, 2)


def test_a_refused_record_is_reported_and_does_not_stop_the_others(signed_in, round_):
    bad = [
        {**round_[1], "outcome": "maybe"},
        {"kind": "finding", "client_id": str(uuid.uuid4()), "patrol": str(uuid.uuid4()), "category": "safety",
         "description": "x"},
        {"kind": "teleport", "client_id": str(uuid.uuid4())},
        {"kind": "home_visit", "client_id": "not-a-uuid"},
        "just a string",
        {**round_[2], "recorded_at": "yesterday-ish"},
    ]  # fmt: skip
    response = post(signed_in, [round_[0], *bad, round_[3]])
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["stored"] + ["refused"] * 6 + ["stored"]
    assert all(r["message"] for r in results[1:-1])
    assert HomeVisit.objects.count() == 1 and Patrol.objects.count() == 1


def test_a_person_or_area_of_another_committee_is_refused(signed_in, resident, committee_b, round_):
    area_b = factories.grid_area(committee_b)
    stranger = resident("赵先生", committee=committee_b, area=area_b)
    response = post(
        signed_in,
        [
            {"kind": "home_visit", "client_id": str(uuid.uuid4()), "person": stranger.pk, "outcome": "seen"},
            {"kind": "patrol_start", "client_id": str(uuid.uuid4()), "grid_area": area_b.pk},
        ],
    )
    assert statuses(response) == ["refused", "refused"]
    assert not HomeVisit.objects.exists() and not Patrol.objects.exists()


def test_another_committees_patrol_cannot_be_reached_by_its_client_id(client, worker_b, signed_in, round_):
    post(signed_in, round_[3:4])
    client.force_login(worker_b.user)
    finding = {"kind": "finding", "client_id": str(uuid.uuid4()), "patrol": round_[3]["client_id"],
               "category": "safety", "description": "x"}  # fmt: skip
    assert statuses(post(client, [finding, {**round_[5], "client_id": str(uuid.uuid4())}])) == ["refused"] * 2
    assert not Finding.objects.exists() and Patrol.objects.get().ended_at is None


def test_a_visit_to_someone_who_moved_out_meanwhile_is_stored_and_flagged(signed_in, round_, time_machine):
    person_id = round_[0]["person"]
    person_leave(person=Person.objects.get(pk=person_id), status="moved_out", on=START.date())
    assert statuses(post(signed_in, round_[:1])) == ["stored"]
    assert HomeVisit.objects.get().person_left


def test_the_data_holds_only_the_workers_own_areas(
    signed_in, resident, plan, area_a, committee_a, committee_b, worker_a
):
    plan("living_alone", 7)
    plan("dibao", 30)
    mine = resident("钱阿婆", tags=["living_alone", "dibao"])
    colleague = factories.worker(committee_a)
    other_area = factories.grid_area(committee_a, responsible=colleague)
    resident("孙老伯", tags=["living_alone"], area=other_area)
    area_b = factories.grid_area(committee_b)
    director_b = factories.worker(committee_b, role="director")
    resident("赵先生", tags=["living_alone"], committee=committee_b, area=area_b, by=director_b)

    response = signed_in.get(DATA)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    assert [p["name"] for p in data["people"]] == ["钱阿婆"]
    assert [a["id"] for a in data["areas"]] == [area_a.pk]
    assert set(data["people"][0]["tags"]) == {"独居老人", "低保"}
    assert data["version"] and data["lines"] is not None
    # The sensitive tag was shown in full: recorded, as a person page would.
    assert SensitiveTagView.objects.filter(viewer=worker_a.user, person=mine).count() == 1
    text = response.content.decode()
    assert "孙老伯" not in text and "赵先生" not in text and "id_number" not in text


def test_the_data_shows_phones_masked(signed_in, plan, committee_a, area_a, director_a):
    plan("living_alone", 7)
    person, _created = person_find_or_create(committee=committee_a, name="钱阿婆", phones=["13912345678"])
    household = household_create(committee=committee_a, grid_area=area_a, building="3号楼", room="201室")
    person_join_household(person=person, household=household, relation="head")
    person_tag_add(person=person, tag=CareTag.objects.get(code="living_alone"), by=director_a.user, reason="证明")
    data = signed_in.get(DATA).json()
    assert data["people"][0]["phone"] == "139****5678"
    assert "13912345678" not in json.dumps(data)


def test_a_body_too_large_or_unreadable_is_refused_with_a_message(signed_in, round_):
    huge = round_[0] | {"notes": "长" * 400_000}
    response = post(signed_in, [huge])
    assert response.status_code == 413 and "1 MB" in response.json()["error"]
    too_many = post(signed_in, [round_[1]] * 501)
    assert too_many.status_code == 413 and "500" in too_many.json()["error"]
    garbled = signed_in.post(SYNC, data=b"\xff{", content_type="application/json")
    assert garbled.status_code == 400 and garbled.json()["error"]
    not_a_batch = signed_in.post(SYNC, data="[1, 2]", content_type="application/json")
    assert not_a_batch.status_code == 400
    assert not HomeVisit.objects.exists()


def test_an_expired_session_is_sent_to_sign_in_and_nothing_is_stored(client, round_, start):
    response = post(client, round_)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not HomeVisit.objects.exists()


def test_a_street_admin_may_not_sync(client, street_admin_a, round_, start):
    client.force_login(street_admin_a.user)
    assert post(client, round_).status_code == 403
    assert client.get(DATA).status_code == 403


def test_the_service_worker_and_manifest_are_served_with_their_types(signed_in):
    worker_js = signed_in.get("/care/app/sw.js")
    assert worker_js.status_code == 200 and worker_js["Content-Type"].startswith("text/javascript")
    assert "/care/app/" in worker_js.content.decode()
    manifest = signed_in.get("/care/app/manifest.webmanifest")
    assert manifest["Content-Type"].startswith("application/manifest+json")
    assert manifest.json()["start_url"] == "/care/app/"
    page = signed_in.get("/care/app/")
    assert page.status_code == 200 and b"care-app-config" in page.content


def test_a_record_queued_under_another_account_is_refused(signed_in, round_, worker_a, committee_a):
    colleague = factories.worker(committee_a)
    mine = {**round_[1], "owner": worker_a.user.pk}
    theirs = {**round_[2], "owner": colleague.user.pk}
    assert statuses(post(signed_in, [mine, theirs])) == ["stored", "refused"]
    assert HomeVisit.objects.count() == 1
