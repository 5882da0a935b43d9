"""manage.py load_demo: load (or update) the demo province, its plans, classes, partners and accounts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.demo import load_demo


class Command(BaseCommand):
    help = _(
        "Loads (or updates) the demo province: its agencies, the 2025 training plan, last year's and this year's "
        "(built around today: classes open now, closing soon, running, finished and planned) with their targets, "
        "classes, seat allotments, trainees and nominations, partners, agreements and letters, and demo accounts "
        "with known passwords. Running it again the same day changes nothing. Refuses to run when DEBUG is off "
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Load the demo data even though DEBUG is off (the demo accounts have public passwords)."),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like a real installation: the demo data would add accounts with "
                    "public passwords. Nothing was loaded. Pass --force to load it anyway."
                )
            )
        today = timezone.localdate()
        if today.year <= 2025:
            raise CommandError(
                _(
                    "The demo builds this year's plan around today, after the seed's 2025 plan: it needs a date "
                    "in 2026 or later (today is %(today)s)."
                )
                % {"today": today.strftime("%d/%m/%Y")}
            )
        with transaction.atomic():
            report = load_demo(today)

        created = sum(report.created.values())
        if created:
            self.stdout.write(self.style.SUCCESS(_("Demo data loaded: %(count)s rows created.") % {"count": created}))
            for label, count in sorted(report.created.items()):
                if count:
                    self.stdout.write(f"  {label}: {count}")
        else:
            self.stdout.write(self.style.SUCCESS(_("Demo data already up to date: nothing to create.")))

        roles = {
            "superuser": _("Superuser"),
            "staff": _("Home Affairs officer (staff console)"),
            "leader": _("Leader (dashboard, read only)"),
        }
        rows = [
            (
                account.username,
                roles.get(account.role)
                or _("Focal point of %(agency)s (portal)") % {"agency": report.agency_names[account.agency]},
                account.email,
                account.password,
            )
            for account in report.accounts
        ]
        header = (_("Username"), _("Role"), _("E-mail"), _("Password"))
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (their passwords are reset on every run):"))
        for row in [header, *rows]:
            self.stdout.write("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
        self.stdout.write(self.style.WARNING(_("These passwords are public: never load the demo on a real server.")))
