from django.db import migrations

from committee.roles import A, C, D, Role, V, grant

# What each role may do with staffing's models. Desk workers read duty and ask for leave
# and swaps; the director keeps the roster (a draft's slots are edited freely), posts,
# training and shift templates and decides leave and swaps; the street admin keeps the
# workers, their posts and training, and reads the rest.
GRANTS = {
    Role.RECEPTION: {
        "staffing.worker": (V,), "staffing.training": (V,), "staffing.post": (V,), "staffing.shifttemplate": (V,),
        "staffing.roster": (V,), "staffing.dutyassignment": (V,), "staffing.leave": (V, A),
        "staffing.swaprequest": (V, A),
    },
    Role.DIRECTOR: {
        "staffing.worker": (V,), "staffing.training": (V, A, C), "staffing.post": (V, A, C),
        "staffing.shifttemplate": (V, A, C), "staffing.roster": (V, A, C), "staffing.dutyassignment": (V, A, C, D),
        "staffing.leave": (V, A, C), "staffing.swaprequest": (V, A, C),
    },
    Role.STREET_ADMIN: {
        "staffing.worker": (V, A, C), "staffing.training": (V, A, C), "staffing.post": (V, A, C),
        "staffing.shifttemplate": (V, A, C), "staffing.roster": (V,), "staffing.dutyassignment": (V,),
        "staffing.leave": (V,), "staffing.swaprequest": (V,),
    },
}


def apply(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("staffing", "0002_swaps"), ("committee", "0004_role_groups_swaps")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
