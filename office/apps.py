from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The top floor: what reads across every app (the director's dashboard, the street
    comparison, the counting of day figures, the public board). Nothing imports it."""

    name = "office"
    verbose_name = _("工作概览与公示栏")

    def ready(self):
        from . import checks  # noqa: F401, PLC0415  (registers the deploy check)
