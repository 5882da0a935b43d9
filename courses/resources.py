"""Trainees, classes, seat allotments and nominations in and out of Excel, matched by natural keys.

A person is matched by their identification number, a class by its code, an agency
by its code (or an abbreviation or name that only one agency has): never by ids.
Each exporter writes the columns of its importer, so an export imports back unchanged.
"""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import services
from courses.models import (
    CivilServiceRank,
    ClassMode,
    ClassStatus,
    Course,
    EligibilityOverride,
    Gender,
    LeadershipLevel,
    Nomination,
    NominationStatus,
    OverridableRule,
    PoliticalTheoryLevel,
    SeatAllotment,
    Trainee,
    TrainingClass,
    birth_problem,
    class_problems,
    personal_id_problem,
)
from courses.refusals import Refusal, message
from plans.models import Agency, FundingSource, ImportKind, PlanStatus, PlanTarget, TargetGroup, TrainingPlan
from plans.resources import agency_codes
from training_portal import importing, locking
from training_portal.importing import ImporterExporter, Lookup, RowProblem, codes_of, labels_of
from training_portal.spreadsheets import Column, clean_text, date_column, display, first_of, fold, format_date

BATCH = importing.BATCH


def providers():
    """The partners that run classes, reached through the class's `provider` field as a ModelForm reaches them: the
    partners app sits above courses, so courses does not import it."""
    return TrainingClass._meta.get_field("provider").related_model


def parse_personal_id(value) -> str:
    """A person's identification number as typed, or RowProblem saying why it cannot be one (never padded)."""
    typed = clean_text(value)
    problem = personal_id_problem(typed)
    if problem:
        raise RowProblem(problem.message)
    return typed


def personal_id_column(name: str = "personal_id", **kwargs) -> Column:
    return Column(
        name,
        gettext_lazy("Personal identification number"),
        gettext_lazy("12 digits (citizen ID). Required."),
        True,
        number_format="@",
        **kwargs,
    )


def rank_column(name: str, **kwargs) -> Column:
    return Column(
        name,
        gettext_lazy("Rank code"),
        gettext_lazy("e.g. 01.003; choose from the list."),
        choices=codes_of(CivilServiceRank),
        **kwargs,
    )


def agency_lookup() -> Lookup:
    return Lookup(
        Agency.objects.values_list("pk", "code", "abbreviation", "name"),
        unknown=_("Unknown agency: write its code (see the list)."),
        ambiguous=_("Several agencies are called this: write the agency's code."),
    )


def agency_column(name: str, header, *, required: bool = False) -> Column:
    return Column(
        name,
        header,
        gettext_lazy("The agency's code (or an abbreviation or name only it has); choose from the list."),
        required,
        14,
        choices=agency_codes,
        export=f"{name.removesuffix('_id')}__code",
    )


def in_chunks(values: list, size: int = BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- trainees (staff lists) --------------------------------------------------------------------


class TraineeImporter(importing.Importer):
    kind = ImportKind.TRAINEES
    model = Trainee
    key = ("personal_id",)
    title = gettext_lazy("Staff list (trainees)")
    sheet_title = gettext_lazy("Trainees")
    filename = "mau-danh-sach-can-bo"
    intro = (gettext_lazy("A person already in the database (same identification number) is updated."),)
    required_for_new = ("full_name", "date_of_birth", "gender", "agency_id")
    examples = {
        "personal_id": "020190001234",
        "full_name": "Hoàng Thị Lan",
        "date_of_birth": "14/03/1988",
        "gender": Gender.FEMALE.label,
        "agency_id": "LS-STC",
        "position": "Chuyên viên",
        "rank_id": "01.003",
        "leadership_level": LeadershipLevel.NONE.label,
        "political_theory_level": PoliticalTheoryLevel.INTERMEDIATE.label,
        "foreign_language_level": "Tiếng Anh B1",
        "email": "lan.ht@langson.gov.vn",
        "phone": "0912345678",
    }

    def columns(self):
        return [
            personal_id_column(width=18),
            Column(
                "full_name", gettext_lazy("Full name"), gettext_lazy("Required."), False, 26, example="Hoàng Thị Lan"
            ),
            date_column(
                "date_of_birth",
                gettext_lazy("Date of birth"),
                gettext_lazy("dd/mm/yyyy. Required."),
            ),
            Column(
                "gender",
                gettext_lazy("Gender"),
                gettext_lazy("Choose from the list."),
                False,
                9,
                choices=labels_of(Gender),
                export=display("gender", Gender.choices),
            ),
            agency_column("agency_id", gettext_lazy("Agency code")),
            Column("position", gettext_lazy("Position"), gettext_lazy("e.g. Chuyên viên, Phó Trưởng phòng."), width=22),
            rank_column("rank_id", width=10, export="rank__code"),
            Column(
                "leadership_level",
                gettext_lazy("Leadership level"),
                "",
                width=18,
                choices=labels_of(LeadershipLevel),
                export=display("leadership_level", LeadershipLevel.choices),
            ),
            Column(
                "political_theory_level",
                gettext_lazy("Political theory level"),
                "",
                width=16,
                choices=labels_of(PoliticalTheoryLevel),
                export=display("political_theory_level", PoliticalTheoryLevel.choices),
            ),
            Column("foreign_language_level", gettext_lazy("Foreign language level"), "", width=14),
            Column(
                "target_group_id",
                gettext_lazy("Target group code"),
                gettext_lazy("Leave empty to use the agency's."),
                width=14,
                choices=codes_of(TargetGroup),
                export="target_group__code",
            ),
            Column("email", gettext_lazy("E-mail"), "", width=24),
            Column("phone", gettext_lazy("Phone"), "", width=13, number_format="@"),
        ]

    def prepare(self, table):
        self.agencies = agency_lookup()
        self.ranks = Lookup(
            CivilServiceRank.objects.values_list("pk", "code"),
            unknown=_("Unknown rank code; choose one from the list."),
        )
        self.groups = Lookup(
            TargetGroup.objects.values_list("pk", "code", "name"),
            unknown=_("Unknown target group; choose one from the list."),
            ambiguous=_("Several target groups are called this: write the code."),
        )

    def parsers(self):
        field = Trainee._meta.get_field
        return {
            "personal_id": parse_personal_id,
            "full_name": importing.text(field("full_name").max_length, required=True),
            "date_of_birth": importing.date(required=True),
            "gender": importing.choice(Gender.choices),
            "agency_id": self.agencies.parser(),
            "position": importing.text(field("position").max_length),
            "rank_id": self.ranks.parser(required=False),
            "leadership_level": importing.choice(LeadershipLevel.choices, default=LeadershipLevel.NONE),
            "political_theory_level": importing.choice(PoliticalTheoryLevel.choices, default=PoliticalTheoryLevel.NONE),
            "foreign_language_level": importing.text(field("foreign_language_level").max_length),
            "target_group_id": self.groups.parser(required=False),
            "email": importing.text(field("email").max_length, validators=field("email").validators),
            "phone": importing.text(field("phone").max_length),
        }

    def check_whole(self, plan, existing, report):
        # A date of birth typed in (a new person's, or one the file changes) is checked on the day of the import: a
        # staff list names no class. A stored date the file repeats is left to the console.
        today = timezone.localdate()
        for change in plan.creates + plan.updates:
            born = change.values.get("date_of_birth")
            problem = birth_problem(born, on=today, today=today) if born else None
            if problem:
                report(change.row, "date_of_birth", format_date(born), problem.message)
        if plan.errors:
            plan.creates.clear()
            plan.updates.clear()


class TraineeExporter(ImporterExporter):
    identifier = "trainees"
    name = gettext_lazy("Trainees")
    filename = "danh-sach-can-bo"
    importer = TraineeImporter
    extra = ((gettext_lazy("Agency"), "agency__name"),)


# --- classes (the plan's appendix) -------------------------------------------------------------


class ClassImporter(importing.Importer):
    kind = ImportKind.CLASSES
    model = TrainingClass
    key = ("code",)
    title = gettext_lazy("Classes of the plan")
    sheet_title = gettext_lazy("Classes")
    filename = "mau-danh-sach-lop"
    intro = (
        gettext_lazy("A row whose class code exists updates that class; a new code adds a class."),
        gettext_lazy("The plan target is found from the plan's year and the category code."),
    )
    required_for_new = ("title", "course_id", "start_date", "end_date", "planned_seats")
    examples = {
        "code": "2025-QLNN-01",
        "title": "Bồi dưỡng ngạch chuyên viên chính",
        "course_id": "CVC",
        "target__plan__year": 2025,
        "target__category__code": "ngach",
        "mode": ClassMode.IN_PERSON.label,
        "location": "Trường Chính trị Hoàng Văn Thụ",
        "country": "Việt Nam",
        "start_date": "02/06/2025",
        "end_date": "27/06/2025",
        "planned_seats": 60,
        "organiser_id": "LS-SNV",
        "funding_source_id": "nsnn-tinh",
        "budget_estimate": "405.000.000",
        "registration_closes": "20/05/2025",
        "status": ClassStatus.PLANNED.label,
    }
    extra_fields = ("target_id", "taken_seats", "allotted_seats", "allow_overallotment")

    def columns(self):
        return [
            Column("code", gettext_lazy("Class code"), gettext_lazy("Unique, e.g. 2025-QLNN-01. Required."), True, 16),
            Column("title", gettext_lazy("Class name"), "", False, 40),
            Column(
                "course_id",
                gettext_lazy("Course code"),
                gettext_lazy("Choose from the list."),
                width=12,
                choices=codes_of(Course, name="title"),
                export="course__code",
            ),
            Column("target__plan__year", gettext_lazy("Plan year"), gettext_lazy("e.g. 2025."), True, 8),
            Column(
                "target__category__code",
                gettext_lazy("Category code"),
                gettext_lazy("The plan's category the class counts against; choose from the list."),
                True,
                14,
                choices=lambda: sorted(set(PlanTarget.objects.values_list("category__code", flat=True))),
            ),
            Column(
                "mode",
                gettext_lazy("Mode"),
                "",
                width=12,
                choices=labels_of(ClassMode),
                export=display("mode", ClassMode.choices),
            ),
            Column("location", gettext_lazy("Place"), "", width=20),
            Column("country", gettext_lazy("Country"), "", width=12),
            date_column("start_date", gettext_lazy("Start date")),
            date_column("end_date", gettext_lazy("End date")),
            Column("planned_seats", gettext_lazy("Seats"), "", width=8),
            agency_column("organiser_id", gettext_lazy("Organiser agency code")),
            Column(
                "provider_id",
                gettext_lazy("Provider partner code"),
                gettext_lazy("When a partner runs the class."),
                width=14,
                choices=codes_of(providers()),
                export="provider__code",
            ),
            Column(
                "funding_source_id",
                gettext_lazy("Funding source code"),
                gettext_lazy("Choose from the list."),
                width=14,
                choices=codes_of(FundingSource),
                export="funding_source__code",
            ),
            Column(
                "budget_estimate",
                gettext_lazy("Budget estimate (VND)"),
                gettext_lazy("A whole number of đồng, e.g. 405.000.000."),
                width=14,
            ),
            date_column("registration_opens", gettext_lazy("Nominations open")),
            date_column("registration_closes", gettext_lazy("Nomination deadline")),
            Column(
                "status",
                gettext_lazy("Status"),
                "",
                width=16,
                choices=labels_of(ClassStatus),
                export=display("status", ClassStatus.choices),
            ),
        ]

    def prepare(self, table):
        # Codes are matched as class_lookup matches them (fold): a code new to the database is written as its first
        # row has it, and a later row giving it in another case is the same class, refused as a second row.
        self.known = {fold(c): c for c in TrainingClass.objects.values_list("code", flat=True)}
        for _number, values in table.rows:
            code = clean_text(values.get("code"))
            if code:
                self.known.setdefault(fold(code), code)
        self.courses = Lookup(Course.objects.values_list("pk", "code"), unknown=_("Unknown course code."))
        self.agencies = agency_lookup()
        self.partners = Lookup(providers().objects.values_list("pk", "code"), unknown=_("Unknown partner code."))
        self.funding = Lookup(
            FundingSource.objects.values_list("pk", "code", "name"), unknown=_("Unknown funding source.")
        )
        self.targets = {
            (year, code.casefold()): (pk, year, code)
            for pk, year, code in open_targets().values_list("pk", "plan__year", "category__code")
        }

    def parse_code(self, value):
        code = importing.text(40, required=True, validators=TrainingClass._meta.get_field("code").validators)(value)
        return self.known.get(fold(code), code)

    def parsers(self):
        field = TrainingClass._meta.get_field
        return {
            "code": self.parse_code,
            "title": importing.text(field("title").max_length, required=True),
            "course_id": self.courses.parser(),
            "target__plan__year": importing.integer(required=True, minimum=2000, maximum=2100),
            "target__category__code": importing.text(40, required=True),
            "mode": importing.choice(ClassMode.choices, default=ClassMode.IN_PERSON),
            "location": importing.text(field("location").max_length),
            "country": importing.text(field("country").max_length),
            "start_date": importing.date(required=True),
            "end_date": importing.date(required=True),
            "planned_seats": importing.integer(required=True, minimum=1),
            "organiser_id": self.agencies.parser(required=False),
            "provider_id": self.partners.parser(required=False),
            "funding_source_id": self.funding.parser(required=False),
            "budget_estimate": importing.integer(maximum=10**15 - 1),
            "registration_opens": importing.date(),
            "registration_closes": importing.date(),
            "status": importing.choice(ClassStatus.choices, default=ClassStatus.PLANNED),
        }

    def clean_row(self, number, values, raw, report):
        target = self.targets.get((values["target__plan__year"], values["target__category__code"].casefold()))
        if target is None:
            report(
                number,
                "target__category__code",
                raw.get("target__category__code"),
                _("The open plan of that year has no target for this category."),
            )
            return False
        values["target_id"], values["target__plan__year"], values["target__category__code"] = target
        return True

    def check_whole(self, plan, existing, report):
        # A file may carry only some columns: an update is checked with the class's other cells as stored.
        for change in plan.creates + plan.updates:
            merged = {**existing.get(change.key, {}), **change.values}
            for problem in class_problems(merged):
                report(change.row, problem.field, shown(problem.field, merged), problem.message)
        if plan.errors:
            plan.creates.clear()
            plan.updates.clear()

    @staticmethod
    def seat_problems(changes, current) -> list[tuple]:
        """Updates that would leave a class fewer seats than its people hold or than it allotted (its model's rule),
        against the classes as they are now."""
        refused = []
        for change in changes:
            row = current.get(change.key)
            if "planned_seats" not in change.values or row is None:
                continue
            refused += [
                (change, problem.message)
                for problem in class_problems({**row, **change.values})
                if problem.field == "planned_seats"
            ]
        return refused

    def recheck(self, plan):
        refused, current = self.verify(plan)  # the classes of the file, locked
        refused += self.seat_problems(plan.updates, current)
        targets = [(change, change.values["target_id"]) for change in plan.creates]
        for change in plan.updates:
            row = current.get(change.key)
            if row is not None:
                targets.append((change, change.values.get("target_id", row["target_id"])))
        target_ids = {target_id for _change, target_id in targets}
        plan_ids = set(PlanTarget.objects.filter(pk__in=target_ids).values_list("plan_id", flat=True))
        # plan_close locks the plan's row: holding it, no plan closes before these classes are written.
        locking.lock(TrainingPlan, plan_ids, values=())
        still_open = set(open_targets().filter(pk__in=target_ids).values_list("pk", flat=True))
        refused += [
            (change, _("The open plan of that year has no target for this category."))
            for change, target_id in targets
            if target_id not in still_open
        ]
        return refused


def shown(name: str, values: dict) -> str:
    """A class's cell as a refusal names it: a date as written, the seats as a number, an id not at all."""
    value = values.get(name)
    if isinstance(value, datetime.date):
        return format_date(value)
    return value if name == "planned_seats" else ""


def open_targets():
    """The plan targets a class may count against: those of plans not closed."""
    return PlanTarget.objects.exclude(plan__status=PlanStatus.CLOSED)


class ClassExporter(ImporterExporter):
    identifier = "classes"
    name = gettext_lazy("Classes")
    filename = "danh-sach-lop"
    importer = ClassImporter
    extra = (
        (gettext_lazy("Seats allotted"), "allotted_seats"),
        (gettext_lazy("Seats taken"), "taken_seats"),
    )


# --- seat allotments ---------------------------------------------------------------------------


def class_lookup() -> Lookup:
    return Lookup(TrainingClass.objects.values_list("pk", "code"), unknown=message(Refusal.UNKNOWN_CLASS))


def class_column() -> Column:
    return Column(
        "training_class_id",
        gettext_lazy("Class code"),
        gettext_lazy("Required."),
        True,
        16,
        codes_of(TrainingClass, name="title"),
        export="training_class__code",
    )


class AllotmentImporter(importing.Importer):
    kind = ImportKind.ALLOTMENTS
    model = SeatAllotment
    key = ("training_class_id", "agency_id")
    title = gettext_lazy("Seat allotments")
    sheet_title = gettext_lazy("Allotments")
    filename = "mau-phan-bo-chi-tieu"
    intro = (gettext_lazy("One row per class and agency: the seats the agency gets in the class."),)
    required_for_new = ("seats",)
    examples = {"training_class_id": "2025-QLNN-01", "agency_id": "LS-STC", "seats": 5, "deadline": "15/05/2025"}

    def columns(self):
        return [
            class_column(),
            agency_column("agency_id", gettext_lazy("Agency code"), required=True),
            Column("seats", gettext_lazy("Seats"), gettext_lazy("Required."), True, 8),
            date_column(
                "deadline",
                gettext_lazy("Agency's nomination deadline"),
                gettext_lazy("dd/mm/yyyy; empty for the class's deadline."),
            ),
        ]

    def prepare(self, table):
        self.classes = class_lookup()
        self.agencies = agency_lookup()

    def parsers(self):
        return {
            "training_class_id": self.classes.parser(),
            "agency_id": self.agencies.parser(),
            "seats": importing.integer(required=True),
            "deadline": importing.date(),
        }

    def proposed(self, plan) -> dict:
        changes = plan.creates + [c for c in plan.updates if "seats" in c.values]
        return {c.key: c.values["seats"] for c in changes}

    def check_whole(self, plan, existing, report):
        rows = {c.key: c.row for c in plan.creates + plan.updates}
        proposed = self.proposed(plan)
        for key, reason in services.allotment_problems(proposed).items():
            report(rows[key], "seats", proposed[key], reason)
        if plan.errors:
            plan.creates.clear()
            plan.updates.clear()

    def recheck(self, plan):
        # allotment_problems locks the classes and their allotments.
        problems = services.allotment_problems(self.proposed(plan), lock=True)
        refused, _current = self.verify(plan)
        changes = {c.key: c for c in plan.creates + plan.updates}
        return refused + [(changes[key], reason) for key, reason in problems.items()]

    def apply(self, plan, *, by, reason):
        super().apply(plan, by=by, reason=reason)
        services.allotments_settle({key[0] for key in self.proposed(plan)}, by=by, reason=reason)


class AllotmentExporter(ImporterExporter):
    identifier = "allotments"
    name = gettext_lazy("Seat allotments")
    filename = "phan-bo-chi-tieu"
    importer = AllotmentImporter
    extra = (
        (gettext_lazy("Class name"), "training_class__title"),
        (gettext_lazy("Agency"), "agency__name"),
        (gettext_lazy("Seats taken"), "taken_seats"),
    )


# --- nominations -------------------------------------------------------------------------------


class NominationImporter(importing.Importer):
    """Nominations by staff: new rows take seats under the same rules as the portal, for the whole file at once.

    The rules are those of `services.nomination_batch_problems`, run at the check and again, on
    locked rows, when the file is confirmed: a class cancelled, a person moved to another agency
    or nominated by someone else in between refuses the whole file, naming the rows.
    """

    kind = ImportKind.NOMINATIONS
    model = Nomination
    key = ("trainee_id", "training_class_id")
    title = gettext_lazy("Nominations")
    sheet_title = gettext_lazy("Nominations")
    filename = "mau-danh-sach-cu-di-hoc"
    intro = (
        gettext_lazy("The people must already be in the staff list (import it first)."),
        gettext_lazy(
            "A new nomination takes a seat of the person's agency in the class; an existing one is left as it is."
        ),
    )
    extra_fields = ("status", "agency_id")
    examples = {
        "training_class_id": "2025-QLNN-01",
        "trainee_id": "020190001234",
        "status": NominationStatus.NOMINATED.label,
    }

    def columns(self):
        return [
            class_column(),
            personal_id_column("trainee_id", width=18, export="trainee__personal_id"),
            Column(
                "status",
                gettext_lazy("Status"),
                gettext_lazy("Empty for Nominated; a new nomination may be Nominated or Approved."),
                width=16,
                choices=labels_of(NominationStatus),
                export=display("status", NominationStatus.choices),
            ),
            Column("reason", gettext_lazy("Reason"), gettext_lazy("Required when rejected or withdrawn."), width=30),
        ]

    def prepare(self, table):
        self.class_codes = dict(TrainingClass.objects.values_list("pk", "code"))
        self.class_ids = class_lookup()
        ids = set()
        for _number, values in table.rows:
            try:
                ids.add(parse_personal_id(values.get("trainee_id")))
            except RowProblem:
                continue
        self.people = {}
        for chunk in in_chunks(sorted(ids)):
            for row in Trainee.objects.filter(personal_id__in=chunk).values_list("pk", "personal_id", "agency_id"):
                self.people[row[1]] = row

    def parse_person(self, value):
        person = self.people.get(parse_personal_id(value))
        if person is None:
            raise RowProblem(message(Refusal.UNKNOWN_PERSON))
        return person[0]

    def parsers(self):
        return {
            "training_class_id": self.class_ids.parser(),
            "trainee_id": self.parse_person,
            "status": importing.choice(NominationStatus.choices, default=NominationStatus.NOMINATED),
            "reason": importing.text(2000),
        }

    def clean_row(self, number, values, raw, report):
        # A file without the status column nominates. Other statuses are refused by the batch's rules (a new
        # nomination is Nominated or Approved; rejecting or withdrawing belongs to the console, with its reason).
        values.setdefault("status", NominationStatus.NOMINATED)
        return True

    def check_whole(self, plan, existing, report):
        by_pk = {person[0]: person for person in self.people.values()}
        # An existing nomination is never changed by a file: its workflow belongs to the console.
        for change in plan.updates:
            if "status" not in change.values:
                plan.unchanged += 1  # only its reason differs, and reasons are written by the workflow
            else:
                report(
                    change.row,
                    "status",
                    NominationStatus(change.values["status"]).label,
                    message(Refusal.DUPLICATE, status=NominationStatus(change.before["status"]).label),
                )
        plan.updates = []
        for change in plan.creates:
            change.values["agency_id"] = by_pk[change.values["trainee_id"]][2]  # the person's agency, as checked
        problems = services.nomination_batch_problems([c.values for c in plan.creates])
        for index, (name, reason) in problems.items():
            change = plan.creates[index]
            if name == "status":
                value = NominationStatus(change.values["status"]).label
            elif name == "training_class_id":
                value = self.class_codes[change.values["training_class_id"]]
            else:
                value = by_pk[change.values["trainee_id"]][1]
            report(change.row, name, value, reason)
        if plan.errors:
            plan.creates.clear()
            plan.updates.clear()

    def apply(self, plan, *, by, reason):
        # Every rule of the check runs again inside, on the classes, allotments and people locked until the commit.
        try:
            services.nominations_import(rows=[c.values for c in plan.creates], by=by, reason=reason)
        except services.BatchRefused as exc:
            refused = [(plan.creates[index], why) for index, (_name, why) in exc.problems.items()]
            changes = sorted((change for change, _why in refused), key=lambda c: c.row)
            changes = changes[: importing.REFUSED_ROWS_TOLD]  # the rows the message names
            self.class_codes = dict(
                TrainingClass.objects.filter(pk__in={c.values["training_class_id"] for c in changes}).values_list(
                    "pk", "code"
                )
            )
            self.named = {
                pk: (name, personal_id)
                for pk, name, personal_id in Trainee.objects.filter(
                    pk__in={c.values["trainee_id"] for c in changes}
                ).values_list("pk", "full_name", "personal_id")
            }
            raise self.refusal(refused) from exc

    def subject(self, change):
        """The class's code and the person's name and number, as they are now (as in the file if deleted since)."""
        code = self.class_codes.get(change.values["training_class_id"], change.labels[0])
        if change.values["trainee_id"] not in self.named:
            return _("class %(code)s, %(personal_id)s") % {"code": code, "personal_id": change.labels[1]}
        name, personal_id = self.named[change.values["trainee_id"]]
        return _("class %(code)s, %(name)s (%(personal_id)s)") % {
            "code": code,
            "name": name,
            "personal_id": personal_id,
        }


def exception_column(values) -> str:
    if not values["exception_rule"]:
        return ""
    label = dict(OverridableRule.choices).get(values["exception_rule"], values["exception_rule"])
    return f"{label}: {values['exception_reason']}"


exception_column.fields = ("exception_rule", "exception_reason")


class NominationExporter(ImporterExporter):
    identifier = "nominations"
    name = gettext_lazy("Nominations")
    filename = "danh-sach-cu-di-hoc"
    importer = NominationImporter
    extra = (
        (gettext_lazy("Class name"), "training_class__title"),
        (gettext_lazy("Start date"), "training_class__start_date"),
        (gettext_lazy("End date"), "training_class__end_date"),
        (gettext_lazy("Full name"), "trainee__full_name"),
        (gettext_lazy("Date of birth"), "trainee__date_of_birth"),
        (gettext_lazy("Position"), "trainee__position"),
        (gettext_lazy("Agency"), "agency__name"),
        (gettext_lazy("Place on the waiting list"), first_of("waitlist_rank")),
        (gettext_lazy("Exception to the rules"), exception_column),
    )

    def queryset(self, queryset):
        # The latest exception staff recorded for the person in this class (courses.eligibility): rule and reason.
        exceptions = EligibilityOverride.objects.filter(
            trainee=OuterRef("trainee"), training_class=OuterRef("training_class")
        ).order_by("-decided_at", "-pk")
        return queryset.annotate(
            exception_rule=Subquery(exceptions.values("rule")[:1]),
            exception_reason=Subquery(exceptions.values("reason")[:1]),
        )


IMPORTERS = {
    ImportKind.TRAINEES.value: TraineeImporter,
    ImportKind.CLASSES.value: ClassImporter,
    ImportKind.ALLOTMENTS.value: AllotmentImporter,
    ImportKind.NOMINATIONS.value: NominationImporter,
}
EXPORTERS = {
    Trainee: TraineeExporter,
    TrainingClass: ClassExporter,
    SeatAllotment: AllotmentExporter,
    Nomination: NominationExporter,
}
