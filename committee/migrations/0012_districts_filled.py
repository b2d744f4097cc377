"""Existing street offices, lines and service items belong to one district, created here
(named 本区; rename it in admin). The work calendar's rows stay national (no district)."""

from django.db import migrations


def fill(apps, schema_editor):
    District = apps.get_model("committee", "District")
    StreetOffice = apps.get_model("committee", "StreetOffice")
    Line = apps.get_model("committee", "Line")
    ServiceItem = apps.get_model("committee", "ServiceItem")
    if not (StreetOffice.objects.exists() or Line.objects.exists() or ServiceItem.objects.exists()):
        return  # a new database: seed_demo or an admin makes the first district
    district, _created = District.objects.get_or_create(code="D01", defaults={"name": "本区"})
    for model in (StreetOffice, Line, ServiceItem):
        model.objects.filter(district__isnull=True).update(district=district)


class Migration(migrations.Migration):
    dependencies = [("committee", "0011_districts")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
