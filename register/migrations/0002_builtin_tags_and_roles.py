from django.db import migrations

from committee.roles import A, C, Role, V, grant

# The care tags every committee has; sensitive ones are health, disability and assistance
# (PIPL art. 28). 高龄 is computed from the birth date, never a row.
BUILTIN_TAGS = [
    ("living_alone", "独居老人", False),
    ("disabled", "残疾", True),
    ("dibao", "低保", True),
    ("tekun", "特困", True),
    ("veteran", "退役军人", False),
    ("watch", "重点关注", False),
]

# Committee workers keep the register; the director adds the committee's own tags and reads
# who saw sensitive tags in full; the street admin reads. Setting a tag on a person is the
# grid worker's and the director's, checked per person by register.access.
_WORKER = {
    "register.household": (V, A, C), "register.person": (V, A, C), "register.membership": (V, A, C),
    "register.personphone": (V, A, C), "register.caretag": (V,), "register.persontag": (V, A, C),
}
GRANTS = {
    Role.RECEPTION: _WORKER,
    Role.DIRECTOR: {**_WORKER, "register.caretag": (V, A, C), "register.sensitivetagview": (V,)},
    Role.STREET_ADMIN: {
        "register.household": (V,), "register.person": (V,), "register.membership": (V,),
        "register.personphone": (V,), "register.caretag": (V,), "register.persontag": (V,),
        "register.sensitivetagview": (V,),
    },
}


def apply(apps, schema_editor):
    CareTag = apps.get_model("register", "CareTag")
    for code, name, sensitive in BUILTIN_TAGS:
        CareTag.objects.get_or_create(code=code, defaults={"name": name, "sensitive": sensitive})
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    """The built-in care tags and the role permissions on the register."""

    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
