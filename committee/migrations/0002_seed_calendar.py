from django.db import migrations


class Migration(migrations.Migration):
    """Once seeded the work calendar from the chinese-calendar package; 0008 now seeds every
    year (official and provisional) once the calendar has its years. Kept, empty, for the
    history of databases that ran it."""

    dependencies = [("committee", "0001_initial")]
    operations = []
