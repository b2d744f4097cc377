from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    """Daily patrols of each grid area (巡查) and what they find, which may become a case.
    Above reception and casework (a finding opens a case), below carework."""

    name = "patrols"
    verbose_name = _("巡查")
