"""manage.py restore: put an archive written by manage.py backup back into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from training_portal.backup.registry import BackupError
from training_portal.backup.steps import backup_restore


class Command(BaseCommand):
    help = gettext_lazy(
        "Restores an archive written by manage.py backup into the configured database, which must be empty, and "
        "its files into MEDIA_ROOT. Before changing anything it checks every member's name and SHA-256; it loads "
        "the dump in one transaction, then checks every table's row count and every issued document's checksum "
        "against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help=gettext_lazy("the .tar file written by manage.py backup"))

    def handle(self, *args, archive: Path, **options):
        try:
            result = backup_restore(path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        application = result.manifest["application"]
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(path)s, made %(created_at)s by version %(version)s (commit %(commit)s).")
                % {
                    "path": archive,
                    "created_at": result.manifest["created_at"],
                    "version": application.get("version") or "?",
                    "commit": (application.get("commit") or "?")[:12],
                }
            )
        )
        self.stdout.write(
            _(
                "  database: %(tables)s tables, %(rows)s rows, every table's row count as in the archive\n"
                "  files: %(files)s restored into MEDIA_ROOT, %(named)s named by the database, "
                "each matching its SHA-256"
            )
            % {
                "tables": result.tables,
                "rows": result.rows,
                "files": result.files,
                "named": result.named_files,
            }
        )
        if result.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The archive was made by a newer version of the portal (migrations this code does not have: "
                        "%(list)s): run that version, not this one, on the restored data."
                    )
                    % {"list": ", ".join(result.unknown_migrations)}
                )
            )
        elif result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The archive was made by an older version: run manage.py migrate "
                        "(%(count)s migrations to apply)."
                    )
                    % {"count": len(result.pending_migrations)}
                )
            )
