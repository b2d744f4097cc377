from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("居委会与参考数据")

    def ready(self):
        # Registering the calendar check and the security log's signal receivers.
        from . import checks, security  # noqa: F401, PLC0415  (importable only once the apps are loaded)
