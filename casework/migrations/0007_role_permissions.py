from django.db import migrations

from committee.roles import A, C, Role, V, grant

# What each role may do with cases: workers and directors register and work them (writes
# go through casework.services; nothing is deleted, cases are voided); the street admin
# reads them and their reminders.
GRANTS = {
    Role.RECEPTION: {"casework.case": (V, A, C), "casework.caseevent": (V, A), "casework.notification": (V, C)},
    Role.DIRECTOR: {"casework.case": (V, A, C), "casework.caseevent": (V, A), "casework.notification": (V, C)},
    Role.STREET_ADMIN: {"casework.case": (V,), "casework.caseevent": (V,), "casework.reminder": (V,)},
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_covering_period_indexes"), ("committee", "0004_role_groups_swaps")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
