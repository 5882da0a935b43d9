"""manage.py backup: one archive of the database and every stored file, for the nightly copy off the server."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from training_portal.backup.registry import BackupError
from training_portal.backup.steps import backup_create


class Command(BaseCommand):
    help = gettext_lazy(
        "Writes one archive (training-portal-<UTC time>.tar, readable by its owner only) holding a dump of the "
        "database taken in one snapshot, every file under MEDIA_ROOT and a manifest with their SHA-256, the row "
        "count of every table and the migrations applied. Changes nothing in the database or MEDIA_ROOT; refuses "
        "(and writes nothing) when a file the database names, such as an issued document, is missing or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help=gettext_lazy("folder to write the archive into (default: BACKUP_DIR)"),
        )

    def handle(self, *args, directory: Path | None, **options):
        try:
            result = backup_create(directory=directory or Path(settings.BACKUP_DIR))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(_("Backup written: %(path)s") % {"path": result.path}))
        self.stdout.write(
            _(
                "  %(size)s bytes, SHA-256 %(sha256)s\n"
                "  database: %(tables)s tables, %(rows)s rows\n"
                "  files: %(files)s (%(file_bytes)s bytes), of which %(named)s named by the database and checked"
            )
            % {
                "size": result.size,
                "sha256": result.sha256,
                "tables": result.tables,
                "rows": result.rows,
                "files": result.files,
                "file_bytes": result.file_bytes,
                "named": result.named_files,
            }
        )
