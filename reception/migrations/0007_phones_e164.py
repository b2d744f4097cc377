"""Residents' phones in the form utilities/phones.py stores since issue 17: E.164. The desk
stored mobiles as their 11 digits (13912345678); they become +8613912345678 in one UPDATE
per table. Nothing else was accepted before, so nothing else needs rewriting. History rows
keep what was stored then (the admin's history diffs leave phones out)."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

MODELS = ("Visit", "Appointment")


def to_e164(apps, schema_editor):
    for name in MODELS:
        apps.get_model("reception", name).objects.filter(resident_phone__regex=r"^1[0-9]{10}$").update(
            resident_phone=Concat(Value("+86"), F("resident_phone"))
        )


def to_digits(apps, schema_editor):
    for name in MODELS:
        apps.get_model("reception", name).objects.filter(resident_phone__regex=r"^\+861[0-9]{10}$").update(
            resident_phone=Substr("resident_phone", 4)
        )


class Migration(migrations.Migration):
    dependencies = [("reception", "0006_id_access_password_source")]

    operations = [migrations.RunPython(to_e164, to_digits, elidable=True)]
