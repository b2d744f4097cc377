from django.db import migrations


def sync(apps, schema_editor):
    from committee.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    """Re-apply the role permissions now that swap requests exist."""

    dependencies = [("committee", "0003_role_groups"), ("staffing", "0002_swaps")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
