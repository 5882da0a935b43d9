from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from training_portal import importing


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Classes and trainees")

    def ready(self):
        # The Excel engine imports no app: the app hands it its import kinds and exporters. Imported here because
        # resources.py needs the models, which Django loads only after every apps.py.
        from courses import delivery_excel, resources

        importing.register_importers(resources.IMPORTERS)
        importing.register_importers(delivery_excel.IMPORTERS)
        importing.register_exporters(resources.EXPORTERS)
