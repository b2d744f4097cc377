from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The residents' register (实有人口): the rules for residents' identifiers today;
    households and people come next. Below every app that refers to residents."""

    name = "register"
    verbose_name = _("实有人口")
