from django.db import migrations


class Migration(migrations.Migration):
    """Once re-applied every app's role permissions when swap requests arrived; each app
    now grants its own models (staffing: 0003_role_permissions). Kept, empty, so that
    databases which ran it keep a consistent history."""

    dependencies = [("committee", "0003_role_groups")]
    operations = []
