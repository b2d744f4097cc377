from django.db import migrations

from committee.roles import V, Role, grant

# The work calendar is read in admin by every role; it changes only through the product's
# schedule form (office), which re-derives the deadlines counted over the days that change.
GRANTS = {
    role: {"committee.calendarday": (V,), "committee.calendaryear": (V,)}
    for role in (Role.RECEPTION, Role.DIRECTOR, Role.STREET_ADMIN)
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("committee", "0009_office_closing_time")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
