from django.db import migrations

from committee.roles import A, C, D, Role, V, grant

# What each role may do with the organisation's reference data, and (street admins) with
# the logins of their street office. Other apps grant their own models in their own migrations.
GRANTS = {
    Role.RECEPTION: {
        "committee.streetoffice": (V,), "committee.committee": (V,), "committee.line": (V,),
        "committee.serviceitem": (V,), "committee.gridarea": (V,), "committee.calendarday": (V,),
    },
    Role.DIRECTOR: {
        "committee.streetoffice": (V,), "committee.committee": (V,), "committee.line": (V,),
        "committee.serviceitem": (V,), "committee.gridarea": (V, A, C), "committee.calendarday": (V,),
    },
    Role.STREET_ADMIN: {
        "committee.streetoffice": (V,), "committee.committee": (V, A, C), "committee.line": (V, A, C),
        "committee.serviceitem": (V, A, C), "committee.gridarea": (V, A, C),
        "committee.calendarday": (V, A, C, D),  # reference entries typed in admin; a wrong one may go
        "auth.user": (V, A, C),
    },
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0002_seed_calendar"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
