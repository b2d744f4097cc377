"""The roles of the site. Each role is a Django group of the same name, created with its
permissions by a data migration; a worker's role decides their group and their scope."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception", _("社区工作者（前台接待）")
    DIRECTOR = "director", _("主任/书记")
    STREET_ADMIN = "street_admin", _("街道管理员")


V, A, C, D = "view", "add", "change", "delete"

# What each role's group may do in Django admin and through model permissions. Nothing a
# user entered is deletable: records are voided with a reason instead. Only calendar days
# (reference data typed by a street admin) may be removed.
_RECORDS = {
    ("reception", "visit"): (V, A, C),
    ("reception", "visititem"): (V, A, C),
    ("reception", "appointment"): (V, A, C),
    ("reception", "sealuse"): (V, A, C),
    ("casework", "case"): (V, A, C),
    ("casework", "caseevent"): (V, A),
    ("casework", "notification"): (V, C),
}
_REFERENCE = {
    ("committee", "streetoffice"): (V,),
    ("committee", "committee"): (V,),
    ("committee", "line"): (V,),
    ("committee", "serviceitem"): (V,),
    ("committee", "gridarea"): (V,),
    ("committee", "calendarday"): (V,),
    ("staffing", "worker"): (V,),
    ("staffing", "training"): (V,),
    ("staffing", "post"): (V,),
    ("staffing", "shifttemplate"): (V,),
    ("staffing", "roster"): (V,),
    ("staffing", "dutyassignment"): (V,),
    ("staffing", "leave"): (V, A),
    ("staffing", "swaprequest"): (V, A),
}
_DIRECTOR_EXTRA = {
    ("staffing", "training"): (A, C),
    ("staffing", "post"): (A, C),
    ("staffing", "shifttemplate"): (A, C),
    ("staffing", "roster"): (A, C),
    ("staffing", "dutyassignment"): (A, C, D),  # a draft roster's slots are edited freely
    ("staffing", "leave"): (C,),
    ("staffing", "swaprequest"): (C,),
    ("committee", "gridarea"): (A, C),
}
_STREET_ADMIN = {
    ("committee", "committee"): (V, A, C),
    ("committee", "line"): (V, A, C),
    ("committee", "serviceitem"): (V, A, C),
    ("committee", "gridarea"): (V, A, C),
    ("committee", "calendarday"): (V, A, C, D),
    ("committee", "streetoffice"): (V,),
    ("staffing", "worker"): (V, A, C),
    ("staffing", "training"): (V, A, C),
    ("staffing", "post"): (V, A, C),
    ("staffing", "shifttemplate"): (V, A, C),
    ("staffing", "roster"): (V,),
    ("staffing", "dutyassignment"): (V,),
    ("staffing", "leave"): (V,),
    ("staffing", "swaprequest"): (V,),
    ("auth", "user"): (V, A, C),
    ("reception", "visit"): (V,),
    ("reception", "visititem"): (V,),
    ("reception", "appointment"): (V,),
    ("reception", "sealuse"): (V,),
    ("casework", "case"): (V,),
    ("casework", "caseevent"): (V,),
    ("casework", "reminder"): (V,),
    ("reception", "idnumberaccess"): (V,),  # who was shown whole ID numbers, and why
}


def _merge(*tables):
    merged: dict[tuple[str, str], set[str]] = {}
    for table in tables:
        for key, actions in table.items():
            merged.setdefault(key, set()).update(actions)
    return merged


ROLE_PERMISSIONS = {
    Role.RECEPTION: _merge(_REFERENCE, _RECORDS),
    Role.DIRECTOR: _merge(_REFERENCE, _RECORDS, _DIRECTOR_EXTRA),
    Role.STREET_ADMIN: _merge(_STREET_ADMIN),
}

# Permissions beyond a model's view/add/change/delete, as (app_label, codename). Showing a
# resident's whole ID number is the director's alone, and each showing is recorded.
CUSTOM_PERMISSIONS = {
    Role.DIRECTOR: {("reception", "reveal_id_number")},
}


def sync_role_groups(apps) -> None:
    """Create the three groups and give each exactly its permissions. Called by data
    migrations (with the historical `apps`), so it runs on every fresh database."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, table in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        codenames = {(app_label, f"{action}_{model}") for (app_label, model), actions in table.items()
                     for action in actions}
        codenames |= CUSTOM_PERMISSIONS.get(role, set())
        # Models added by later migrations are missing from an older `apps` state; the
        # migration that adds them calls this again.
        wanted = [
            p for p in Permission.objects.filter(content_type__app_label__in={a for a, _c in codenames})
            if (p.content_type.app_label, p.codename) in codenames
        ]
        group.permissions.set(wanted)
