from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from training_portal.backup.registry import register_stored_files


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and correspondence")

    def ready(self):
        # The backup (in the project package, which imports no app) checks the issued documents' PDFs against the
        # checksums they were issued with. Imported here because the selectors need the models.
        from partners import selectors

        register_stored_files("issued documents", selectors.issued_files)
