from django.db import migrations


def sync(apps, schema_editor):
    from committee.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0002_seed_calendar"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("staffing", "0001_initial"),
        ("casework", "0001_initial"),
        ("reception", "0001_initial"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
