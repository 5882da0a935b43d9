"""A person's record as files: the Excel workbook (the exporters' base) and the one-page PDF "Quá trình đào tạo,
bồi dưỡng" in the state format (Nghị định 30/2020/NĐ-CP: the issuing body and the national motto, place and date,
the title, the signature block). Renderers: a `TrainingRecord` in, a `RenderedFile` out.

The PDF's fixed wording is the Vietnamese the document prints whatever the interface language, as every official
document's is (partners/documents/content.py): it is written in the template, not passed through the catalogue.
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from courses.exceptions import EXCEPTION_HEADERS, exception_row
from courses.training_record import RecordLine, TrainingRecord
from partners.documents.content import Header, issuing_body_lines, parent_body_line
from partners.documents.formatting import date_line, short_date
from partners.documents.render import PDF_MIMETYPE, RenderedFile, layout_pdf, write_pdf
from training_portal.names import file_name, person_name
from training_portal.spreadsheets import SHEET_LANGUAGE, XLSX_MIMETYPE, Exporter

SUBMITTED_MESSAGE = _(
    "The training of %(name)s is recorded and awaits verification by the Department of Home Affairs: it counts "
    "once verified."
)
PDF_TEMPLATE = "courses/documents/training_record.html"


POSITION_HEADERS = (_("Date"), _("Kind"), _("Leadership level"), _("Rank"), _("Position"), _("Agency"), _("Decision"))


def _counted(line: RecordLine):
    return line.counted_periods if line.counts else 0


class RecordExporter(Exporter):
    """Every line of a person's record, then their totals per year and their position history."""

    identifier = "training_record"
    name = _("Training record")
    columns = (
        (_("Year"), lambda line: line.year),
        (_("Kind"), lambda line: str(_("Outside the plan")) if line.is_outside else str(_("Class of the plan"))),
        (_("Class code"), lambda line: line.code),
        (_("Course or class"), lambda line: line.title),
        (_("Organised by"), lambda line: line.organiser),
        (_("Start date"), lambda line: line.start_date),
        (_("End date"), lambda line: line.end_date),
        (_("Length (periods)"), lambda line: line.periods),
        (_("Status"), lambda line: line.status),
        (_("Result"), lambda line: line.result),
        (_("Certificate"), lambda line: line.certificate),
        (_("Periods counted"), _counted),
        (_("Note"), lambda line: line.note),
    )

    def fields(self) -> list[str]:
        return []

    def rows(self, record: TrainingRecord):
        with translation.override(SHEET_LANGUAGE):
            for line in record.lines:
                yield [get(line) for _header, get in self.columns]

    def sheets(self, record: TrainingRecord):
        with translation.override(SHEET_LANGUAGE):
            totals = (
                str(_("Totals per year")),
                [str(_("Year")), str(_("Periods counted")), str(_("Lines not counted"))],
                [[year.year, year.counted_periods, len(year.not_counted)] for year in record.years],
            )
            positions = (
                str(_("Position history")),
                [str(h) for h in POSITION_HEADERS],
                [
                    [
                        change.date,
                        str(change.get_kind_display()),
                        str(change.get_leadership_level_display()) if change.leadership_level else "",
                        str(change.rank) if change.rank else "",
                        change.position,
                        change.agency.name if change.agency else "",
                        change.decision,
                    ]
                    for change in record.positions
                ],
            )
            exceptions = (
                str(_("Eligibility exceptions")),
                [str(h) for h in EXCEPTION_HEADERS],
                [exception_row(exception) for exception in record.exceptions],
            )
        return [*super().sheets(record), totals, positions, exceptions]


def record_file_name(record: TrainingRecord, extension: str) -> str:
    trainee = record.trainee
    return file_name("qua trinh dao tao", trainee.full_name, trainee.date_of_birth.year, extension=extension)


def render_xlsx(record: TrainingRecord) -> RenderedFile:
    buffer = io.BytesIO()
    RecordExporter().write(record, buffer)
    return RenderedFile(record_file_name(record, "xlsx"), XLSX_MIMETYPE, buffer.getvalue())


def _header(record: TrainingRecord, today) -> Header:
    agency = record.trainee.agency
    place = agency.place_name or (agency.parent.place_name if agency.parent_id else "")
    return Header(
        parent_body=parent_body_line(agency),
        issuing_body_lines=issuing_body_lines(agency),
        number_line="",
        place_date=date_line(place, today) if place else date_line("", today).lstrip(", "),
    )


def _period(line: RecordLine) -> str:
    if line.start_date == line.end_date:
        return short_date(line.start_date)
    return f"{short_date(line.start_date)} – {short_date(line.end_date)}"


def pdf_context(record: TrainingRecord, today=None) -> dict:
    today = today or timezone.localdate()
    trainee = record.trainee
    return {
        "record": record,
        "trainee": trainee,
        "header": _header(record, today),
        "born": short_date(trainee.date_of_birth),
        "years": [
            {
                "year": year.year,
                "counted": year.counted_periods,
                "not_counted": len(year.not_counted),
                "lines": [{"line": line, "period": _period(line)} for line in year.lines],
            }
            for year in record.years
        ],
        "positions": [{"change": change, "date": short_date(change.date)} for change in record.positions],
        "exceptions": [
            {
                "exception": exception,
                "decided_by": person_name(exception.decided_by),
                "date": short_date(timezone.localtime(exception.decided_at).date()),
            }
            for exception in record.exceptions
        ],
    }


def render_html(record: TrainingRecord, today=None) -> str:
    with translation.override("vi"):
        return render_to_string(PDF_TEMPLATE, pdf_context(record, today))


def render_pdf(record: TrainingRecord, today=None) -> RenderedFile:
    content = write_pdf(layout_pdf(render_html(record, today)))
    return RenderedFile(record_file_name(record, "pdf"), PDF_MIMETYPE, content)
