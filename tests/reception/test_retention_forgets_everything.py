"""Retention forgets every personal detail, in every table, live and history.

The test does not list the models: it walks them. Every text field of every model in the
apps that hold residents' records gets a planted name, phone and ID number; every date of
those rows is moved back past RETENTION_DAYS; the nightly command runs; then every text and
JSON column of every table in the database — Django's own and the libraries' included — is
searched for the three markers. A model added later is covered the day it is added: the test
fails until the fixture below makes a row of it and the retention sweep erases it."""

import datetime as dt
import uuid
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.db.models import ExpressionWrapper, F
from django.db.models.functions import Cast
from django.utils import timezone

from casework.choices import Satisfaction
from casework.models import Case
from casework.services import case_chase, case_follow_up, case_hand_on, case_note, case_open, case_resolve, case_void
from reception.choices import Outcome
from reception.models import Appointment, Visit
from reception.services import (
    id_number_reveal,
    remind_tomorrows_appointments,
    seal_use_record,
    visit_record,
    visit_void,
)
from register.access import sensitive_view_record
from register.choices import PersonStatus
from register.services import household_end, import_batch_withdraw, person_leave

from .. import factories

pytestmark = pytest.mark.django_db

NAME = "查无此人甲"
PHONE = "13700001234"
ID_NUMBER = "31010119000101001X"
FULL = f"{NAME} {PHONE} {ID_NUMBER}"
MARKERS = (NAME, PHONE, ID_NUMBER)

# Apps whose text is not residents' personal data, with why it stays past the period.
KEPT_APPS = {
    "committee": "reference data and the committee's own public texts, kept by admins",
    "staffing": "the staff's own records (accounts, rosters, leave, training), kept as employment records",
}
# Text fields of residents' records that hold no personal detail.
NOT_PERSONAL = {
    "reference": "the record's own number (V-…, C-…)",
    "source_reference": "the number the case had where it came from (a 12345 ticket, a visit)",
}


def project_apps():
    return [app for app in apps.get_app_configs() if str(settings.BASE_DIR) in app.path and ".venv" not in app.path]


# Models of those apps that hold no resident's detail.
KEPT_MODELS = {
    "register.CareTag": "the committee's tag names (独居老人, 低保 …), reference data",
    "register.HistoricalCareTag": "their history",
}


def models_in_scope():
    """Every model, history models included, of the apps that hold residents' records."""
    return [
        m
        for app in project_apps()
        if app.label not in KEPT_APPS
        for m in app.get_models()
        if m._meta.label not in KEPT_MODELS
    ]


def personal_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
        and not field.name.startswith("history_")  # simple-history's bookkeeping, never written by us
        and field.name not in NOT_PERSONAL
    ]


def marker_for(field) -> str:
    """The longest marker the column holds: all three where it can."""
    return next(value for value in (FULL, ID_NUMBER, PHONE, NAME) if len(value) <= (field.max_length or 10_000))


def age_past_retention(model) -> None:
    age = dt.timedelta(days=settings.RETENTION_DAYS + 30)
    dates = [f for f in model._meta.concrete_fields if isinstance(f, models.DateField)]  # DateTimeField included
    if dates:
        model._base_manager.update(**{f.name: ExpressionWrapper(F(f.name) - age, output_field=f) for f in dates})


def everything_else(model, planted) -> list[tuple]:
    """The columns that are not personal: what every count and rate is made of."""
    # A link to the register's person says whose record it was: it goes too (checked below).
    names = [
        f.attname for f in model._meta.concrete_fields if f not in planted and f.name not in ("anonymised_at", "person")
    ]
    return list(model._base_manager.order_by("pk").values_list(*names))


def markers_found() -> list[str]:
    """Every column of every table, any app, still holding a marker."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            as_text = model._base_manager.annotate(_text=Cast(field.name, models.TextField()))
            for marker in MARKERS:
                if as_text.filter(_text__contains=marker).exists():
                    found.append(f"{model._meta.label}.{field.name} holds {marker}")
    return found


@pytest.fixture
def a_bit_of_everything(committee_a, worker_a, director_a, item_residence, item_allowance):
    """One row, at least, of every model in scope, made the way the desk makes them."""
    colleague = factories.worker(committee_a, username="worker-a2", name="陈静")
    # The register forgets only those who left it: a person moved out of an ended household.
    area = factories.grid_area(committee_a, responsible=worker_a)
    household, person, _tag = factories.register_records(committee_a, area, director_a, name="孙老伯")
    person_leave(person=person, status=PersonStatus.MOVED_OUT, on=timezone.localdate())
    household_end(household=household)
    sensitive_view_record(viewer=director_a.user, person=person)
    from carework.services import home_visit_record  # a home visit's needs and notes (issue 18)

    home_visit_record(
        client_id=uuid.uuid4(), committee=committee_a, worker=worker_a, person=person, outcome="seen", needs="要助餐"
    )
    import_batch_withdraw(batch=factories.import_batch(committee_a, director_a.user))  # an upload set aside
    from patrols.services import finding_record, finding_withdraw  # a patrol and its findings (issue 18)

    patrol = factories.patrol(factories.grid_area(committee_a, responsible=worker_a), worker_a)
    finding_record(
        client_id=uuid.uuid4(), patrol=patrol, by=worker_a.user, category="other", description="孙老伯门口堆物"
    )
    finding_withdraw(
        finding=finding_record(
            client_id=uuid.uuid4(), patrol=patrol, by=worker_a.user, category="other", description="记错了"
        ),
        by=worker_a.user,
        reason="孙老伯说不是他家",
    )
    visit = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="孙老伯",
        resident_phone="13912345678",
        id_number="11010519491231002X",
        address="玉田路3弄",
        notes="家住三楼",
        outcome=Outcome.ON_THE_SPOT,
        items=[(item_residence, [])],
    )
    seal_use_record(visit=visit, service_item=item_residence, by=worker_a, document="居住证明（孙老伯）")
    id_number_reveal(visit=visit, by=director_a, reason="核对孙老伯的低保材料")
    voided = visit_record(
        committee=committee_a, received_by=worker_a, resident_name="孙老伯", outcome=Outcome.CONSULTATION
    )
    visit_void(visit=voided, by=worker_a, reason="重复登记")
    Appointment.objects.create(
        committee=committee_a,
        worker=worker_a,
        created_by=worker_a,
        resident_name="孙老伯",
        resident_phone="13912345678",
        notes="坐轮椅",
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    remind_tomorrows_appointments()  # a notification naming the resident, about no case

    def opened(title):
        case = case_open(
            committee=committee_a,
            first_responder=worker_a,
            title=title,
            service_item=item_allowance,
            resident_name="孙老伯",
            resident_phone="13912345678",
            address="玉田路3弄",
            description="孙老伯独居",
        )
        case_note(case=case, by=worker_a, note="已联系孙老伯的女儿")
        return case

    resolved = opened("高龄津贴申请：孙老伯")  # resolved, never followed up
    case_hand_on(case=resolved, by=worker_a, to=colleague, reason="孙老伯说下午才在家")
    case_chase(case=resolved, by=colleague, note="孙老伯来电催问")
    case_resolve(case=resolved, by=colleague, resolution="已为孙老伯提交申请")
    closed = opened("高龄津贴申请：孙老伯")
    case_resolve(case=closed, by=worker_a, resolution="已提交")
    case_follow_up(case=closed, by=worker_a, satisfaction=Satisfaction.SATISFIED, comment="孙老伯满意")
    case_void(case=opened("高龄津贴申请：孙老伯"), by=worker_a, reason="孙老伯撤回")


def test_retention_leaves_no_personal_detail_anywhere(a_bit_of_everything):
    planted: dict[type, list[models.Field]] = {}
    for model in models_in_scope():
        fields = personal_fields(model)
        if fields:
            assert model._base_manager.exists(), f"make a row of {model._meta.label} in the fixture"
            model._base_manager.update(**{f.name: marker_for(f) for f in fields})
            planted[model] = fields
        age_past_retention(model)
    assert len(markers_found()) >= sum(map(len, planted.values()))  # the search sees what was planted
    kept = {model: everything_else(model, fields) for model, fields in planted.items()}
    linked = (Visit, Visit.history.model, Case, Case.history.model)
    assert all(model._base_manager.filter(person__isnull=False).exists() for model in linked)

    call_command("anonymise_old_visits", stdout=StringIO())

    assert markers_found() == []
    assert not any(model._base_manager.filter(person__isnull=False).exists() for model in linked)
    assert {model: everything_else(model, fields) for model, fields in planted.items()} == kept
    # The fields the penetration test found kept were among those planted.
    names = {f"{model._meta.label}.{f.name}" for model, fields in planted.items() for f in fields}
    for reported in (
        "reception.Visit.void_reason",
        "reception.HistoricalVisit.void_reason",
        "reception.SealUse.document",
        "reception.HistoricalSealUse.document",
        "reception.IdNumberAccess.reason",
        "casework.Notification.text",
        "casework.Case.resolution",
        "casework.HistoricalCase.resolution",
    ):
        assert reported in names


def test_an_open_case_keeps_its_details_however_old(committee_a, worker_a, item_allowance):
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="高龄津贴申请：孙老伯",
        service_item=item_allowance,
        resident_name="孙老伯",
        resident_phone="13912345678",
        registered_at=timezone.now() - dt.timedelta(days=settings.RETENTION_DAYS + 30),
    )
    call_command("anonymise_old_visits", stdout=StringIO())
    case.refresh_from_db()
    assert case.resident_name == "孙老伯" and case.resident_phone == "+8613912345678"
    assert case.title == "高龄津贴申请：孙老伯"


def test_an_anonymised_case_is_still_titled_by_what_it_was_about(a_bit_of_everything):
    for model in (Case, Case.history.model):
        age_past_retention(model)
    call_command("anonymise_old_visits", stdout=StringIO())
    assert set(Case.objects.values_list("title", flat=True)) == {"高龄津贴申请：已匿名"}
