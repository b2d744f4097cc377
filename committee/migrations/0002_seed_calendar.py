from django.db import migrations


def seed(apps, schema_editor):
    from committee.services import calendar_seed

    calendar_seed(2020, 2100, model=apps.get_model("committee", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("committee", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
