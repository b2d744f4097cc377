"""Random and hostile input posted to every form: never a server error, never a record
of another committee touched, nothing created from nonsense."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import Case
from committee.models import Committee, Line, ServiceItem
from reception.models import Appointment, SealUse, Visit, VisitItem

from . import factories

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=60),
    st.text(min_size=300, max_size=5000),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\u202e\u0000",
            "'; DROP TABLE reception_visit; --",
            "<script>alert(1)</script>",
            "😀🏠👵",
            "1 OR 1=1",
            "../../etc/passwd",
            "%00",
            "9" * 40,
            "²",  # a digit to str.isdigit(), not to int()
            "١٢٣",
            "１３９１２３４５６７８",
            "-1",
            "0",
            "1e309",
            "NaN",
            "true",
            "2026-02-30",
            "2026-13-01T25:61",
            "0001-01-01",
            "9999-12-31",
            "13912345678",
            "11010519491231002X",
            "None",
            "[]",
            "{}",
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    # Integers beyond 64 bits, either way.
    st.integers(min_value=2**63, max_value=10**40).map(str),
    st.integers(min_value=-(10**40), max_value=-(2**63) - 1).map(str),
    # Any date, month or moment from year 1 to 9999 (the calendar holds 2020–2100).
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1, 9999), st.integers(1, 12)),
    st.builds(
        lambda d, h: f"{d:%Y-%m-%d}T{h:02d}:00", st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.integers(0, 23)
    ),
)
RUNS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture
def setup(committee_a, committee_b, worker_a, director_a, worker_b, line_civil, item_residence, item_allowance):
    records_b = {type(r).__name__: r for r in factories.one_of_everything(committee_b, line_civil, item_allowance)}
    records_a = {type(r).__name__: r for r in factories.one_of_everything(committee_a, line_civil, item_allowance)}
    # Reference data committee A may not use: the second street office's own item, and
    # another district's line and item (their ids are among the foreign values posted).
    records_b["OwnItem"] = factories.service_item(
        line_civil, name="乙街道自有事项", street_office=committee_b.street_office
    )
    elsewhere = factories.line(district=factories.district())
    records_b["OtherDistrictLine"] = elsewhere
    records_b["OtherDistrictItem"] = factories.service_item(elsewhere, name="外区事项")
    return records_a, records_b


FOREIGN_REFERENCE = ("OwnItem", "OtherDistrictLine", "OtherDistrictItem")


def uses_foreign_reference(records_b) -> bool:
    """Whether any record of committee A was made with reference data it may not use."""
    items = [records_b["OwnItem"], records_b["OtherDistrictItem"]]
    return (
        VisitItem.objects.filter(visit__committee=committee_of_a(), service_item__in=items).exists()
        or Case.objects.filter(committee=committee_of_a(), service_item__in=items).exists()
        or Case.objects.filter(committee=committee_of_a(), line=records_b["OtherDistrictLine"]).exists()
        or Appointment.objects.filter(committee=committee_of_a(), service_item__in=items).exists()
        or SealUse.objects.filter(committee=committee_of_a(), service_item__in=items).exists()
    )


def committee_of_a():
    return Committee.objects.get(code="AA01")


def foreign_or_hostile(records_b):
    foreign = [str(r.pk) for r in records_b.values()]
    return st.one_of(HOSTILE, st.sampled_from(foreign))


FORMS = {
    # url name, url kwargs key, fields
    "reception:home": (
        None,
        [
            "channel",
            "resident_name",
            "resident_phone",
            "id_number",
            "address",
            "grid_area",
            "items",
            "outcome",
            "notes",
            "appointment_at",
            "appointment_worker",
            "previous_visit",
            "other_line",
            "other_matter",
            "resident_visit",
            "resident_case",
        ],
    ),
    "casework:case-open": (
        None,
        [
            "title",
            "source",
            "source_reference",
            "line",
            "service_item",
            "description",
            "resident_name",
            "resident_phone",
            "address",
            "grid_area",
            "handler",
        ],
    ),
    "staffing:leave-list": (None, ["kind", "start", "end", "reason"]),
    "staffing:swap-list": (None, ["duty", "colleague", "return_duty", "reason"]),
    "staffing:training": (None, ["worker", "line", "trained_on", "note"]),
    "staffing:duty-add": (None, ["date", "shift", "worker"]),
    "staffing:roster-generate": (None, ["month"]),
    "reception:appointment-book": (
        None,
        ["resident_name", "resident_phone", "service_item", "starts_at", "worker", "notes"],
    ),
    "reception:seal-record": (None, ["visit_reference", "service_item", "document", "copies"]),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_forms_survive_hostile_posts(client, setup, director_a, name):
    records_a, records_b = setup
    client.force_login(director_a.user)
    _key, fields = FORMS[name]
    url = reverse(name)
    before = (
        Visit.objects.filter(committee=records_b["Committee"]).count(),
        Case.objects.filter(committee=records_b["Committee"]).count(),
    )

    @RUNS
    @given(st.fixed_dictionaries({field: foreign_or_hostile(records_b) for field in fields}))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)

    post()
    after = (
        Visit.objects.filter(committee=records_b["Committee"]).count(),
        Case.objects.filter(committee=records_b["Committee"]).count(),
    )
    assert before == after
    assert not uses_foreign_reference(records_b)


@pytest.mark.parametrize(
    "action",
    [
        "start",
        "pause",
        "resume",
        "resolve",
        "follow_up",
        "reopen",
        "void",
        "hand_on",
        "note",
        "chase",
        "supervise",
        "nonsense",
    ],
)
def test_case_actions_survive_hostile_posts(client, setup, director_a, action):
    records_a, records_b = setup
    client.force_login(director_a.user)
    case = records_a["Case"]
    url = case.get_absolute_url()

    @RUNS
    @given(
        st.fixed_dictionaries(
            {
                "version": HOSTILE,
                "note": HOSTILE,
                "resolution": HOSTILE,
                "satisfaction": HOSTILE,
                "comment": HOSTILE,
                "to": foreign_or_hostile(records_b),
                "escalate": HOSTILE,
            }
        )
    )
    def post(data):
        body = {"action": action, **{f"{action}-{k}": v for k, v in data.items()}}
        assert client.post(url, body).status_code < 500

    post()
    case.refresh_from_db()
    assert case.handler.committee_id == case.committee_id  # never handed to another committee


def test_supervising_and_opening_notifications_survive_hostile_posts(client, setup, director_a):
    records_a, records_b = setup
    client.force_login(director_a.user)

    @RUNS
    @given(HOSTILE, foreign_or_hostile(records_b))
    def post(note, pk):
        assert client.post(reverse("casework:supervise", args=[records_a["Case"].pk]), {"note": note}).status_code < 500
        if str(pk).isdigit() and len(str(pk)) < 10:
            assert client.post(reverse("casework:notification-open", args=[int(pk)])).status_code in (302, 404)
            assert client.post(reverse("casework:supervise", args=[int(pk)])).status_code in (302, 404)

    post()


@pytest.mark.parametrize(
    "name,params",
    [
        (
            "casework:case-list",
            [
                "q",
                "status",
                "line",
                "handler",
                "source",
                "overdue",
                "due_this_week",
                "registered_from",
                "registered_to",
                "page",
            ],
        ),
        (
            "reception:ledger",
            ["received_from", "received_to", "channel", "outcome", "line", "received_by", "grid_area", "q", "page"],
        ),
        ("office:dashboard", ["period", "from", "to"]),
        ("reception:on-duty", ["starts_at"]),
        ("reception:home", ["continue", "resident_visit", "resident_case"]),
        ("reception:seal-record", ["visit", "item", "reference"]),
        ("casework:case-open", ["work_order"]),
        ("register:grid-list", ["area", "tag", "person_status", "household_status", "page"]),
        ("register:grid-print", ["area", "tag", "person_status", "household_status"]),
    ],
)
def test_query_strings_survive_hostile_values(client, setup, director_a, name, params):
    _records_a, records_b = setup
    client.force_login(director_a.user)
    url = reverse(name)

    @RUNS
    @given(st.fixed_dictionaries({p: foreign_or_hostile(records_b) for p in params}))
    def get(query):
        safe = {k: v.replace("\x00", "") for k, v in query.items()}  # a NUL cannot be sent in a real URL
        assert client.get(url, safe).status_code < 500, query

    get()


@pytest.mark.parametrize(
    "name,params",
    [
        ("casework:case-list", ["q", "status", "line", "handler", "registered_from", "page"]),
        ("reception:ledger", ["q", "received_from", "channel", "received_by", "grid_area", "search"]),
        ("reception:seal-log", ["used_from", "used_to", "service_item", "used_by"]),
        ("reception:find", ["q"]),
        ("reception:resident-lookup", ["resident_phone", "id_number"]),
        ("reception:person-search", ["q"]),
        ("reception:appointment-book", ["starts_at", "check_duty", "resident_name", "worker"]),
    ],
)
def test_posted_searches_survive_hostile_values(client, setup, director_a, name, params):
    """Searches by name, phone or ID number are posted (never in an address): the same
    hostile values, in the body, and the list they lead to."""
    _records_a, records_b = setup
    client.force_login(director_a.user)
    url = reverse(name)

    @RUNS
    @given(st.fixed_dictionaries({p: foreign_or_hostile(records_b) for p in params}))
    def post(body):
        safe = {k: v.replace("\x00", "") for k, v in body.items()}
        assert client.post(url, safe, follow=True).status_code < 500, body

    post()


@pytest.mark.parametrize("who", ["street_admin_b", "district_admin"])
def test_reference_data_in_admin_survives_hostile_posts(client, setup, office_b, who, district_admin_a):
    """The catalogue and the lines in admin, posted with hostile values and other offices',
    districts' and lines' ids, by the second street office's admin and the district admin:
    never a server error, and whatever is saved belongs to the poster's own office or
    district, without the seal unless a district admin set it."""
    _records_a, records_b = setup
    user = (
        factories.street_admin(office_b, username="street-b").user if who == "street_admin_b" else district_admin_a.user
    )
    client.force_login(user)
    other_district = records_b["OtherDistrictLine"].district
    foreign = [str(pk) for pk in (other_district.pk, records_b["OtherDistrictLine"].pk, records_b["OwnItem"].pk)]
    value = st.one_of(HOSTILE, st.sampled_from(foreign))
    item_fields = ["name", "line", "district", "street_office", "materials", "time_limit_days", "seal_permitted"]
    line_fields = ["code", "name", "district", "order"]

    @RUNS
    @given(
        st.fixed_dictionaries(dict.fromkeys(item_fields, value)),
        st.fixed_dictionaries(dict.fromkeys(line_fields, value)),
    )
    def post(item, line):
        assert client.post(reverse("admin:committee_serviceitem_add"), item).status_code < 500, item
        assert client.post(reverse("admin:committee_line_add"), line).status_code < 500, line

    post()
    assert (
        not ServiceItem.objects.filter(district=other_district).exclude(pk=records_b["OtherDistrictItem"].pk).exists()
    )
    assert not Line.objects.filter(district=other_district).exclude(pk=records_b["OtherDistrictLine"].pk).exists()
    if who == "street_admin_b":
        made = ServiceItem.objects.exclude(pk__in=[i.pk for i in ServiceItem.objects.filter(name__in=KNOWN_ITEMS)])
        assert all(
            i.street_office_id == office_b.pk and not i.seal_permitted for i in made.exclude(pk=records_b["OwnItem"].pk)
        )
        assert Line.objects.count() == 2  # a street admin adds no line


KNOWN_ITEMS = ("居住证明", "高龄津贴申请", "乙街道自有事项", "外区事项")


def test_hostile_text_is_stored_as_text_and_shown_escaped(client, setup, worker_a, item_residence):
    client.force_login(worker_a.user)
    client.post(
        reverse("reception:home"),
        {
            "channel": "walk_in",
            "resident_name": "<script>alert(1)</script>😀",
            "outcome": "consultation",
            "notes": "'; DROP TABLE reception_visit; --",
        },
    )
    visit = Visit.objects.get(resident_name="<script>alert(1)</script>😀")
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


LONG = "甲%_" * 20_000  # 60,000 characters: SQLite refused such a LIKE pattern


@pytest.mark.parametrize("name", ["casework:case-list", "reception:ledger", "reception:find"])
def test_a_very_long_search_is_refused_before_it_reaches_the_database(client, setup, director_a, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(director_a.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse(name), {"q": LONG}, follow=True)
    assert response.status_code < 500 and response.context["form" if name == "reception:find" else "filter"].errors
    assert not any(LONG[:1000] in query["sql"] for query in queries.captured_queries)


def int_routes():
    """Every named URL with integer parts, as (name, the names of those parts)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                ints = [key for key, converter in converters.items() if type(converter).__name__ == "IntConverter"]
                if ints:
                    yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), ints

    return sorted(walk(get_resolver().url_patterns))


@pytest.mark.parametrize("name, parts", int_routes())
def test_no_number_in_a_path_is_a_server_error(
    client, setup, director_a, street_admin_a, district_admin_a, name, parts
):
    numbers = [0, 1, 2**31, 2**63 - 1, 2**63, 10**20, 10**40]
    for user in (director_a.user, street_admin_a.user, district_admin_a.user):
        client.force_login(user)
        for number in numbers:
            url = reverse(name, kwargs=dict.fromkeys(parts, number))
            for method in (client.get, client.post):
                assert method(url).status_code < 500, (method.__name__, url)


@pytest.mark.parametrize("year", [1, 1899, 2019, 2101, 9999])
def test_duty_and_leave_outside_the_calendar_are_refused_and_the_roster_page_stands(client, setup, director_a, year):
    client.force_login(director_a.user)
    day = f"{year:04d}-03-02"
    duty = client.post(reverse("staffing:duty-add"), {"date": day, "shift": "1", "worker": str(director_a.pk)})
    leave = client.post(reverse("staffing:leave-list"), {"kind": "annual", "start": day, "end": day})
    assert duty.status_code == 302 and leave.status_code == 400 and "2020 年至 2100 年" in leave.content.decode()
    assert client.get(reverse("staffing:roster", args=[year, 3])).status_code == 404
    generate = client.post(reverse("staffing:roster-generate"), {"month": f"{year:04d}-03"}, follow=True)
    assert generate.status_code == 200 and "请填写要生成的月份" in generate.content.decode()
