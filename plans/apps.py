from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from training_portal import importing


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans and agencies")

    def ready(self):
        # The Excel engine imports no app: the app hands it its import kinds and exporters. Imported here because
        # resources.py needs the models, which Django loads only after every apps.py.
        from plans import annual_report_document, resources
        from plans.budget import resources as budget_resources

        importing.register_importers(resources.IMPORTERS)
        importing.register_exporters(resources.EXPORTERS)
        importing.register_importers(budget_resources.IMPORTERS)  # issue 16: spending on classes
        importing.register_exporters(budget_resources.EXPORTERS)
        # The annual report as an issued document reads the dashboard, above the documents: it hands them its page.
        annual_report_document.register()
