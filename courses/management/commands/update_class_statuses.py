"""manage.py update_class_statuses: classes open, close, start and finish on their dates. Run it daily (cron)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.services import class_statuses_follow_dates


class Command(BaseCommand):
    help = gettext_lazy(
        "Move every class to the status its dates give today: nominations open on the opening day and close after "
        "the deadline, the class is in progress from its first day and finished after its last. Cancelled classes "
        "stay cancelled. Run it once a day, just after midnight."
    )

    def handle(self, *args, **options):
        changed = class_statuses_follow_dates()
        self.stdout.write(_("%(count)s classes changed status.") % {"count": len(changed)})
        for training_class in changed:
            self.stdout.write(f"  {training_class.code}: {training_class.get_status_display()}")
