"""The roles of the site. Each role is a Django group of the same name; a worker's role
decides their group and their scope (committee.scoping).

What a role's group may do in admin and through model permissions is declared by each app
for its own models, in a data migration of its own that calls `grant` with a table
(staffing, casework and reception each have one). Nothing a user entered is deletable:
records are voided with a reason instead."""

from django.contrib.auth.management import create_permissions
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception", _("社区工作者（前台接待）")
    DIRECTOR = "director", _("主任/书记")
    STREET_ADMIN = "street_admin", _("街道管理员")
    DISTRICT_ADMIN = "district_admin", _("区管理员")


V, A, C, D = "view", "add", "change", "delete"
STANDARD_ACTIONS = (V, A, C, D)


def grant(apps, table: dict[str, dict[str, tuple[str, ...]]]) -> None:
    """Give each role's group exactly the permissions `table` lists on the models it
    names, and none other on those models; permissions on other models are left alone.

    `table` maps a role to {"app_label.model": actions}; an action is view, add, change,
    delete or the codename of a model's own permission. Run by each app's data migration,
    with its historical `apps`, once the models it names exist: a name that is not a model
    there fails the migration rather than grant nothing."""
    named = {key for grants in table.values() for key in grants}
    for key in named:
        apps.get_model(key)  # LookupError for a misspelt or missing model
    for label in {key.split(".")[0] for key in named}:
        config = apps.get_app_config(label)
        # A migration state's app configs carry no models module, and create_permissions
        # skips an app without one.
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    on_named = [
        p
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.content_type.model}" in named
    ]
    for role in Role.values:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = {
            (key, action if action not in STANDARD_ACTIONS else f"{action}_{key.split('.')[1]}")
            for key, actions in table.get(role, {}).items()
            for action in actions
        }
        group.permissions.remove(*on_named)
        group.permissions.add(
            *[p for p in on_named if (f"{p.content_type.app_label}.{p.content_type.model}", p.codename) in wanted]
        )
