"""The agency's list of nominees as Excel: the template offered in the portal and its import.

Built on the shared engine (training_portal.spreadsheets and .importing); unlike a staff
import it nominates at once, through `nomination_submit`, because a focal point's rows
each take one of the agency's seats under the portal's rules (window, waiting list).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import services
from courses.models import (
    CivilServiceRank,
    Gender,
    Nomination,
    NominationStatus,
    Trainee,
    TrainingClass,
    birth_problem,
)
from courses.refusals import Problem, Refusal
from courses.resources import parse_personal_id, personal_id_column, rank_column
from plans.models import Agency
from training_portal import importing
from training_portal.names import file_name
from training_portal.spreadsheets import (
    SHEET_LANGUAGE,
    XLSX_MIMETYPE,
    Column,
    RowError,
    choice_lookup,
    clean_text,
    code_part,
    date_column,
    fold,
    header_lookup,
    parse_date,
    read_workbook,
    template_workbook,
)


def _normalised_id(value) -> str:
    try:
        return parse_personal_id(value)
    except importing.RowProblem:
        return ""


def _columns() -> list[Column]:
    """The nominee template's columns, in order."""
    return [
        personal_id_column(width=22),
        Column(
            "full_name",
            gettext_lazy("Full name"),
            gettext_lazy("Required for a person not yet in the agency's staff list."),
            width=28,
        ),
        date_column(
            "date_of_birth", gettext_lazy("Date of birth"), gettext_lazy("dd/mm/yyyy. Required for a new person.")
        ),
        Column(
            "gender",
            gettext_lazy("Gender"),
            gettext_lazy("Nam or Nữ. Required for a new person."),
            width=10,
            choices=importing.labels_of(Gender),
        ),
        Column("position", gettext_lazy("Position"), gettext_lazy("e.g. Chuyên viên, Phó Trưởng phòng."), width=26),
        rank_column("rank", width=12),
        Column("email", gettext_lazy("E-mail"), "", width=26),
        Column("phone", gettext_lazy("Phone"), "", width=14, number_format="@"),
    ]


def nominee_template(training_class: TrainingClass) -> tuple[str, str, bytes]:
    """An .xlsx to fill in: Vietnamese headers, an instructions sheet, and drop-downs."""
    with translation.override(SHEET_LANGUAGE):
        data = template_workbook(
            title=_("Nominees for the class %(code)s") % {"code": training_class.code},
            sheet_title=_("Nominees"),
            columns=_columns(),
            intro=[training_class.title],
        )
    return file_name("danh sach cu di hoc", training_class.code, extension="xlsx"), XLSX_MIMETYPE, data


@dataclass
class ImportOutcome:
    errors: list[RowError] = field(default_factory=list)
    nominated: list[Nomination] = field(default_factory=list)
    waitlisted: list[Nomination] = field(default_factory=list)
    created_trainees: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Abort(Exception):
    """Raised inside the import transaction to roll everything back."""


def import_nominees(*, uploaded, training_class: TrainingClass, agency: Agency, by, waitlist: bool) -> ImportOutcome:
    """Check the whole file, then nominate every row — or nobody, listing every bad row.

    Raises SpreadsheetError when the file itself cannot be read.
    """
    columns = _columns()
    labels = {c.name: str(c.header) for c in columns}
    table = read_workbook(
        uploaded, columns=header_lookup(columns), required=["personal_id"], max_rows=settings.PORTAL_UPLOAD_MAX_ROWS
    )
    outcome = ImportOutcome(errors=table.header_errors())
    ranks = {fold(code): rank for code, rank in ((r.code, r) for r in CivilServiceRank.objects.all())}
    genders = choice_lookup(Gender.choices) | {"nu": Gender.FEMALE}
    ids = [_normalised_id(values.get("personal_id")) for _number, values in table.rows]
    known = {t.personal_id: t for t in Trainee.objects.filter(personal_id__in=ids).select_related("agency")}
    seen: dict[str, int] = {}
    prepared: list[tuple[int, Trainee]] = []

    def error(row, name, value, reason):
        outcome.errors.append(RowError(row=row, column=labels[name], value=clean_text(value), reason=reason))

    for number, values in table.rows:
        try:
            personal_id = parse_personal_id(values.get("personal_id"))
        except importing.RowProblem as exc:
            error(number, "personal_id", values.get("personal_id"), str(exc))
            continue
        if personal_id in seen:
            error(
                number,
                "personal_id",
                personal_id,
                _("The same person is already on row %(row)s.") % {"row": seen[personal_id]},
            )
            continue
        seen[personal_id] = number
        trainee = known.get(personal_id)
        if trainee is not None:
            if trainee.agency_id != agency.pk:
                # In words that do not say another agency has them; logged for staff to resolve.
                problem = services.new_person_problem(personal_id=personal_id, agency=agency, by=by)
                error(number, "personal_id", personal_id, (problem or Problem(Refusal.CANNOT_ADD_HERE)).message)
                continue
            prepared.append((number, trainee))
            continue
        row_ok = True
        name = clean_text(values.get("full_name"))
        if not name:
            error(number, "full_name", "", _("A new person needs a full name."))
            row_ok = False
        date_of_birth = None
        raw_date = values.get("date_of_birth")
        if clean_text(raw_date) == "":
            error(number, "date_of_birth", "", _("A new person needs a date of birth."))
            row_ok = False
        else:
            try:
                date_of_birth = parse_date(raw_date)
            except (ValueError, OverflowError):
                error(number, "date_of_birth", raw_date, _("Not a real date; write it as dd/mm/yyyy."))
                row_ok = False
            else:
                problem = birth_problem(date_of_birth, on=training_class.start_date)
                if problem:
                    error(number, "date_of_birth", raw_date, problem.message)
                    row_ok = False
        gender = genders.get(fold(values.get("gender")))
        if gender is None:
            error(number, "gender", values.get("gender"), _("Write Nam or Nữ."))
            row_ok = False
        rank = None
        if clean_text(values.get("rank")):
            rank = ranks.get(fold(values.get("rank"))) or ranks.get(fold(code_part(values.get("rank"))))
            if rank is None:
                error(number, "rank", values.get("rank"), _("Unknown rank code; choose one from the list."))
                row_ok = False
        if not row_ok:
            continue
        trainee = Trainee(
            personal_id=personal_id,
            full_name=name,
            date_of_birth=date_of_birth,
            gender=gender,
            agency=agency,
            position=clean_text(values.get("position")),
            rank=rank,
            email=clean_text(values.get("email")),
            phone=clean_text(values.get("phone")),
        )
        try:
            trainee.full_clean(validate_unique=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = field_name if field_name in labels else "personal_id"
                error(number, column, values.get(column), " ".join(messages))
            continue
        prepared.append((number, trainee))

    if outcome.errors:
        return outcome
    try:
        with transaction.atomic():
            for number, trainee in prepared:
                if trainee.pk is None:
                    try:
                        with transaction.atomic():  # a savepoint: the rest of the file can still be checked
                            trainee.save()
                    except IntegrityError:  # added by someone else since the file was read
                        error(
                            number,
                            "personal_id",
                            trainee.personal_id,
                            _("This person was added to a staff list meanwhile: upload the file again."),
                        )
                        continue
                    outcome.created_trainees += 1
                try:
                    nomination = services.nomination_submit(
                        trainee=trainee,
                        training_class=training_class,
                        by=by,
                        enforce_window=True,
                        waitlist_if_full=waitlist,
                    )
                except ValidationError as exc:
                    error(number, "personal_id", trainee.personal_id, " ".join(exc.messages))
                    continue
                bucket = outcome.waitlisted if nomination.status == NominationStatus.WAITLISTED else outcome.nominated
                bucket.append(nomination)
            if outcome.errors:
                raise _Abort
    except _Abort:
        outcome.nominated.clear()
        outcome.waitlisted.clear()
        outcome.created_trainees = 0
    return outcome
