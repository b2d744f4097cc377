from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareworkConfig(AppConfig):
    """Care plans and home visits (走访): who is due a visit by their care tags, and what
    a visit found, which may become a case or a desk visit. Above patrols (the worker's
    day on the grid reads both), below office."""

    name = "carework"
    verbose_name = _("走访")
