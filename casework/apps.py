from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("事项办理")

    def ready(self):
        from staffing.selectors import count_busy_lines_with  # noqa: PLC0415  (apps are loaded only now)

        from .selectors import busiest_lines  # noqa: PLC0415

        # Rosters staff every shift with someone trained for the lines with the most cases.
        count_busy_lines_with(busiest_lines)
