from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    """Daily patrols of each grid area (巡查) and what they find, which may become a case.
    Above reception and casework (a finding opens a case), below carework."""

    name = "patrols"
    verbose_name = _("巡查")

    def ready(self):
        from utilities.erasure import retention_sweep  # noqa: PLC0415  (apps are loaded only now)

        from .retention import patrols_forget  # noqa: PLC0415

        # The retention sweep lives below (reception.retention): it tells us when it runs.
        retention_sweep.connect(patrols_forget, dispatch_uid="patrols.patrols_forget")
