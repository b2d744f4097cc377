from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareworkConfig(AppConfig):
    """Care plans and home visits (走访): who is due a visit by their care tags, and what
    a visit found, which may become a case or a desk visit. Above patrols (the worker's
    day on the grid reads both), below office."""

    name = "carework"
    verbose_name = _("走访")

    def ready(self):
        from register.signals import person_merged  # noqa: PLC0415  (apps are loaded only now)
        from utilities.erasure import retention_sweep  # noqa: PLC0415

        from .retention import home_visits_forget  # noqa: PLC0415
        from .services import person_merged_move_home_visits  # noqa: PLC0415

        # The retention sweep lives below (reception.retention): it tells us when it runs.
        retention_sweep.connect(home_visits_forget, dispatch_uid="carework.home_visits_forget")
        # A merged duplicate's home visits move to the record kept, so its visit count holds.
        person_merged.connect(person_merged_move_home_visits, dispatch_uid="carework.person_merged_move_home_visits")
