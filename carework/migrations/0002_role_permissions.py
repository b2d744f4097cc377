from django.db import migrations

from committee.roles import Role, V, grant

# Care plans and home visits are written through carework.services; in admin, read only:
# the committee's workers and director read their own, the street admin those of its committees.
GRANTS = {
    Role.RECEPTION: {"carework.careplan": (V,), "carework.homevisit": (V,)},
    Role.DIRECTOR: {"carework.careplan": (V,), "carework.homevisit": (V,)},
    Role.STREET_ADMIN: {"carework.careplan": (V,), "carework.homevisit": (V,)},
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("carework", "0001_initial"), ("committee", "0004_role_groups_swaps")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
