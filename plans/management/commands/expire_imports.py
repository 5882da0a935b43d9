"""Housekeeping of the Excel imports' working data (plans and marked files, kept on the import records): run it
daily, e.g. from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from training_portal.importing import import_files_expire


class Command(BaseCommand):
    help = gettext_lazy(
        "Abandon Excel checks never confirmed and drop their plans and marked error files once older than --hours "
        "(24); the import records stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help=gettext_lazy("age after which a check expires (default 24)")
        )

    def handle(self, *args, hours: int, **options):
        if hours < 1:
            raise CommandError(_("--hours must be at least 1."))
        abandoned, removed = import_files_expire(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(
            _("%(abandoned)s unconfirmed checks abandoned, %(removed)s marked error files dropped.")
            % {"abandoned": abandoned, "removed": removed}
        )
