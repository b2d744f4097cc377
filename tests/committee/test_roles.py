"""What each role's group may do, written out here: the data migrations of every app grant
it (committee.roles.grant), and any change to a grant shows up as a change to this table."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

# role: {"app_label.model": v(iew) a(dd) c(hange) d(elete)}, and the permissions of a model's own.
EXPECTED = {
    "reception": (
        {
            "casework.case": "vac",
            "casework.caseevent": "va",
            "casework.notification": "vc",
            "committee.calendarday": "v",
            "committee.calendaryear": "v",
            "committee.committee": "v",
            "committee.gridarea": "v",
            "committee.line": "v",
            "committee.serviceitem": "v",
            "committee.streetoffice": "v",
            "carework.careplan": "v",
            "carework.homevisit": "v",
            "patrols.finding": "v",
            "patrols.patrol": "v",
            "reception.appointment": "vac",
            "reception.sealuse": "vac",
            "reception.visit": "vac",
            "reception.visititem": "vac",
            "register.caretag": "v",
            "register.household": "vac",
            "register.membership": "vac",
            "register.person": "vac",
            "register.personphone": "vac",
            "register.persontag": "vac",
            "staffing.dutyassignment": "v",
            "staffing.leave": "va",
            "staffing.post": "v",
            "staffing.roster": "v",
            "staffing.shifttemplate": "v",
            "staffing.swaprequest": "va",
            "staffing.training": "v",
            "staffing.worker": "v",
        },
        set(),
    ),
    "director": (
        {
            "casework.case": "vac",
            "casework.caseevent": "va",
            "casework.notification": "vc",
            "committee.calendarday": "v",
            "committee.calendaryear": "v",
            "committee.committee": "v",
            "committee.gridarea": "vac",
            "committee.line": "v",
            "committee.serviceitem": "v",
            "committee.streetoffice": "v",
            "carework.careplan": "v",
            "carework.homevisit": "v",
            "patrols.finding": "v",
            "patrols.patrol": "v",
            "reception.appointment": "vac",
            "reception.sealuse": "vac",
            "reception.visit": "vac",
            "reception.visititem": "vac",
            "register.caretag": "vac",
            "register.household": "vac",
            "register.membership": "vac",
            "register.person": "vac",
            "register.personphone": "vac",
            "register.persontag": "vac",
            "register.sensitivetagview": "v",
            "staffing.dutyassignment": "vacd",
            "staffing.leave": "vac",
            "staffing.post": "vac",
            "staffing.roster": "vac",
            "staffing.shifttemplate": "vac",
            "staffing.swaprequest": "vac",
            "staffing.training": "vac",
            "staffing.worker": "v",
        },
        {"reception.reveal_id_number"},
    ),
    "street_admin": (
        {
            "auth.user": "vac",
            "casework.case": "v",
            "casework.caseevent": "v",
            "casework.reminder": "v",
            "committee.calendarday": "v",
            "committee.calendaryear": "v",
            "committee.cataloguechoice": "vac",
            "committee.committee": "vac",
            "committee.district": "v",
            "committee.gridarea": "vac",
            "committee.line": "v",
            "committee.serviceitem": "vac",
            "committee.streetoffice": "v",
            "carework.careplan": "v",
            "carework.homevisit": "v",
            "patrols.finding": "v",
            "patrols.patrol": "v",
            "reception.appointment": "v",
            "reception.idnumberaccess": "v",
            "reception.sealuse": "v",
            "reception.visit": "v",
            "reception.visititem": "v",
            "register.caretag": "v",
            "register.household": "v",
            "register.membership": "v",
            "register.person": "v",
            "register.personphone": "v",
            "register.persontag": "v",
            "register.sensitivetagview": "v",
            "staffing.accountchange": "v",
            "staffing.dutyassignment": "v",
            "staffing.leave": "v",
            "staffing.post": "vac",
            "staffing.roster": "v",
            "staffing.shifttemplate": "vac",
            "staffing.swaprequest": "v",
            "staffing.training": "vac",
            "staffing.worker": "vac",
        },
        set(),
    ),
    # Keeps the district's shared reference data; reads no committee's records.
    "district_admin": (
        {
            "committee.calendarday": "v",
            "committee.calendaryear": "v",
            "committee.cataloguechoice": "v",
            "committee.district": "v",
            "committee.line": "vac",
            "committee.serviceitem": "vac",
            "committee.streetoffice": "v",
        },
        set(),
    ),
}


def granted(group: Group) -> tuple[dict[str, str], set[str]]:
    models: dict[str, str] = {}
    own = set()
    for permission in group.permissions.select_related("content_type"):
        action, _, model = permission.codename.partition("_")
        key = f"{permission.content_type.app_label}.{model}"
        if action in ("view", "add", "change", "delete"):
            models[key] = models.get(key, "") + action[0]
        else:
            own.add(f"{permission.content_type.app_label}.{permission.codename}")
    return {key: "".join(sorted(letters, key="vacd".index)) for key, letters in models.items()}, own


def test_each_role_has_exactly_its_permissions():
    groups = {group.name: group for group in Group.objects.all()}
    assert set(groups) == set(EXPECTED)
    for role, expected in EXPECTED.items():
        assert granted(groups[role]) == expected, role


def test_nothing_a_user_entered_is_deletable():
    deletable = {
        key
        for models, _own in (granted(group) for group in Group.objects.all())
        for key, letters in models.items()
        if "d" in letters
    }
    # A draft roster's slots only (the calendar changes through its schedule form).
    assert deletable == {"staffing.dutyassignment"}
