"""Courses, classes, seats and the people sent to them."""

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# Eligibility as data: the rules, yearly ratings and exceptions have their own module, loaded with these models.
from courses.eligibility_models import (  # noqa: F401
    EligibilityOverride,
    EligibilityRule,
    LanguageLevel,
    OverridableRule,
    ProposalKind,
    Rating,
    RuleKind,
    YearlyRating,
)
from courses.refusals import MESSAGES, Problem, Refusal
from plans.models import Agency, ContentArea, FundingSource, PlanTarget, TargetGroup
from training_portal.constraints import one_of, unique_code_in_any_case
from training_portal.search import Searchable, SearchKeyQuerySet, trigram_index
from training_portal.spreadsheets import format_date


class CivilServiceRank(Searchable):
    """A civil-service or public-employee rank (ngạch, chức danh nghề nghiệp), e.g. 01.003 chuyên viên."""

    search_key_sources = ("code", "name")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lower is more senior."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("civil-service rank")
        verbose_name_plural = _("civil-service ranks")
        ordering = ["order", "code"]
        constraints = [unique_code_in_any_case(MESSAGES[Refusal.CODE_TAKEN_IN_ANY_CASE])]

    def __str__(self):
        return f"{self.code} {self.name}"


class Course(Searchable):
    """A course or programme (khóa, chương trình) that classes are run from."""

    search_key_sources = ("title", "code")

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    category = models.ForeignKey(
        "plans.TrainingCategory", verbose_name=_("usual category"), on_delete=models.PROTECT, related_name="courses"
    )
    content_areas = models.ManyToManyField(
        ContentArea, verbose_name=_("content areas"), blank=True, related_name="courses"
    )
    description = models.TextField(_("description"), blank=True)
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), null=True, blank=True)
    periods = models.PositiveSmallIntegerField(
        _("length (periods)"),
        null=True,
        blank=True,
        help_text=_("Periods (tiết) of 45 minutes. Left empty, the days are converted at the set periods a day."),
    )
    required_language_level = models.PositiveSmallIntegerField(
        _("foreign language level needed (1–6)"),
        null=True,
        blank=True,
        choices=LanguageLevel.choices,
        help_text=_("Empty when the course needs none. Checked when a person is nominated to one of its classes."),
    )
    history = HistoricalRecords(m2m_fields=[content_areas])

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        constraints = [unique_code_in_any_case(MESSAGES[Refusal.CODE_TAKEN_IN_ANY_CASE])]

    def __str__(self):
        return self.title

    @property
    def length_in_periods(self) -> int | None:
        """The course's periods, else its days at PERIODS_PER_DAY periods a day; None when neither is known."""
        if self.periods is not None:
            return self.periods
        if self.duration_days is not None:
            return self.duration_days * settings.PERIODS_PER_DAY
        return None


class ClassMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class ClassStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for nomination")
    CLOSED = "closed", _("Nomination closed")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


# The order in which a class lives; its dates move it forward along it (`status_by_dates`), never back.
CLASS_LIFECYCLE = (
    ClassStatus.PLANNED,
    ClassStatus.OPEN,
    ClassStatus.CLOSED,
    ClassStatus.IN_PROGRESS,
    ClassStatus.FINISHED,
)


def status_by_dates(*, opens, closes, start, end, today: datetime.date) -> str:
    """The status a class's dates give it on `today`: Planned until nominations open, Open until the day after
    the deadline, then Nomination closed; In progress from the first day of the class, Finished after the last.

    Without an opening day a class is not opened by the calendar (staff open it); without a deadline it stays
    open until it starts."""
    if today > end:
        return ClassStatus.FINISHED
    if today >= start:
        return ClassStatus.IN_PROGRESS
    if closes is not None and today > closes:
        return ClassStatus.CLOSED
    if opens is not None and today >= opens:
        return ClassStatus.OPEN
    return ClassStatus.PLANNED


def status_on(status: str, dated: str) -> str:
    """A stored status moved forward to the one its dates give (`dated`); a cancelled class stays cancelled,
    and staff may move a class ahead of its dates (close it early), never the calendar back."""
    if status not in CLASS_LIFECYCLE:
        return status
    return max(status, dated, key=CLASS_LIFECYCLE.index)


def too_few_seats(seats: int, *, taken: int, allotted: int, allow_overallotment: bool) -> Problem | None:
    """Why a class cannot have `seats` seats: fewer than the people holding one, or (unless staff allowed
    over-allotment) than the seats allotted to agencies."""
    if seats < taken:
        return Problem(Refusal.SEATS_BELOW_TAKEN, {"taken": taken}, "planned_seats")
    if not allow_overallotment and seats < allotted:
        return Problem(Refusal.SEATS_BELOW_ALLOTTED, {"allotted": allotted}, "planned_seats")
    return None


TRAINEE_MIN_AGE = 18
TRAINEE_MAX_AGE = 65


def birth_problem(born: datetime.date, *, on: datetime.date, today: datetime.date | None = None) -> Problem | None:
    """Why a date of birth typed for a trainee cannot be right: in the future, or making the person younger than
    TRAINEE_MIN_AGE or older than TRAINEE_MAX_AGE `on` a day (the class's start, else the day of the import). One rule
    for the trainee importer and the portal's new person and nominee upload."""
    today = today or timezone.localdate()
    shown = {"born": format_date(born), "on": format_date(on)}
    if born > today:
        return Problem(Refusal.BORN_IN_FUTURE, {"born": shown["born"]}, "date_of_birth")
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < TRAINEE_MIN_AGE:
        return Problem(Refusal.TOO_YOUNG, {**shown, "minimum": TRAINEE_MIN_AGE}, "date_of_birth")
    if age > TRAINEE_MAX_AGE:
        return Problem(Refusal.TOO_OLD, {**shown, "maximum": TRAINEE_MAX_AGE}, "date_of_birth")
    return None


def personal_id_problem(typed: str) -> Problem | None:
    """Why an identification number as typed in a file cannot be right. Never padded: a number Excel stored as a
    number lost its leading zero, but an 11-digit one may as well be a 12-digit one missing any other digit."""
    if not typed:
        return Problem(Refusal.NO_PERSONAL_ID, field="personal_id")
    if typed.isdigit() and len(typed) in (9, 12):
        return None
    if typed.isdigit() and len(typed) == 11:
        return Problem(Refusal.PERSONAL_ID_LOST_ZERO, field="personal_id")
    return Problem(Refusal.PERSONAL_ID_LENGTH, field="personal_id")


def class_problems(values: Mapping) -> list[Problem]:
    """The rules between a class's cells, on the class as it will be: for TrainingClass.clean (the console)
    and the class importer; the table's CHECK constraints are their last guard.

    `values` holds the class's fields by name (organiser_id, provider_id for the two sides); a rule whose
    cells are missing is not checked. Each problem names the field it is about.
    """
    problems = []
    seats = values.get("planned_seats")
    if seats is not None:
        if seats < 1:
            problems.append(Problem(Refusal.NO_SEAT_IN_CLASS, field="planned_seats"))
        else:
            problem = too_few_seats(
                seats,
                taken=values.get("taken_seats") or 0,
                allotted=values.get("allotted_seats") or 0,
                allow_overallotment=bool(values.get("allow_overallotment")),
            )
            if problem:
                problems.append(problem)
    start, end = values.get("start_date"), values.get("end_date")
    opens, closes = values.get("registration_opens"), values.get("registration_closes")
    if start and end and end < start:
        problems.append(Problem(Refusal.END_BEFORE_START, field="end_date"))
    if opens and closes and closes < opens:
        problems.append(Problem(Refusal.CLOSES_BEFORE_OPENS, field="registration_closes"))
    if closes and start and closes > start:
        problems.append(Problem(Refusal.DEADLINE_AFTER_START, field="registration_closes"))
    if not values.get("organiser_id") and not values.get("provider_id"):
        problems.append(Problem(Refusal.NO_ORGANISER, field="organiser_id"))
    return problems


def allotment_problem(
    *, seats: int, taken: int, total: int, class_seats: int, allow_overallotment: bool, class_code: str, agency
) -> Problem | None:
    """Why an agency cannot have `seats` seats of a class: negative, fewer than its nominations hold, or (unless
    staff allowed over-allotment) a class's allotments adding up to `total`, more than its seats. For
    allotment_set, the console's allotment forms and the allotment importer."""
    if seats < 0:
        return Problem(Refusal.NEGATIVE_SEATS, field="seats")
    if seats < taken:
        return Problem(Refusal.BELOW_TAKEN, {"agency": agency, "taken": taken}, "seats")
    if not allow_overallotment and total > class_seats:
        return Problem(Refusal.OVER_ALLOTTED, {"code": class_code, "seats": class_seats, "total": total}, "seats")
    return None


class TrainingClassQuerySet(SearchKeyQuerySet):
    def for_plan(self, plan):
        return self.filter(target__plan=plan)


class TrainingClass(Searchable):
    """One run of a course (lớp) with dates, place and seats, counted against a plan target."""

    search_key_sources = ("code", "title", "location")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9._/-]+$", _("Use only letters without accents, digits, '.', '_', '/' or '-'."))
        ],
    )
    title = models.CharField(_("title"), max_length=300)
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="classes")
    target = models.ForeignKey(
        PlanTarget, verbose_name=_("plan target"), on_delete=models.PROTECT, related_name="classes"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="classes"
    )
    content_areas = models.ManyToManyField(
        ContentArea, verbose_name=_("content areas"), blank=True, related_name="classes"
    )
    mode = models.CharField(_("mode"), max_length=20, choices=ClassMode.choices, default=ClassMode.IN_PERSON)
    location = models.CharField(_("place"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=80, default="Việt Nam")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    periods = models.PositiveSmallIntegerField(
        _("length (periods)"),
        null=True,
        blank=True,
        help_text=_("Periods (tiết) of 45 minutes, when this class differs from its course. Left empty: the course's."),
    )
    planned_seats = models.PositiveIntegerField(_("seats"))
    # The class's completion rule (services.completion_problems): its own minimum attendance, else the setting's,
    # and whether a passing result is needed.
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Share of the sessions a nominee must be present at to complete the class. Left empty: the usual one."
        ),
    )
    assessed = models.BooleanField(
        _("assessed"),
        default=False,
        db_default=False,  # rows written by raw SQL (generate_data) are not assessed either
        help_text=_("Completing the class also needs a passing result (a score or a grade)."),
    )
    allotted_seats = models.PositiveIntegerField(
        _("seats allotted"),
        default=0,
        editable=False,
        help_text=_("Sum of the agencies' allotments, kept by the system."),
    )
    taken_seats = models.PositiveIntegerField(
        _("seats taken"), default=0, editable=False, help_text=_("Nominations holding a seat, kept by the system.")
    )
    allow_overallotment = models.BooleanField(
        _("allow allotting more seats than the class has"),
        default=False,
        help_text=_(
            "When some agencies usually leave seats unused, staff may allot more than the class's seats; "
            "nominations are then taken first come, first served until the class is full."
        ),
    )
    eligible_ranks = models.ManyToManyField(
        "CivilServiceRank",
        verbose_name=_("eligible ranks"),
        blank=True,
        related_name="eligible_classes",
        help_text=_("Leave empty when any rank may attend."),
    )
    organiser = models.ForeignKey(
        Agency,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_classes",
    )
    # When another agency took the class over after it was planned (the department it was merged into, on the day
    # of the merger), the plan's organiser is kept: a document dated before the handover names the agency that
    # organised the class then; the record is never rewritten backwards.
    planned_organiser = models.ForeignKey(
        Agency,
        verbose_name=_("organiser named in the plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes_handed_over",
        help_text=_("The agency that organised the class before the current organiser took it over (e.g. a merger)."),
    )
    organiser_since = models.DateField(
        _("organiser since"),
        null=True,
        blank=True,
        help_text=_("The day the current organiser took the class over from the organiser named in the plan."),
    )
    provider = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("provider partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes",
    )
    registration_opens = models.DateField(_("nominations open"), null=True, blank=True)
    registration_closes = models.DateField(_("nomination deadline"), null=True, blank=True)
    funding_source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes",
    )
    budget_estimate = models.DecimalField(
        _("budget estimate (VND)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=ClassStatus.choices, default=ClassStatus.PLANNED)
    history = HistoricalRecords(m2m_fields=[target_groups, content_areas])

    objects = TrainingClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["start_date", "code"]
        indexes = [
            models.Index(fields=["target", "status"]),
            models.Index(fields=["start_date"]),
            trigram_index("courses_class"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=MESSAGES[Refusal.END_BEFORE_START],
            ),
            models.CheckConstraint(
                condition=Q(planned_seats__gte=1),
                name="%(app_label)s_%(class)s_has_seats",
                violation_error_message=MESSAGES[Refusal.NO_SEAT_IN_CLASS],
            ),
            models.CheckConstraint(
                condition=Q(allotted_seats__lte=F("planned_seats")) | Q(allow_overallotment=True),
                name="%(app_label)s_%(class)s_allotted_within_seats",
                violation_error_message=MESSAGES[Refusal.CLASS_ALLOTTED_ABOVE_SEATS],
            ),
            models.CheckConstraint(
                condition=Q(taken_seats__lte=F("planned_seats")),
                name="%(app_label)s_%(class)s_taken_within_seats",
                violation_error_message=MESSAGES[Refusal.CLASS_TAKEN_ABOVE_SEATS],
            ),
            models.CheckConstraint(
                condition=Q(organiser__isnull=False) | Q(provider__isnull=False),
                name="%(app_label)s_%(class)s_has_organiser_or_provider",
                violation_error_message=MESSAGES[Refusal.NO_ORGANISER],
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gte=F("registration_opens")),
                name="%(app_label)s_%(class)s_registration_window_ordered",
                violation_error_message=MESSAGES[Refusal.CLOSES_BEFORE_OPENS],
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True) | Q(registration_closes__lte=F("start_date")),
                name="%(app_label)s_%(class)s_deadline_before_start",
                violation_error_message=MESSAGES[Refusal.DEADLINE_AFTER_START],
            ),
            one_of("status", ClassStatus, _("Unknown class status.")),
            unique_code_in_any_case(MESSAGES[Refusal.CODE_TAKEN_IN_ANY_CASE]),
            models.CheckConstraint(
                condition=Q(planned_organiser__isnull=True, organiser_since__isnull=True)
                | Q(planned_organiser__isnull=False, organiser_since__isnull=False, organiser__isnull=False),
                name="%(app_label)s_%(class)s_handover_has_its_day",
                violation_error_message=_(
                    "A class handed over names the plan's organiser, the day of the handover and the new organiser."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_attendance__isnull=True) | Q(min_attendance__lte=100),
                name="%(app_label)s_%(class)s_min_attendance_a_share",
                violation_error_message=_("A minimum attendance is a share from 0 to 100 %."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def organiser_on(self, day: datetime.date) -> Agency | None:
        """The agency that organised the class on `day`: the plan's organiser before a handover, else the current."""
        if self.planned_organiser_id is not None and self.organiser_since and day < self.organiser_since:
            return self.planned_organiser
        return self.organiser

    def status_on(self, today: datetime.date, *, by_deadline: bool = True) -> str:
        """The class's status on `today`: the stored one, moved forward to what its dates say (see
        `status_by_dates`). The rules read this, so a class opens and closes on its dates whether or not the
        daily `update_class_statuses` has run yet. Without `by_deadline`, the class's deadline does not close
        it (the nomination window judges deadlines itself: an agency's own one may differ)."""
        dated = status_by_dates(
            opens=self.registration_opens,
            closes=self.registration_closes if by_deadline else None,
            start=self.start_date,
            end=self.end_date,
            today=today,
        )
        return status_on(self.status, dated)

    def clean(self):
        values = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
        errors: dict[str, list] = {}
        for problem in class_problems(values):
            errors.setdefault(problem.field.removesuffix("_id"), []).append(problem.error())
        if errors:
            raise ValidationError(errors)

    @property
    def minimum_attendance(self) -> int:
        """The share of sessions (%) a nominee must be present at to complete: the class's own, else the setting."""
        return self.min_attendance if self.min_attendance is not None else settings.COMPLETION_MIN_ATTENDANCE

    @property
    def length_in_periods(self) -> int | None:
        """The class's own periods, else its course's (`Course.length_in_periods`, which converts days)."""
        if self.periods is not None:
            return self.periods
        return self.course.length_in_periods

    @property
    def quarter(self) -> int:
        return (self.start_date.month - 1) // 3 + 1

    @property
    def unallotted_seats(self) -> int:
        """Seats in the shared pool, not allotted to any agency."""
        return max(self.planned_seats - self.allotted_seats, 0)

    @property
    def free_seats(self) -> int:
        return self.planned_seats - self.taken_seats


class HalfDay(models.TextChoices):
    # Stored so that a day's morning sorts before its afternoon.
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


def session_problem(*, day: datetime.date | None, training_class: "TrainingClass") -> Problem | None:
    """A session is held within its class's dates (ClassSession.clean: the console's inline)."""
    start, end = training_class.start_date, training_class.end_date
    if day is None or start is None or end is None or start <= day <= end:
        return None
    return Problem(
        Refusal.SESSION_OUTSIDE_CLASS,
        {"date": format_date(day), "start": format_date(start), "end": format_date(end)},
        field="date",
    )


class ClassSession(models.Model):
    """A half-day of a class (buổi học): its date, morning or afternoon, topic and lecturer."""

    training_class = models.ForeignKey(
        "TrainingClass", verbose_name=_("training class"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    half_day = models.CharField(_("half day"), max_length=2, choices=HalfDay.choices, default=HalfDay.MORNING)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    lecturer = models.CharField(_("lecturer"), max_length=160, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["training_class", "date", "half_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "date", "half_day"],
                name="%(app_label)s_%(class)s_once_per_half_day",
                violation_error_message=_("The class already has a session on this half-day."),
            ),
            one_of("half_day", HalfDay, _("Unknown half-day.")),
        ]

    def __str__(self):
        return f"{format_date(self.date)} {self.get_half_day_display()}"

    def clean(self):
        super().clean()
        # The console's inline gives the class as its form will save it (not yet stored when the class is new).
        try:
            training_class = self.training_class
        except TrainingClass.DoesNotExist:
            return
        problem = session_problem(day=self.date, training_class=training_class)
        if problem is not None:
            raise ValidationError({"date": problem.error()})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused absence")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Whether a nominee sat one session of their class (điểm danh); entered on the class's attendance grid."""

    nomination = models.ForeignKey(
        "Nomination", verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="attendance"
    )
    session = models.ForeignKey(
        ClassSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "session"], name="%(app_label)s_%(class)s_once_per_session"),
            one_of("status", AttendanceStatus, _("Unknown attendance.")),
        ]

    def __str__(self):
        return f"{self.session}: {self.get_status_display()}"


class SeatAllotment(models.Model):
    """Seats of a class allotted to one agency (phân bổ chỉ tiêu)."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="allotments"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="allotments")
    seats = models.PositiveIntegerField(_("seats"))
    taken_seats = models.PositiveIntegerField(
        _("seats taken"), default=0, editable=False, help_text=_("Nominations holding a seat, kept by the system.")
    )
    deadline = models.DateField(
        _("agency's nomination deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the class's deadline."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat allotment")
        verbose_name_plural = _("seat allotments")
        ordering = ["training_class", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "agency"],
                name="%(app_label)s_%(class)s_unique_class_agency",
                violation_error_message=_("This agency already has an allotment in this class."),
            ),
            models.CheckConstraint(
                condition=Q(taken_seats__lte=F("seats")),
                name="%(app_label)s_%(class)s_taken_within_seats",
                violation_error_message=MESSAGES[Refusal.AGENCY_TAKEN_ABOVE_SEATS],
            ),
        ]

    def __str__(self):
        return f"{self.training_class.code} – {self.agency}: {self.seats}"

    @property
    def free_seats(self) -> int:
        return max(self.seats - self.taken_seats, 0)

    @property
    def effective_deadline(self):
        return self.deadline or self.training_class.registration_closes


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class LeadershipLevel(models.TextChoices):
    NONE = "none", _("None")
    DIVISION = "division", _("Division level (phòng and equivalent)")
    DEPARTMENT = "department", _("Department level (sở and equivalent)")
    PROVINCE = "province", _("Provincial level")


class PoliticalTheoryLevel(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor")


class Trainee(Searchable):
    """A civil servant or public employee who can be sent to training (học viên)."""

    search_key_sources = ("full_name", "personal_id", "email")

    personal_id = models.CharField(
        _("personal identification number"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^(\d{9}|\d{12})$", _("Enter the 12-digit citizen ID (or the old 9-digit ID)."))],
    )
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="trainees")
    position = models.CharField(_("position"), max_length=160, blank=True)
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainees",
        help_text=_("Leave empty to use the agency's usual target group."),
    )
    rank = models.ForeignKey(
        CivilServiceRank,
        verbose_name=_("rank"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainees",
    )
    leadership_level = models.CharField(
        _("leadership level"), max_length=20, choices=LeadershipLevel.choices, default=LeadershipLevel.NONE
    )
    political_theory_level = models.CharField(
        _("political theory level"),
        max_length=20,
        choices=PoliticalTheoryLevel.choices,
        default=PoliticalTheoryLevel.NONE,
    )
    foreign_language_level = models.CharField(
        _("foreign language level"), max_length=60, blank=True, help_text=_("e.g. English B1, IELTS 6.0")
    )
    # Eligibility (courses.eligibility): the facts the rules of Decree 171/2025 read.
    language_level = models.PositiveSmallIntegerField(
        _("foreign language level (1–6)"),
        null=True,
        blank=True,
        choices=LanguageLevel.choices,
        help_text=_("The level of the six-level framework (Thông tư 01/2014/TT-BGDĐT) the person's certificate shows."),
    )
    service_start_date = models.DateField(
        _("in service since"),
        null=True,
        blank=True,
        help_text=_("The day the person entered the service, probation not counted: years of service run from it."),
    )
    study_fields = models.CharField(
        _("fields of study matching the job"),
        max_length=255,
        blank=True,
        db_default="",  # rows written in bulk without it (plans/synthetic.py) read as none recorded
        help_text=_("Separated by semicolons, e.g. Luật; Quản lý công. Checked against a postgraduate field of study."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["full_name", "personal_id"]
        # On PostgreSQL the list's order also has an index carrying the key (courses/migrations/0006_search_key.py).
        indexes = [models.Index(fields=["agency", "full_name"]), trigram_index("courses_trainee")]

    def __str__(self):
        return self.full_name


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", pgettext_lazy("nomination status", "Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ATTENDED = "attended", _("Attended")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Did not complete")
    WAITLISTED = "waitlisted", _("On the waiting list")


# Statuses in which a nomination occupies one of its agency's seats. "Did not
# complete" keeps its seat: the person sat the class, the seat was used.
SEAT_HOLDING_STATUSES = (
    NominationStatus.NOMINATED,
    NominationStatus.APPROVED,
    NominationStatus.ATTENDED,
    NominationStatus.COMPLETED,
    NominationStatus.FAILED,
)
# The nominees on a class's attendance grid: holding a seat past the nomination (approved and after).
GRID_STATUSES = (
    NominationStatus.APPROVED,
    NominationStatus.ATTENDED,
    NominationStatus.COMPLETED,
    NominationStatus.FAILED,
)
# A person in one of these is "already nominated": a second nomination to the class is refused.
ACTIVE_NOMINATION_STATUSES = (*SEAT_HOLDING_STATUSES, NominationStatus.WAITLISTED)


def eligibility_problems(*, group_id, rank_id, class_groups, class_ranks) -> list[Refusal]:
    """Who may attend a class — for a nomination, a batch and the portal's list of candidates: the codes of what
    keeps the person out (Refusal.NOT_TARGET_GROUP, Refusal.RANK_NOT_ELIGIBLE), [] when they may.

    A class without target groups (or without ranks) is open to all; a person whose target group
    is not known (neither theirs nor their agency's) is not refused for it.
    """
    problems = []
    if class_groups and group_id is not None and group_id not in class_groups:
        problems.append(Refusal.NOT_TARGET_GROUP)
    if class_ranks and rank_id not in class_ranks:
        problems.append(Refusal.RANK_NOT_ELIGIBLE)
    return problems


class NominationQuerySet(models.QuerySet):
    def holding_seats(self):
        return self.filter(status__in=SEAT_HOLDING_STATUSES)


class Nomination(models.Model):
    """A person sent to a class by their agency (cử đi học), and what became of it."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="nominations"
    )
    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="nominations"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("nominating agency"), on_delete=models.PROTECT, related_name="nominations"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required when a nomination is rejected or withdrawn.")
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    waitlist_rank = models.PositiveIntegerField(
        _("place on the waiting list"), null=True, blank=True, help_text=_("1 is promoted first.")
    )
    history = HistoricalRecords()

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["training_class", "trainee__full_name"]
        indexes = [
            models.Index(fields=["training_class", "agency", "status"]),
            models.Index(fields=["agency", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "training_class"],
                name="%(app_label)s_%(class)s_once_per_class",
                violation_error_message=MESSAGES[Refusal.ONCE_PER_CLASS],
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "withdrawn"]) | ~Q(reason=""),
                name="%(app_label)s_%(class)s_reason_when_refused",
                violation_error_message=_("Give a reason when a nomination is rejected or withdrawn."),
            ),
            one_of("status", NominationStatus, _("Unknown nomination status.")),
            models.CheckConstraint(
                condition=(Q(status="waitlisted") & Q(waitlist_rank__isnull=False))
                | (~Q(status="waitlisted") & Q(waitlist_rank__isnull=True)),
                name="%(app_label)s_%(class)s_rank_only_when_waitlisted",
                violation_error_message=_("Only a nomination on the waiting list has a place on it."),
            ),
        ]

    def __str__(self):
        return f"{self.trainee} – {self.training_class.code}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING_STATUSES

    @property
    def can_be_withdrawn(self) -> bool:
        return self.status in (NominationStatus.NOMINATED, NominationStatus.APPROVED, NominationStatus.WAITLISTED)


def masked_personal_id(personal_id: str) -> str:
    """An ID number as lists show it: its last four digits only."""
    return "•" * max(len(personal_id) - 4, 0) + personal_id[-4:]


class RefusedIdAttempt(models.Model):
    """A focal point's attempt to add a person whose ID number is on another agency's staff list (số định danh đã
    thuộc cơ quan khác): refused at the portal in words that do not say so, kept here for the Department's staff to
    resolve (a move between agencies, a mistyped number)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency that tried"), on_delete=models.PROTECT, related_name="refused_id_attempts"
    )
    personal_id = models.CharField(_("personal identification number"), max_length=12)
    holder = models.ForeignKey(
        Trainee,
        verbose_name=_("person on a staff list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    holder_agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency whose list holds them"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("At the time of the attempt."),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution_note = models.TextField(_("how it was resolved"), blank=True)

    class Meta:
        verbose_name = _("refused ID number")
        verbose_name_plural = _("refused ID numbers")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution_note=""),
                name="%(app_label)s_%(class)s_resolved_with_note",
                violation_error_message=MESSAGES[Refusal.NOTE_TO_RESOLVE],
            ),
        ]

    def __str__(self):
        return f"{self.masked_personal_id} – {self.agency_id}"

    @property
    def masked_personal_id(self) -> str:
        return masked_personal_id(self.personal_id)


class NominationEvent(models.Model):
    """One step in a nomination's life: status changes, promotions and moves on the waiting list, with the reason."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        PROMOTED = "promoted", _("Promoted from the waiting list")
        REORDERED = "reordered", _("Moved on the waiting list")
        OVERRIDE = "override", _("Completed against the completion rule")

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATUS)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=20, choices=NominationStatus.choices, blank=True
    )
    to_status = models.CharField(pgettext_lazy("status change", "to"), max_length=20, choices=NominationStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination event")
        verbose_name_plural = _("nomination events")
        ordering = ["nomination", "at", "id"]

    def __str__(self):
        return f"{self.nomination}: {self.get_kind_display()}"


class SeatMove(models.Model):
    """Seats moved by staff between agencies or to and from the class's shared pool, and why."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="seat_moves"
    )
    from_agency = models.ForeignKey(
        Agency,
        verbose_name=_("from agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: from the shared pool."),
    )
    to_agency = models.ForeignKey(
        Agency,
        verbose_name=_("to agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: back to the shared pool."),
    )
    seats = models.PositiveIntegerField(_("seats"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("seat move")
        verbose_name_plural = _("seat moves")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="%(app_label)s_%(class)s_moves_seats",
                violation_error_message=MESSAGES[Refusal.MOVE_NO_SEAT],
            ),
            models.CheckConstraint(
                condition=Q(from_agency__isnull=False) | Q(to_agency__isnull=False),
                name="%(app_label)s_%(class)s_has_a_side",
                violation_error_message=_("Name the agency the seats come from or go to."),
            ),
        ]

    def __str__(self):
        return f"{self.training_class.code}: {self.seats}"


class ClassTally(models.Model):
    """A class's nominations counted by status, kept by database triggers for the leadership dashboard.

    The triggers (migration 0004) update it in the same transaction as every insert, update and
    delete of a nomination, whatever makes it (services, admin, bulk loads, raw SQL): it is never
    stale, and the dashboard reads 20,000 of these instead of a million nominations.
    """

    training_class = models.OneToOneField(
        TrainingClass,
        verbose_name=_("class"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="tally",
    )
    nominated = models.PositiveIntegerField(_("nominated"), default=0, editable=False)
    approved = models.PositiveIntegerField(pgettext_lazy("nomination status", "approved"), default=0, editable=False)
    attended = models.PositiveIntegerField(_("attended"), default=0, editable=False)
    completed = models.PositiveIntegerField(_("completed"), default=0, editable=False)
    failed = models.PositiveIntegerField(_("did not complete"), default=0, editable=False)

    class Meta:
        verbose_name = _("class tally")
        verbose_name_plural = _("class tallies")

    def __str__(self):
        return str(self.training_class_id)


# --- the second half of the training year: results, training outside the plan, position history -----------------
# What a person's record and the "who is behind" lists count (courses/records.py): completed nominations with their
# class's periods, and outside training once staff have verified it.


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    VERY_GOOD = "very_good", _("Very good")
    GOOD = "good", _("Good")
    AVERAGE = "average", _("Average")
    FAIL = "fail", _("Fail")


# The usual scale of a score out of 10 (thang điểm 10): the lowest score of each grade, best first. A grade given with
# a score must agree with it (the Result's constraint; the grid and the import say so first, row by row).
GRADE_SCALE: tuple[tuple[int, str], ...] = (
    (9, Grade.EXCELLENT),
    (8, Grade.VERY_GOOD),
    (7, Grade.GOOD),
    (5, Grade.AVERAGE),
    (0, Grade.FAIL),
)


def grade_for_score(score) -> str:
    """The grade a score out of 10 has on the usual scale (9 and over Excellent … under 5 Fail)."""
    return next(grade for floor, grade in GRADE_SCALE if score >= floor)


def _grade_agrees_with_score() -> Q:
    agrees = Q(score__isnull=True) | Q(grade="")
    ceiling = None
    for floor, grade in GRADE_SCALE:
        band = Q(grade=grade, score__gte=floor)
        if ceiling is not None:
            band &= Q(score__lt=ceiling)
        agrees |= band
        ceiling = floor
    return agrees


class CertificateKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of a programme")
    ATTESTATION = "attestation", _("Certificate of completion")


class Result(models.Model):
    """A nominee's result in their class (kết quả học tập): score and/or grade, and the certificate they received."""

    nomination = models.OneToOneField(
        "Nomination", verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="result"
    )
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=2, null=True, blank=True, help_text=_("From 0 to 10.")
    )
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices, blank=True)
    certificate_kind = models.CharField(
        _("certificate kind"), max_length=12, choices=CertificateKind.choices, blank=True
    )
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    issued_by = models.CharField(_("issuing institution"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=10),
                name="%(app_label)s_%(class)s_score_0_to_10",
                violation_error_message=_("A score is from 0 to 10."),
            ),
            models.CheckConstraint(
                condition=Q(grade="") | Q(grade__in=Grade.values),
                name="%(app_label)s_%(class)s_grade_valid",
                violation_error_message=_("Unknown grade."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_kind="") | Q(certificate_kind__in=CertificateKind.values),
                name="%(app_label)s_%(class)s_certificate_kind_valid",
                violation_error_message=_("Unknown certificate kind."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_number="")
                | (~Q(certificate_kind="") & Q(certificate_date__isnull=False) & ~Q(issued_by="")),
                name="%(app_label)s_%(class)s_certificate_complete",
                violation_error_message=_("A certificate number needs its kind, its date and who issued it."),
            ),
            models.CheckConstraint(
                condition=_grade_agrees_with_score(),
                name="%(app_label)s_%(class)s_grade_agrees_with_score",
                violation_error_message=_("The grade does not match the score on the usual scale."),
            ),
            models.UniqueConstraint(
                fields=["issued_by", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="%(app_label)s_%(class)s_certificate_number_unique",
                violation_error_message=_("This institution has already issued a certificate with this number."),
            ),
        ]

    def __str__(self):
        return str(self.nomination)

    @property
    def passed(self) -> bool | None:
        """Whether the result is a pass: by the grade when there is one, else by the score against
        RESULT_PASS_SCORE; None when neither is known."""
        if self.grade:
            return self.grade != Grade.FAIL
        if self.score is not None:
            return self.score >= settings.RESULT_PASS_SCORE
        return None


class OutsideTrainingKind(models.TextChoices):
    MINISTRY = "ministry", _("A course of a ministry or central body")
    AGENCY = "agency", _("A class the agency ran itself")
    ABROAD = "abroad", _("A course abroad paid by a partner")
    OTHER = "other", _("Other training")


class OutsideTrainingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not accepted")


def evidence_path(instance, filename: str) -> str:
    # Evidence is private: it lives under MEDIA_ROOT but is only ever served through a view that checks access.
    return f"evidence/{timezone.localdate():%Y}/{filename}"


class OutsideTraining(models.Model):
    """Training a person did outside the plan (đào tạo, bồi dưỡng ngoài kế hoạch), recorded by their agency with its
    evidence; it counts on their record once staff have verified it."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="outside_training"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("recording agency"), on_delete=models.PROTECT, related_name="outside_training"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=OutsideTrainingKind.choices)
    title = models.CharField(_("course or class"), max_length=300)
    organiser = models.CharField(_("organised by"), max_length=200)
    category = models.ForeignKey(
        "plans.TrainingCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outside_training",
    )
    country = models.CharField(_("country"), max_length=80, default="Việt Nam")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    periods = models.PositiveSmallIntegerField(_("length (periods)"))
    result = models.CharField(_("result"), max_length=120, blank=True)
    certificate = models.CharField(_("certificate"), max_length=120, blank=True, help_text=_("Kind and number."))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=OutsideTrainingStatus.choices, default=OutsideTrainingStatus.SUBMITTED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    staff_note = models.TextField(_("staff's note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training outside the plan")
        verbose_name_plural = _("training outside the plan")
        ordering = ["-end_date", "pk"]
        indexes = [models.Index(fields=["trainee", "status", "end_date"])]
        constraints = [
            one_of("kind", OutsideTrainingKind, _("Unknown kind of training.")),
            one_of("status", OutsideTrainingStatus, _("Unknown status.")),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(periods__gte=1),
                name="%(app_label)s_%(class)s_has_periods",
                violation_error_message=_("Give the training's length in periods (at least 1)."),
            ),
            models.CheckConstraint(
                condition=Q(status=OutsideTrainingStatus.SUBMITTED) | Q(checked_at__isnull=False),
                name="%(app_label)s_%(class)s_checked_when_decided",
                violation_error_message=_("A verified or refused record says when it was checked."),
            ),
            models.CheckConstraint(
                condition=~Q(status=OutsideTrainingStatus.REJECTED) | ~Q(staff_note=""),
                name="%(app_label)s_%(class)s_reason_to_refuse",
                violation_error_message=_("Say why the record is not accepted."),
            ),
        ]

    def __str__(self):
        return f"{self.trainee}: {self.title}"


class PositionChangeKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointed to a leadership post")
    RANK = "rank", _("Took a civil-service rank")


class PositionChange(models.Model):
    """A step of a person's career that training rules follow (quá trình công tác): an appointment to a leadership
    level, or taking a rank, with its date; it stays with the person when they move agency."""

    trainee = models.ForeignKey(Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(_("kind"), max_length=12, choices=PositionChangeKind.choices)
    date = models.DateField(_("from"))
    leadership_level = models.CharField(
        _("leadership level"), max_length=20, choices=LeadershipLevel.choices, blank=True
    )
    rank = models.ForeignKey(
        CivilServiceRank, verbose_name=_("rank"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("position"), max_length=160, blank=True)
    decision = models.CharField(_("decision"), max_length=120, blank=True, help_text=_("Number and date."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position change")
        verbose_name_plural = _("position history")
        ordering = ["trainee", "-date", "pk"]
        constraints = [
            one_of("kind", PositionChangeKind, _("Unknown kind of change.")),
            models.CheckConstraint(
                condition=~Q(kind=PositionChangeKind.APPOINTMENT)
                | (Q(leadership_level__in=LeadershipLevel.values) & ~Q(leadership_level=LeadershipLevel.NONE)),
                name="%(app_label)s_%(class)s_appointment_has_level",
                violation_error_message=_("An appointment says to which leadership level."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=PositionChangeKind.RANK) | Q(rank__isnull=False),
                name="%(app_label)s_%(class)s_rank_named",
                violation_error_message=_("Say which rank was taken."),
            ),
            models.UniqueConstraint(
                fields=["trainee", "kind", "date"],
                name="%(app_label)s_%(class)s_once_a_day",
                violation_error_message=_("This person already has a change of this kind on this date."),
            ),
        ]

    def __str__(self):
        return f"{self.trainee}: {self.get_kind_display()} {format_date(self.date)}"


class RecordTotal(models.Model):
    """What counts on people's records (`courses.records`), summed per person, year, course and category: kept by
    database triggers (migration 0015) in the same transaction as every change that moves a figure — a nomination
    completed or not, training outside the plan verified or not, a class's periods, dates, course or target, a
    course's length, a target's category — whatever makes it (services, admin, imports, raw SQL). The lists of who
    is behind read these sums instead of every nomination of five years; a test holds them equal to
    `records.periods_by_year` after each kind of change. Never written by the application.

    A class known only by its course's days counts `days` × PERIODS_PER_DAY, multiplied when read (the setting is
    not frozen in the triggers). Training outside the plan has no course."""

    trainee = models.ForeignKey(
        Trainee,
        verbose_name=_("person"),
        on_delete=models.DO_NOTHING,  # the triggers remove a deleted person's rows
        db_constraint=False,
        db_index=False,  # the (person, year) index serves
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    course_id = models.IntegerField(_("course"), null=True, blank=True)
    category_id = models.IntegerField(_("category of training"), null=True, blank=True)
    periods = models.IntegerField(_("periods"), default=0)
    days = models.IntegerField(_("days (periods not known)"), default=0)
    items = models.IntegerField(_("classes and trainings counted"), default=0)

    class Meta:
        verbose_name = _("record total")
        verbose_name_plural = _("record totals")
        indexes = [
            models.Index(fields=["year", "trainee"], name="recordtotal_year_person"),
            models.Index(fields=["trainee", "year"], name="recordtotal_person_year"),
            models.Index(fields=["course_id", "trainee"], name="recordtotal_course_person"),
            models.Index(fields=["category_id", "trainee"], name="recordtotal_category_person"),
        ]

    def __str__(self):
        return f"{self.trainee_id} {self.year}"


class YearTotal(models.Model):
    """A person's periods counted in a year: `RecordTotal` summed over courses and categories, kept by the same
    triggers (migration 0015), so that the yearly minimum reads one row per person. Never written by the
    application; `days` × PERIODS_PER_DAY is added when read."""

    trainee = models.ForeignKey(
        Trainee,
        verbose_name=_("person"),
        on_delete=models.DO_NOTHING,  # the triggers remove a deleted person's rows
        db_constraint=False,
        db_index=False,  # the (person, year) constraint's index serves
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    periods = models.IntegerField(_("periods"), default=0)
    days = models.IntegerField(_("days (periods not known)"), default=0)

    class Meta:
        verbose_name = _("year total")
        verbose_name_plural = _("year totals")
        constraints = [models.UniqueConstraint(fields=["trainee", "year"], name="yeartotal_once_a_year")]
        indexes = [models.Index(fields=["year", "trainee"], name="yeartotal_year_person")]

    def __str__(self):
        return f"{self.trainee_id} {self.year}"


# --- Postgraduate places, service commitments, reimbursement (issue 15): their own module, the app's models -----
from courses.place_models import (  # noqa: E402, F401
    CaseStatus,
    CommitmentStatus,
    PlaceLevel,
    PlaceStatus,
    PostgraduatePlace,
    ReimbursementCase,
    ReimbursementPayment,
    ReimbursementReason,
    ServiceCommitment,
    StudyMode,
)

# --- who is behind: training requirements (Decree 171/2025/NĐ-CP) as data ----------------------------------------
# What each rule asks is a row, not code; courses/compliance.py evaluates them with the record's one definition of
# what counts (courses/records.py).


class RequirementDeadline(models.TextChoices):
    YEARLY = "yearly", _("Every calendar year")
    AFTER_APPOINTMENT = "after_appointment", _("Within some months of an appointment")
    AFTER_RANK = "after_rank", _("Within some months of taking the rank")


class TrainingRequirement(models.Model):
    """A training requirement (yêu cầu bồi dưỡng bắt buộc): who must do what by when, and the article it comes from.

    Who: a target group, a rank, a leadership level; an empty one means everyone. What: a number of periods in the
    year, or a training of a category, or a specific course. By when: every calendar year, or within some months of an
    appointment (position history, kind "appointment") or of taking the rank (kind "rank")."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: every target group."),
    )
    rank = models.ForeignKey(
        CivilServiceRank,
        verbose_name=_("rank"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirements",
        help_text=_("Empty: every rank."),
    )
    leadership_level = models.CharField(
        _("leadership level"),
        max_length=20,
        choices=LeadershipLevel.choices,
        blank=True,
        help_text=_("Empty: every level. For a requirement after an appointment, the level appointed to."),
    )
    periods = models.PositiveSmallIntegerField(
        _("periods a year"), null=True, blank=True, help_text=_("A yearly minimum of periods (tiết) counted.")
    )
    category = models.ForeignKey(
        "plans.TrainingCategory",
        verbose_name=_("category of training"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), null=True, blank=True, on_delete=models.PROTECT, related_name="requirements"
    )
    deadline = models.CharField(
        _("by when"), max_length=20, choices=RequirementDeadline.choices, default=RequirementDeadline.YEARLY
    )
    months = models.PositiveSmallIntegerField(
        _("within (months)"), null=True, blank=True, help_text=_("For a deadline after an appointment or a rank.")
    )
    legal_document = models.ForeignKey(
        "plans.LegalDocument",
        verbose_name=_("legal document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    article = models.CharField(
        _("article"), max_length=120, blank=True, help_text=_("e.g. Điều 17, khoản 2; empty when not verified.")
    )
    source_note = models.TextField(
        _("source"), blank=True, help_text=_("Where the rule was read and what was (or could not be) verified.")
    )
    active = models.BooleanField(_("in force"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        ordering = ["deadline", "code"]
        constraints = [
            one_of("deadline", RequirementDeadline, _("Unknown kind of deadline.")),
            models.CheckConstraint(
                condition=Q(leadership_level="") | Q(leadership_level__in=LeadershipLevel.values),
                name="%(app_label)s_%(class)s_leadership_level_valid",
                violation_error_message=_("Unknown leadership level."),
            ),
            models.CheckConstraint(
                condition=(Q(periods__isnull=False) & Q(category__isnull=True) & Q(course__isnull=True))
                | (Q(periods__isnull=True) & Q(category__isnull=False) & Q(course__isnull=True))
                | (Q(periods__isnull=True) & Q(category__isnull=True) & Q(course__isnull=False)),
                name="%(app_label)s_%(class)s_one_what",
                violation_error_message=_("Ask for exactly one of: periods a year, a category or a course."),
            ),
            models.CheckConstraint(
                condition=Q(periods__isnull=True) | (Q(periods__gte=1) & Q(deadline=RequirementDeadline.YEARLY)),
                name="%(app_label)s_%(class)s_periods_yearly",
                violation_error_message=_("A number of periods is asked for every calendar year, and is at least 1."),
            ),
            models.CheckConstraint(
                condition=(Q(deadline=RequirementDeadline.YEARLY) & Q(months__isnull=True))
                | (~Q(deadline=RequirementDeadline.YEARLY) & Q(months__isnull=False) & Q(months__gte=1)),
                name="%(app_label)s_%(class)s_months_with_deadline",
                violation_error_message=_(
                    "Give the months (at least 1) for a deadline after an appointment or a rank, and only then."
                ),
            ),
        ]

    def __str__(self):
        return self.name
