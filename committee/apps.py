from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("居委会与参考数据")

    def ready(self):
        from . import checks  # noqa: F401  (registers the work-calendar check)
