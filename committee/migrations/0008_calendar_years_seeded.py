from django.db import migrations


def seed(apps, schema_editor):
    from committee.services import calendar_seed

    calendar_seed(2020, 2100, day_model=apps.get_model("committee", "CalendarDay"),
                  year_model=apps.get_model("committee", "CalendarYear"))


class Migration(migrations.Migration):
    """A row for every year: those the chinese-calendar package knows are official; later
    ones get the law's holidays and are provisional until their schedule is entered."""

    dependencies = [("committee", "0007_calendar_years")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
