from django.db import migrations


def seed(apps, schema_editor):
    from committee.calendar_seed import seed_calendar

    seed_calendar(apps.get_model("committee", "CalendarDay"), 2020, 2100)


class Migration(migrations.Migration):
    dependencies = [("committee", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
