from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regional offices")

    def ready(self):
        from . import audit  # noqa: F401  (connects the history-source receiver)
        from .freshness import connect_signals

        connect_signals()
