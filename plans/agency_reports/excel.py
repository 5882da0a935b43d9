"""An agency's training report as Excel: the template offered in the portal (one row per category) and its reading.

Built on the shared engine (training_portal.spreadsheets for the template and the reading, training_portal.importing
for the whole numbers); like the nominee upload it is not a staff import: the rows read become the report's lines and
the report is sent through `report_submit`, or nothing is sent and every bad row is listed.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.delivery_excel import filled
from plans.agency_reports.services import LineFigures
from training_portal import importing
from training_portal.names import file_name
from training_portal.spreadsheets import (
    CODE_SEPARATOR,
    SHEET_LANGUAGE,
    Column,
    RowError,
    clean_text,
    code_part,
    fold,
    header_lookup,
    read_workbook,
    template_workbook,
)

FIGURES = ("classes", "participants", "periods")


def _columns(categories) -> list[Column]:
    names = [f"{c.code}{CODE_SEPARATOR}{c}" for c in categories]
    count = gettext_lazy("A whole number; empty for none.")
    return [
        Column(
            "category",
            gettext_lazy("Category"),
            gettext_lazy("Choose from the list."),
            required=True,
            width=60,
            choices=lambda: names,
        ),
        Column("classes", gettext_lazy("Classes run"), count, required=True, width=14),
        Column("participants", gettext_lazy("Participants"), count, required=True, width=14),
        Column("periods", gettext_lazy("Periods"), count, required=True, width=14),
    ]


def report_template(year: int, categories) -> tuple[str, bytes]:
    """The .xlsx to fill in: one row per category already written, the figures to type."""
    categories = list(categories)
    with translation.override(SHEET_LANGUAGE):
        data = template_workbook(
            title=_("Training the agency ran itself in %(year)s") % {"year": year},
            sheet_title=_("Report"),
            columns=_columns(categories),
            intro=[_("One row per category; leave the figures empty for a category without classes.")],
        )
    data = filled(data, [[f"{category.code}{CODE_SEPARATOR}{category}"] for category in categories])
    return file_name("bao cao dao tao don vi", year, extension="xlsx"), data


def read_report(uploaded, categories) -> tuple[list[LineFigures], list[RowError]]:
    """The file's lines, or the errors of every bad row (and no lines). Raises SpreadsheetError for a file that
    cannot be read at all."""
    categories = list(categories)
    columns = _columns(categories)
    labels = {c.name: str(c.header) for c in columns}
    table = read_workbook(
        uploaded, columns=header_lookup(columns), required=["category", *FIGURES], max_rows=len(categories) + 50
    )
    errors = table.header_errors()
    by_code = {fold(c.code): c for c in categories}
    number = importing.integer(maximum=1_000_000)
    lines, seen = [], set()
    for row, values in table.rows:
        category = by_code.get(fold(code_part(values.get("category"))))
        if category is None:
            errors.append(
                RowError(row, labels["category"], clean_text(values.get("category")), _("Choose from the list."))
            )
            continue
        if category.pk in seen:
            errors.append(RowError(row, labels["category"], str(category), _("Each category can be given only once.")))
            continue
        seen.add(category.pk)
        figures = {}
        for name in FIGURES:
            try:
                figures[name] = number(values.get(name)) or 0
            except importing.RowProblem as exc:
                errors.append(RowError(row, labels[name], clean_text(values.get(name)), str(exc)))
        if len(figures) == len(FIGURES):
            lines.append(LineFigures(category=category, **figures))
    return ([] if errors else lines), errors
