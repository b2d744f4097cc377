"""Every URL of the site × every kind of visitor: the expected status. A view added
without an entry here fails `test_every_url_has_an_entry`."""

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from register.services import person_find_or_create, person_leave

from . import factories

pytestmark = pytest.mark.django_db

# The outsider is the admin of the other street office of the same district; the district
# admin keeps the district's reference data and reads no committee's records.
ROLES = ("anonymous", "reception", "director", "street_admin", "outsider", "district_admin")

# name: (kwargs key, {role: status}).


def row(anonymous, reception, director, street_admin, outsider, district_admin):
    return dict(zip(ROLES, (anonymous, reception, director, street_admin, outsider, district_admin), strict=True))


POST_ONLY = row(405, 405, 405, 405, 405, 405)
DESK = row(302, 200, 200, 403, 403, 403)  # committee workers only
DESK_REDIRECT = row(302, 302, 302, 403, 403, 403)
DIRECTOR = row(302, 403, 200, 403, 403, 403)
OWN_RECORD = row(302, 200, 200, 200, 404, 403)  # a record of committee A: its street office may read it
SCOPED_LIST = row(302, 200, 200, 200, 200, 403)  # lists filtered to the visitor's scope
PUBLIC = row(200, 200, 200, 200, 200, 200)

MATRIX = {
    "home": (None, row(302, 302, 302, 302, 302, 302)),
    "login": (None, row(200, 302, 302, 302, 302, 302)),
    "logout": (None, POST_ONLY),
    "set_language": (None, row(302, 302, 302, 302, 302, 302)),
    "office:dashboard": (None, row(302, 403, 200, 404, 404, 403)),
    "office:street": (None, row(302, 403, 403, 200, 200, 403)),
    "office:search": (None, SCOPED_LIST),  # the header search: an empty form until posted
    # The work calendar: a district admin enters their district's; street admins read it.
    "office:calendar": (None, row(302, 403, 403, 200, 200, 200)),
    "office:calendar-year": ("year", row(302, 403, 403, 200, 200, 200)),
    "staffing:worker-list": (None, row(302, 403, 200, 200, 200, 403)),
    "staffing:worker-detail": ("worker", OWN_RECORD),
    "staffing:training": (None, DIRECTOR),
    "staffing:roster-current": (None, DESK_REDIRECT),
    "staffing:roster": ("month", DESK),
    "staffing:roster-csv": ("month", DESK),
    "staffing:roster-xlsx": ("month", DESK),
    "staffing:roster-generate": (None, POST_ONLY),
    "staffing:roster-publish": ("roster", POST_ONLY),
    "staffing:duty-add": (None, POST_ONLY),
    "staffing:duty-remove": ("duty", POST_ONLY),
    "staffing:duty-move": ("duty", POST_ONLY),
    "staffing:my-duty": (None, DESK),
    "staffing:feed": ("token", PUBLIC),
    "staffing:feed-rotate": (None, POST_ONLY),
    "staffing:account": (None, row(302, 200, 200, 200, 200, 200)),
    "staffing:set-password": ("link", PUBLIC),  # a link that does not work: the page says so
    "staffing:swap-list": (None, DESK),
    "staffing:swap-step": ("swap", POST_ONLY),
    "staffing:leave-list": (None, DESK),
    "staffing:leave-decide": ("leave", POST_ONLY),
    "staffing:coverage": (None, DIRECTOR),
    "staffing:approvals": (None, DIRECTOR),
    "staffing:swap-return-options": (None, POST_ONLY),
    "staffing:leave-withdraw": ("leave", POST_ONLY),
    "staffing:setup": (None, DESK),
    "staffing:post-add": (None, DIRECTOR),
    "staffing:post-edit": ("post", DIRECTOR),
    "staffing:shift-add": (None, DIRECTOR),
    "staffing:shift-edit": ("shift", DIRECTOR),
    "staffing:grid-area-add": (None, DIRECTOR),
    "staffing:grid-area-edit": ("grid_area", DIRECTOR),
    "casework:case-list": (None, SCOPED_LIST),
    "casework:case-list-csv": (None, SCOPED_LIST),
    "casework:case-list-xlsx": (None, SCOPED_LIST),
    "casework:my-cases": (None, DESK),
    "casework:case-open": (None, DESK_REDIRECT),  # registering starts at the desk
    "casework:case-detail": ("case", OWN_RECORD),
    "casework:notifications": (None, row(302, 200, 200, 200, 200, 403)),  # street admins hear of escalations
    "casework:notifications-read": (None, POST_ONLY),
    "casework:notification-open": ("case", POST_ONLY),
    "casework:overdue": (None, row(302, 403, 200, 200, 200, 403)),
    "casework:supervise": ("case", POST_ONLY),
    "reception:home": (None, DESK),
    "reception:resident-lookup": (None, POST_ONLY),  # a phone or ID number is posted, never in an address
    "reception:person-search": (None, POST_ONLY),  # the desk's register search: posted, never in an address
    "reception:on-duty": (None, row(302, 400, 400, 403, 403, 403)),  # no time given
    "reception:find": (None, DESK),
    "reception:visit-detail": ("visit", OWN_RECORD),
    "reception:notice": ("visit", OWN_RECORD),
    "reception:receipt": ("visit", OWN_RECORD),
    "reception:appointment-list": (None, DESK),
    "reception:appointment-book": (None, DESK),
    "reception:appointment-detail": ("appointment", OWN_RECORD),
    "reception:ledger": (None, SCOPED_LIST),
    "reception:ledger-csv": (None, SCOPED_LIST),
    "reception:ledger-xlsx": (None, SCOPED_LIST),
    "reception:visit-void": ("visit", POST_ONLY),
    "reception:reveal-id": ("visit", DIRECTOR),
    "reception:seal-log": (None, SCOPED_LIST),
    "reception:seal-record": (None, DESK),
    "reception:seal-log-csv": (None, SCOPED_LIST),
    "reception:seal-log-xlsx": (None, SCOPED_LIST),
    "reception:person-records": ("person", OWN_RECORD),  # a register person's visits and cases
    "register:household-list": (None, row(302, 200, 200, 200, 200, 403)),  # scoped; street admins read
    "register:household-add": (None, DESK),
    "register:household-detail": ("household", OWN_RECORD),  # changed by committee workers only
    "register:household-edit": ("household", DESK),
    "register:person-add": ("household_of", DESK),
    "register:person-detail": ("person", OWN_RECORD),
    "register:person-edit": ("person", DESK),
    "register:person-leave": ("person", POST_ONLY),
    "register:person-merge": ("person", POST_ONLY),
    "register:person-return": ("moved_out_person", DESK),
    "register:sensitive-views": (None, DIRECTOR),
    "register:tag-add": ("person", DIRECTOR),  # and the household's grid worker
    "register:tag-end": ("person_tag", POST_ONLY),
    "register:care-tags": (None, DIRECTOR),
    "register:grid-list": (None, DESK),  # 我的片区: the committee's workers; masked outside their areas
    "register:grid-print": (None, DESK),
    "register:counts": (None, DIRECTOR),
    "register:import": (None, DIRECTOR),  # importing and exporting the register: the director's
    "register:import-detail": ("import_batch", DIRECTOR),
    "register:import-confirm": ("import_batch", POST_ONLY),
    "register:export-csv": (None, DIRECTOR),
    "register:export-xlsx": (None, DIRECTOR),
    "patrols:today": (None, DESK),  # patrols: the committee's workers; another committee's patrol is a 404
    "patrols:start": (None, POST_ONLY),
    "patrols:patrol-detail": ("patrol", DESK),
    "patrols:finding-add": ("patrol", POST_ONLY),
    "patrols:end": ("patrol", POST_ONLY),
    "patrols:patrol-withdraw": ("patrol", POST_ONLY),
    "patrols:finding-withdraw": ("patrol", POST_ONLY),  # a finding's pk; refused before it is read
    "patrols:book": (None, DESK),
    "patrols:book-csv": (None, DESK),
    "patrols:book-xlsx": (None, DESK),
    "patrols:missed": (None, DIRECTOR),
    "carework:plans": (None, DIRECTOR),  # 走访: the director's plans and coverage, the workers' list
    "carework:today": (None, DESK),
    "carework:visit-new": ("person", DESK),  # any person of the committee (covering a colleague)
    "carework:coverage": (None, DIRECTOR),
    "carework:app": (None, DESK),  # the offline app: its shell, service worker and manifest (public, nothing personal)
    "carework:service-worker": (None, PUBLIC),
    "carework:manifest": (None, PUBLIC),
    "carework:sync": (None, POST_ONLY),
    "carework:sync-data": (None, DESK),
    "board:board": ("code", PUBLIC),
    "board:poster": ("code", PUBLIC),
}


def named_urls():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_url_has_an_entry():
    assert named_urls() == set(MATRIX)


def _moved_out_person(committee):
    person, _created = person_find_or_create(committee=committee, name="迁出者", phones=["13912340000"])
    return person_leave(person=person, status="moved_out", on=timezone.localdate())


@pytest.fixture
def world(committee_a, office_b, line_civil, item_allowance, worker_a, director_a, street_admin_a):
    records = {type(r).__name__: r for r in factories.one_of_everything(committee_a, line_civil, item_allowance)}
    from staffing.models import SwapRequest

    duty = records["DutyAssignment"]
    swap = SwapRequest.objects.create(committee=committee_a, duty=duty, proposer=duty.worker, colleague=worker_a)
    today = timezone.localdate()
    kwargs = {
        "worker": {"pk": records["Worker"].pk},
        "month": {"year": today.year, "month": today.month},
        "roster": {"pk": records["Roster"].pk},
        "duty": {"pk": duty.pk},
        "token": {"token": worker_a.feed_token},
        "swap": {"pk": swap.pk},
        "leave": {"pk": records["Leave"].pk},
        "post": {"pk": records["Post"].pk},
        "shift": {"pk": records["ShiftTemplate"].pk},
        "grid_area": {"pk": records["GridArea"].pk},
        "case": {"pk": records["Case"].pk},
        "visit": {"pk": records["Visit"].pk},
        "appointment": {"pk": records["Appointment"].pk},
        "household": {"pk": records["Household"].pk},
        "household_of": {"household": records["Household"].pk},
        "person": {"pk": records["Person"].pk},
        "person_tag": {"pk": records["PersonTag"].pk},
        "moved_out_person": {"pk": _moved_out_person(committee_a).pk},
        "import_batch": {"pk": factories.import_batch(committee_a, director_a.user).pk},
        "patrol": {"pk": factories.patrol(records["GridArea"], worker_a).pk},
        "code": {"code": committee_a.code},
        "link": {"uidb64": "MQ", "token": "c0ffee-0123456789abcdef"},
        "year": {"year": today.year + 1},
        None: {},
    }
    users = {
        "anonymous": None,
        "reception": worker_a.user,
        "director": director_a.user,
        "street_admin": street_admin_a.user,
        "outsider": factories.street_admin(office_b, username="street-b").user,
        "district_admin": factories.district_admin(office_b.district, username="district").user,
    }
    return kwargs, users


def test_each_role_gets_the_expected_status_on_every_url(client, world):
    kwargs, users = world
    wrong = []
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for name, (key, expected) in sorted(MATRIX.items()):
            url = reverse(name, kwargs=kwargs[key])
            status = client.get(url).status_code
            if status != expected[role]:
                wrong.append(f"{role:>12} GET {url}: {status}, expected {expected[role]}")
    assert not wrong, "\n" + "\n".join(wrong)
