"""manage.py generate_data: a synthetic country (provinces, agencies, classes, trainees, nominations) for benches."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import synthetic


class Command(BaseCommand):
    help = gettext_lazy(
        "Adds synthetic data at a chosen scale: provinces (each a root agency with its departments and communes "
        "and one training plan for the year), classes with seat allotments, trainees and nominations, and letters "
        "awaiting a reply. Scale 1 is a country: 34 provinces, 3,000 agencies, 20,000 classes, 500,000 trainees "
        "and about 1,000,000 nominations. The same seed gives the same data. Every generated code starts with "
        "GEN-; refuses to run when generated data is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help=gettext_lazy("1 is a whole country (default 1)."))
        parser.add_argument(
            "--seed", type=int, default=2025, help=gettext_lazy("Seed of the random generator (default 2025).")
        )
        parser.add_argument("--year", type=int, help=gettext_lazy("Year of the plans (default: this year)."))
        parser.add_argument(
            "--years",
            type=int,
            default=1,
            help=gettext_lazy(
                "Years of plans per province, ending with --year (default 1): the earlier years' classes are "
                "finished, so each person has a record over several years."
            ),
        )

    def handle(self, *args, **options):
        if options["years"] < 1:
            raise CommandError(_("Give at least one year."))
        if options["scale"] <= 0:
            raise CommandError(_("The scale must be greater than 0."))
        if synthetic.already_generated():
            raise CommandError(_("Generated data is already in this database: use a new database."))
        with transaction.atomic():
            report = synthetic.generate(
                scale=options["scale"], seed=options["seed"], year=options["year"], years=options["years"]
            )
        for name, count in report.rows.items():
            self.stdout.write(f"  {name}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rows in %(seconds).1f s (%(rate)s rows/s).")
                % {
                    "rows": f"{report.total:,}",
                    "seconds": report.seconds,
                    "rate": f"{report.total / report.seconds:,.0f}",
                }
            )
        )
