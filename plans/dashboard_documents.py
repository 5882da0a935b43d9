"""The dashboard as pictures and files: its charts, the XLSX of its tables and the PDF summary for a meeting.

Renderers: a `Dashboard` in, (filename, mimetype, bytes) out. The PDF is the same HTML and SVG
as the page, laid out by WeasyPrint with the fonts the official documents use.
"""

import threading

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from partners.documents.fonts import font_face_css
from partners.documents.render import PDF_MIMETYPE, RenderedFile
from plans.charts import Bar, column_chart, hbar_chart
from plans.dashboard import Dashboard
from plans.fulfilment import PLACE_FIGURES, STAGE_LABELS, percent
from training_portal.names import file_name
from training_portal.spreadsheets import XLSX_MIMETYPE, write_xlsx

PDF_STYLESHEET = "css/dashboard-print.css"
PDF_TOP_ROWS = 8  # agencies or provinces listed in the PDF, most behind first

AGENCY_COLUMNS = (
    ("name", gettext_lazy("Agency")),
    ("allotted", pgettext_lazy("seat chain", "Allotted")),
    ("nominated", pgettext_lazy("seat chain", "Nominated")),
    ("use", gettext_lazy("Used %")),
    ("approved", pgettext_lazy("seat chain", "Approved")),
    ("attended", pgettext_lazy("seat chain", "Attended")),
    ("completed", pgettext_lazy("seat chain", "Completed")),
    # Not the alert's "seats to reassign": past classes are counted too (see `dashboard._unfilled_after_deadline`).
    ("unfilled", gettext_lazy("Seats left unfilled")),
    ("unfilled_allotments", gettext_lazy("Allotments left unfilled")),
)


def agency_columns():
    return AGENCY_COLUMNS


def _pct(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def _nominated_against_target(rows) -> list[Bar]:
    return [
        Bar(
            row.label,
            row.nominated,
            target=row.planned_seats or None,
            note=_pct(percent(row.nominated, row.planned_seats)),
        )
        for row in rows
    ]


def charts_for(d: Dashboard) -> dict[str, str]:
    """Every chart of the dashboard as inline SVG."""
    total = d.total
    chain = [
        Bar(str(stage["label"]), stage["value"], target=total.planned_seats or None, note=_pct(stage["of_plan"]))
        for stage in total.stages
    ]
    categories = _nominated_against_target(d.categories)
    kinds = _nominated_against_target(d.subtotals[2:])
    return {
        "chain": hbar_chart(chain, title=_("Seats: from the plan to completion")),
        "categories": hbar_chart(categories, title=_("Seats nominated against the target, by category"), relative=True),
        "kinds": hbar_chart(kinds, title=_("Domestic and overseas: seats nominated against the target"), relative=True),
        "quarters": column_chart(
            [row.label for row in d.quarters],
            [
                (_("Seats scheduled"), [row.scheduled_seats for row in d.quarters]),
                (pgettext("seat chain", "Nominated"), [row.nominated for row in d.quarters]),
                (pgettext("seat chain", "Completed"), [row.completed for row in d.quarters]),
            ],
            targets=[row.planned_seats for row in d.quarters],
            target_label=_("Plan (a quarter of the year's seats)"),
            title=_("Seats by quarter of the class's start"),
        ),
    }


# -- XLSX ------------------------------------------------------------------------------------------------------


def _chain_header() -> list[str]:
    return [
        _("Row"),
        _("Classes planned"),
        _("Classes scheduled"),
        _("Classes held"),
        _("Classes cancelled"),
        *(str(STAGE_LABELS[k]) for k in ("planned_seats", "scheduled_seats", "allotted")),
        *(str(STAGE_LABELS[k]) for k in ("nominated", "approved", "attended", "completed")),
        _("Completed, share of the plan (%)"),
    ]


def _chain_row(row) -> list:
    return [
        row.label,
        row.planned_classes,
        row.scheduled_classes,
        row.held_classes,
        row.cancelled_classes,
        row.planned_seats,
        row.scheduled_seats,
        row.allotted,
        row.nominated,
        row.approved,
        row.attended,
        row.completed,
        row.completed_percent,
    ]


def filename(d: Dashboard, extension: str) -> str:
    """'bao-cao-dao-tao-2026-ubnd-tinh-lang-son.pdf' for a province's plan, '…-2026-ca-nuoc.pdf' for every plan."""
    plan = d.scope.plan
    which = plan.issuing_agency.name if plan else "ca nuoc"
    return file_name("bao cao dao tao", d.scope.year, which, extension=extension)


def render_xlsx(d: Dashboard) -> RenderedFile:
    """The dashboard's tables, one sheet each."""
    chain = _chain_header()
    sheets = [
        (_("Summary"), chain, [_chain_row(d.total), *(_chain_row(r) for r in d.subtotals)]),
        (_("By category"), chain, [_chain_row(r) for r in d.categories]),
        (_("By quarter"), chain, [_chain_row(r) for r in d.quarters]),
        (
            _("Postgraduate places"),
            [_("Row"), *(str(label) for label in PLACE_FIGURES.values())],
            [[r.label, *(getattr(r, key) for key in PLACE_FIGURES)] for r in d.place_rows],
        ),
    ]
    if d.scope.is_country:
        sheets.append((_("By province"), chain, [_chain_row(r) for r in d.provinces]))
    else:
        sheets.append(
            (
                _("By agency"),
                [str(label) for _key, label in AGENCY_COLUMNS] + [_("Classes")],
                [
                    [
                        r.name,
                        r.allotted,
                        r.nominated,
                        r.use,
                        r.approved,
                        r.attended,
                        r.completed,
                        r.unfilled,
                        r.unfilled_allotments,
                        r.classes,
                    ]
                    for r in sorted(d.agencies, key=lambda r: r.name)
                ],
            )
        )
    sheets += [
        (
            _("By partner"),
            [
                _("Partner"),
                _("Country"),
                _("Classes"),
                _("Seats"),
                _("Participants"),
                pgettext("seat chain", "Completed"),
            ],
            [[p.name, p.country, p.classes, p.seats, p.participants, p.completed] for p in d.partners],
        ),
        (
            _("Classes starting soon"),
            [_("Code"), _("Class"), _("Start date"), _("Seats"), pgettext("seat chain", "Nominated"), _("Free seats")],
            [[c.code, c.title, c.start_date, c.planned_seats, c.taken_seats, c.free_seats] for c in d.soon],
        ),
        (
            _("Seats to reassign"),
            [_("Agency"), _("Seats to reassign"), _("Classes"), _("First class starts")],
            [[a["agency__name"], a["free_seats"], a["classes"], a["first_start"]] for a in d.late_agencies],
        ),
        (
            _("Letters overdue"),
            [_("Number"), _("Subject"), _("From"), _("Reply due")],
            [
                [c.reference, c.subject, str(c.sender), c.reply_due]  # as the letter reads everywhere else
                for c in d.overdue_letters
            ],
        ),
    ]
    return RenderedFile(filename(d, "xlsx"), XLSX_MIMETYPE, write_xlsx(sheets))


# -- PDF -------------------------------------------------------------------------------------------------------

_per_thread = threading.local()


def _stylesheet() -> tuple[FontConfiguration, CSS]:
    """Parsed once per thread with its fonts (the official documents' faces); WeasyPrint objects are not shared."""
    cached = getattr(_per_thread, "dashboard_css", None)
    if cached is None:
        with open(finders.find(PDF_STYLESHEET), encoding="utf-8") as handle:
            css = handle.read()
        font_config = FontConfiguration()
        cached = (font_config, CSS(string=f"{font_face_css()}\n{css}", font_config=font_config))
        _per_thread.dashboard_css = cached
    return cached


def summary_context(d: Dashboard) -> dict:
    behind = sorted(d.provinces, key=lambda r: (r.completed_percent or 0, r.label))[:PDF_TOP_ROWS]
    agencies = sorted(d.agencies, key=lambda r: (r.use if r.use is not None else 101, r.name))[:PDF_TOP_ROWS]
    return {
        "d": d,
        "scope": d.scope,
        "classes_url": "",
        "nominations_url": "",
        "charts": charts_for(d),
        "provinces_behind": behind,
        "agencies_behind": agencies,
        "printed_at": timezone.localtime(),
    }


def render_pdf(d: Dashboard) -> RenderedFile:
    """A one- or two-page summary for a meeting: headline chain, charts, who is behind, alerts."""
    html = render_to_string("dashboard/pdf.html", summary_context(d))
    font_config, stylesheet = _stylesheet()
    content = HTML(string=html).write_pdf(stylesheets=[stylesheet], font_config=font_config)
    return RenderedFile(filename(d, "pdf"), PDF_MIMETYPE, content)
