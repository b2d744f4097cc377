from django.db import migrations


def sync(apps, schema_editor):
    from committee.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    """Re-apply the role permissions now that the ID-number permission and its access
    records exist: the director may show a whole ID number, the street admin may read in
    admin who was shown one."""

    dependencies = [("committee", "0005_board"), ("reception", "0003_privacy")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
