"""The agency's list of nominees as Excel: the template offered in the portal, its import and the status export."""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from courses import services
from courses.models import CivilServiceRank, Gender, Nomination, NominationStatus, Trainee, TrainingClass
from plans.models import Agency
from training_portal.spreadsheets import (
    XLSX_MIMETYPE,
    RowError,
    clean_text,
    fold,
    parse_date,
    read_workbook,
    write_xlsx,
)


def _columns() -> list[tuple[str, str, str]]:
    """(field, header, help) of the nominee template, in order."""
    return [
        ("personal_id", _("Personal identification number"), _("12 digits (citizen ID). Required.")),
        ("full_name", _("Full name"), _("Required for a person not yet in the agency's staff list.")),
        ("date_of_birth", _("Date of birth"), _("dd/mm/yyyy. Required for a new person.")),
        ("gender", _("Gender"), _("Nam or Nữ. Required for a new person.")),
        ("position", _("Position"), _("e.g. Chuyên viên, Phó Trưởng phòng.")),
        ("rank", _("Rank code"), _("e.g. 01.003; choose from the list.")),
        ("email", _("E-mail"), ""),
        ("phone", _("Phone"), ""),
    ]


GENDER_WORDS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nữ": Gender.FEMALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}


def nominee_template(training_class: TrainingClass) -> tuple[str, str, bytes]:
    """An .xlsx to fill in: Vietnamese headers, an instructions sheet, an example row and drop-downs."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Nominees")[:31]
    columns = _columns()
    sheet.append([header for _field, header, _help in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="9B1C1C")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate([22, 28, 14, 10, 26, 12, 26, 14], start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    # Identification numbers start with 0: keep the column as text so Excel does not drop it.
    for row in range(2, 1002):
        sheet.cell(row=row, column=1).number_format = "@"
        sheet.cell(row=row, column=3).number_format = "DD/MM/YYYY"
    genders = DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=True)
    genders.error = _("Choose Nam or Nữ.")
    sheet.add_data_validation(genders)
    genders.add("D2:D1001")
    ranks_sheet = workbook.create_sheet(_("Ranks")[:31])
    ranks = list(CivilServiceRank.objects.order_by("order", "code").values_list("code", "name"))
    for code, name in ranks:
        ranks_sheet.append([code, name])
    if ranks:
        rank_list = DataValidation(
            type="list", formula1=f"='{ranks_sheet.title}'!$A$1:$A${len(ranks)}", allow_blank=True
        )
        rank_list.error = _("Choose a rank code from the list.")
        sheet.add_data_validation(rank_list)
        rank_list.add("F2:F1001")
    help_sheet = workbook.create_sheet(_("Instructions")[:31], 0)
    help_sheet.column_dimensions["A"].width = 34
    help_sheet.column_dimensions["B"].width = 90
    help_sheet.append([_("Nominees for the class %(code)s") % {"code": training_class.code}])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.append([training_class.title])
    help_sheet.append([])
    help_sheet.append([_("Fill in one person per row on the sheet “%(sheet)s”.") % {"sheet": sheet.title}])
    help_sheet.append(
        [_("The whole file is checked first: if any row is wrong, nobody is nominated and every error is listed.")]
    )
    help_sheet.append([])
    for _field, header, text in columns:
        help_sheet.append([header, text])
        help_sheet.cell(row=help_sheet.max_row, column=1).font = Font(bold=True)
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{training_class.code}-danh-sach-cu-di-hoc.xlsx", XLSX_MIMETYPE, buffer.getvalue()


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
    labels = {name: header for name, header, _help in columns}
    # A template downloaded in one language may be uploaded while the page is in another.
    headers = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            headers.update({header: name for name, header, _help in _columns()})
    table = read_workbook(uploaded, columns=headers, required=["personal_id"])
    outcome = ImportOutcome()
    ranks = {fold(code): rank for code, rank in ((r.code, r) for r in CivilServiceRank.objects.all())}
    ids = [clean_text(values.get("personal_id")) for _number, values in table.rows]
    known = {t.personal_id: t for t in Trainee.objects.filter(personal_id__in=ids).select_related("agency")}
    seen: dict[str, int] = {}
    prepared: list[tuple[int, Trainee]] = []

    def error(row, name, value, reason):
        outcome.errors.append(RowError(row=row, column=labels[name], value=clean_text(value), reason=reason))

    for number, values in table.rows:
        personal_id = clean_text(values.get("personal_id"))
        if len(personal_id) == 11 and personal_id.isdigit():
            personal_id = "0" + personal_id  # Excel dropped the leading zero of a numeric cell
        if not personal_id:
            error(number, "personal_id", "", _("The identification number is missing."))
            continue
        if not (personal_id.isdigit() and len(personal_id) in (9, 12)):
            error(
                number, "personal_id", personal_id, _("An identification number has 12 digits (or 9 for the old ID).")
            )
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
                error(number, "personal_id", personal_id, _("This person is not on your agency's staff list."))
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
            except ValueError:
                error(number, "date_of_birth", raw_date, _("Not a real date; write it as dd/mm/yyyy."))
                row_ok = False
        gender = GENDER_WORDS.get(fold(values.get("gender")))
        if gender is None:
            error(number, "gender", values.get("gender"), _("Write Nam or Nữ."))
            row_ok = False
        rank = None
        if clean_text(values.get("rank")):
            rank = ranks.get(fold(values.get("rank")))
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
                    trainee.save()
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


def errors_workbook(errors: list[RowError]) -> bytes:
    header = [_("Row"), _("Column"), _("Value"), _("Reason")]
    return write_xlsx([(_("Errors"), header, ((e.row, e.column, e.value, e.reason) for e in errors))])


def nominations_workbook(nominations) -> bytes:
    """The agency's nominations with readable values (names, not ids; dates dd/mm/yyyy)."""
    header = [
        _("Class code"),
        _("Class"),
        _("Start date"),
        _("End date"),
        _("Full name"),
        _("Personal identification number"),
        _("Date of birth"),
        _("Position"),
        _("Agency"),
        _("Status"),
        _("Place on the waiting list"),
        _("Reason"),
    ]

    def rows():
        for n in nominations.iterator(chunk_size=2000):
            yield (
                n.training_class.code,
                n.training_class.title,
                n.training_class.start_date.strftime("%d/%m/%Y"),
                n.training_class.end_date.strftime("%d/%m/%Y"),
                n.trainee.full_name,
                n.trainee.personal_id,
                n.trainee.date_of_birth.strftime("%d/%m/%Y"),
                n.trainee.position,
                n.agency.name,
                n.get_status_display(),
                n.waitlist_rank or "",
                n.reason,
            )

    return write_xlsx([(_("Nominations"), header, rows())])
