from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("前台接待")

    def ready(self):
        from register.signals import person_merged  # noqa: PLC0415  (apps are loaded only now)

        from .services import person_merged_move_visits  # noqa: PLC0415

        # A merged duplicate's visits move to the record kept, in the merge's transaction.
        person_merged.connect(person_merged_move_visits, dispatch_uid="reception.person_merged_move_visits")
