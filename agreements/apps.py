from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Sites and agreements")

    def ready(self):
        from . import audit  # noqa: F401  (history of lab lists when a lab is deleted)
