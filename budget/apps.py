from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from training_portal import importing


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Training budget")

    def ready(self):
        # The Excel engine imports no app: the app hands it its import kind and exporters (as courses does).
        from budget import resources

        importing.register_importers(resources.IMPORTERS)
        importing.register_exporters(resources.EXPORTERS)
