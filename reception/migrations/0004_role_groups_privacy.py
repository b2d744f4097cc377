from django.db import migrations

from committee.roles import A, C, Role, V, grant

# What each role may do with the desk's records. Showing a resident's whole ID number is
# the director's alone (each showing is recorded); the street admin reads the records and
# who was shown whole ID numbers, and why.
GRANTS = {
    Role.RECEPTION: {
        "reception.visit": (V, A, C), "reception.visititem": (V, A, C), "reception.appointment": (V, A, C),
        "reception.sealuse": (V, A, C),
    },
    Role.DIRECTOR: {
        "reception.visit": (V, A, C, "reveal_id_number"), "reception.visititem": (V, A, C),
        "reception.appointment": (V, A, C), "reception.sealuse": (V, A, C),
    },
    Role.STREET_ADMIN: {
        "reception.visit": (V,), "reception.visititem": (V,), "reception.appointment": (V,), "reception.sealuse": (V,),
        "reception.idnumberaccess": (V,),
    },
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    """The role permissions on the desk's records, now that the ID-number permission and
    its access records exist."""

    dependencies = [("committee", "0005_board"), ("reception", "0003_privacy")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
