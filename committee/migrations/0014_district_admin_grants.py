from django.db import migrations

from committee.roles import A, C, V, Role, grant

# Reference data belongs to the district (issue 15): its district admins keep the lines and
# the catalogue (with its seal-permitted list) and read the calendar here (they enter a
# year's schedule through the product's form); street admins read the lines, keep their
# own street's service items (admin checks which) and choose which district items their
# committees offer; desk workers and directors read.
COMMITTEE_STAFF = {
    "committee.line": (V,),
    "committee.serviceitem": (V,),
    "committee.streetoffice": (V,),
    "committee.calendarday": (V,),
    "committee.calendaryear": (V,),
}
GRANTS = {
    Role.RECEPTION: COMMITTEE_STAFF,
    Role.DIRECTOR: COMMITTEE_STAFF,
    Role.STREET_ADMIN: {
        **COMMITTEE_STAFF,
        "committee.serviceitem": (V, A, C),
        "committee.district": (V,),
        "committee.cataloguechoice": (V, A, C),
    },
    Role.DISTRICT_ADMIN: {
        **COMMITTEE_STAFF,
        "committee.line": (V, A, C),
        "committee.serviceitem": (V, A, C),
        "committee.district": (V,),
        "committee.cataloguechoice": (V,),
    },
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("committee", "0013_districts_required")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
