from django.db import migrations

from committee.roles import Role, V, grant

# Patrols are written on the grid through patrols.services; in admin, read only: the
# committee's workers and director read their own, the street admin those of its committees.
GRANTS = {
    Role.RECEPTION: {"patrols.patrol": (V,), "patrols.finding": (V,)},
    Role.DIRECTOR: {"patrols.patrol": (V,), "patrols.finding": (V,)},
    Role.STREET_ADMIN: {"patrols.patrol": (V,), "patrols.finding": (V,)},
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("patrols", "0001_initial"), ("committee", "0004_role_groups_swaps")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
