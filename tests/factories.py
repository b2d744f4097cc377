"""Small builders for test data, going through the services where one exists."""

import itertools

from committee.models import Committee, District, GridArea, Line, ServiceItem, StreetOffice
from committee.roles import Role
from staffing.choices import PostKind
from staffing.services import post_assign, shift_templates_ensure_defaults, worker_create

_counter = itertools.count(1)


def district(code=None, name=None) -> District:
    n = next(_counter)
    return District.objects.create(code=code or f"D{n}", name=name or f"测试区{n}")


def the_district() -> District:
    """The district every test's street offices and lines are in unless one is given."""
    found, _created = District.objects.get_or_create(code="TD", defaults={"name": "测试区"})
    return found


def street_office(code=None, name=None, district=None) -> StreetOffice:
    n = next(_counter)
    return StreetOffice.objects.create(
        district=district or the_district(), code=code or f"SO{n}", name=name or f"测试街道{n}"
    )


def committee(office=None, code=None, name=None) -> Committee:
    n = next(_counter)
    office = office or street_office()
    return Committee.objects.create(street_office=office, code=code or f"C{n}", name=name or f"测试居委会{n}")


def worker(committee, role=Role.RECEPTION, username=None, name=None, phone="13800000000"):
    n = next(_counter)
    return worker_create(
        username=username or f"user{n}",
        display_name=name or f"工作人员{n}",
        role=role,
        password="pw-for-tests",
        committee=committee,
        phone=phone,
    )


def district_admin(district, username=None):
    n = next(_counter)
    return worker_create(
        username=username or f"district{n}",
        display_name=f"区管理员{n}",
        role=Role.DISTRICT_ADMIN,
        password="pw-for-tests",
        district=district,
    )


def street_admin(office, username=None):
    n = next(_counter)
    return worker_create(
        username=username or f"street{n}",
        display_name=f"街道管理员{n}",
        role=Role.STREET_ADMIN,
        password="pw-for-tests",
        street_office=office,
    )


def line(code=None, name=None, district=None) -> Line:
    n = next(_counter)
    return Line.objects.create(
        district=district or the_district(), code=code or f"line{n}", name=name or f"条线{n}", order=n
    )


def service_item(
    line, name=None, materials=("身份证", "户口簿"), limit=5, on_the_spot=False, seal=False, street_office=None
):
    """A service item of the line's district, shared by its street offices, or the own item
    of `street_office`."""
    n = next(_counter)
    item = ServiceItem(
        district=line.district,
        street_office=street_office,
        line=line,
        name=name or f"服务事项{n}",
        materials=list(materials),
        time_limit_days=limit,
        on_the_spot=on_the_spot,
        seal_permitted=seal,
    )
    item.full_clean()
    item.save()
    return item


def grid_area(committee, responsible=None, name=None):
    n = next(_counter)
    return GridArea.objects.create(
        committee=committee,
        name=name or f"第{n}片区",
        buildings="1–10号楼",
        responsible=responsible.user if responsible else None,
        public_phone="021-66666666",
    )


def posts(committee, line, a, b):
    post_assign(committee=committee, line=line, kind=PostKind.A, worker=a)
    post_assign(committee=committee, line=line, kind=PostKind.B, worker=b)


def shifts(committee):
    return shift_templates_ensure_defaults(committee=committee)


def one_of_everything(committee, line, item):
    """A record of every model a user can open, all belonging to `committee`."""
    import datetime as dt

    from django.utils import timezone

    from casework.models import CaseEvent, Notification
    from casework.services import case_open
    from reception.choices import Outcome
    from reception.models import Appointment, SealUse
    from reception.services import visit_record
    from staffing.choices import LeaveStatus
    from staffing.models import DutyAssignment, Leave, Roster, Training

    director = worker(committee, role=Role.DIRECTOR)
    desk = worker(committee)
    area = grid_area(committee, responsible=desk)
    posts(committee, line, desk, director)
    early = shifts(committee)[0]
    today = timezone.localdate()
    roster = Roster.objects.create(committee=committee, month=today.replace(day=1))
    duty = DutyAssignment.objects.create(committee=committee, roster=roster, date=today, shift=early, worker=desk)
    leave = Leave.objects.create(
        worker=desk,
        committee=committee,
        start=today + dt.timedelta(days=40),
        end=today + dt.timedelta(days=41),
        status=LeaveStatus.REQUESTED,
    )
    training = Training.objects.create(worker=desk, line=line, trained_on=today)
    case = case_open(
        committee=committee,
        first_responder=desk,
        title="楼道堆物",
        line=line,
        service_item=item,
        resident_name="赵居民",
        resident_phone="13912345678",
    )
    visit = visit_record(
        committee=committee,
        received_by=desk,
        resident_name="赵居民",
        outcome=Outcome.HANDED_ON,
        items=[(item, ["户口簿"])],
        resident_phone="13912345678",
        id_number="11010519491231002X",
        grid_area=area,
        case=case,
    )
    appointment = Appointment.objects.create(
        committee=committee,
        visit=visit,
        worker=desk,
        created_by=desk,
        resident_name="赵居民",
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    seal_use = SealUse.objects.create(
        committee=committee, visit=visit, service_item=item, document="居住证明", used_by=desk
    )
    notification = Notification.objects.create(recipient=desk, case=case, text="提醒")
    household, person, person_tag = register_records(committee, area, desk)
    return [
        committee,
        director,
        desk,
        area,
        early,
        roster,
        duty,
        leave,
        training,
        case,
        visit,
        visit.items.get(),
        appointment,
        seal_use,
        notification,
        CaseEvent.objects.filter(case=case).first(),
        desk.posts.get(),
        household,
        person,
        person_tag,
    ]


def register_records(committee, area, grid_worker, name="赵居民", phone="13912345678"):
    """A household in `area` with one person carrying a sensitive tag set by the grid worker."""
    from register.models import CareTag
    from register.services import household_create, person_find_or_create, person_join_household, person_tag_add

    n = next(_counter)
    household = household_create(committee=committee, grid_area=area, building=f"{n}号楼", unit="1单元", room="101室")
    person, _created = person_find_or_create(committee=committee, name=name, phones=[phone])
    person_join_household(person=person, household=household, relation="head")
    person_tag = person_tag_add(
        person=person, tag=CareTag.objects.get(code="dibao"), by=grid_worker.user, reason="低保证"
    )
    return household, person, person_tag


def import_batch(committee, user):
    """An uploaded register spreadsheet of `committee`, not imported yet."""
    from register.services import import_batch_create

    data = "姓名,楼号,室号,联系电话,身份证号\n钱大爷,3号楼,201,13912340000,11010519491231002X\n".encode()
    return import_batch_create(committee=committee, by=user, filename="名册.csv", data=data)


def patrol(area, worker, *, started_at=None, ended=True):
    """A patrol of `area` by `worker` (a Worker), ended an hour after it started unless not `ended`."""
    import datetime as dt
    import uuid

    from django.utils import timezone

    from patrols.services import patrol_end, patrol_start

    started_at = started_at or timezone.now() - dt.timedelta(hours=2)
    record = patrol_start(
        client_id=uuid.uuid4(), committee=area.committee, grid_area=area, worker=worker.user, started_at=started_at
    )
    if ended:
        record = patrol_end(
            patrol=record, by=worker.user, ended_at=started_at + dt.timedelta(hours=1), route_notes="沿主路"
        )
    return record
