"""Residents' phones in the form utilities/phones.py stores since issue 17: E.164. Cases
held mobiles as their 11 digits (13912345678); they become +8613912345678 in one UPDATE.
Nothing else was accepted before, so nothing else needs rewriting. History rows keep what
was stored then (the admin's history diffs leave phones out)."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr


def to_e164(apps, schema_editor):
    apps.get_model("casework", "Case").objects.filter(resident_phone__regex=r"^1[0-9]{10}$").update(
        resident_phone=Concat(Value("+86"), F("resident_phone"))
    )


def to_digits(apps, schema_editor):
    apps.get_model("casework", "Case").objects.filter(resident_phone__regex=r"^\+861[0-9]{10}$").update(
        resident_phone=Substr("resident_phone", 4)
    )


class Migration(migrations.Migration):
    dependencies = [("casework", "0011_supervision_and_follow_up_reminders")]

    operations = [migrations.RunPython(to_e164, to_digits, elidable=True)]
