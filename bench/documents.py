"""Warm render time of official documents on the demo data: a one-page letter, the 2025 plan with its appendix and
the province's report on 2025 with its tables (issue 16).

For each document, the median of N warm runs, split into the steps of one render, all measured in
the same run: reading the data (queries), the HTML template, WeasyPrint's own layout
(`HTML(...).render()`) and its PDF writing (`document.write_pdf()`). Targets: the letter ≤ 80 ms,
the plan ≤ 2 s (layout + write, plus data and template), the report ≤ 3 s (its data step is the report's whole
computation, `plans.annual_report.annual_report`: the dashboard's, the budget's and the agencies' reports' figures).

It reads the demo province and writes nothing: load it first, on a scratch database for instance

    export DATABASE_URL=sqlite:////tmp/bench_docs.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/documents.py [--repeat N] [--keep DIR]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")

import django

django.setup()

import weasyprint  # noqa: E402

from partners import services  # noqa: E402
from partners.documents import build_page  # noqa: E402
from partners.documents.content import expected_symbol  # noqa: E402
from partners.documents.fonts import document_font_faces  # noqa: E402
from partners.documents.render import layout_pdf, render_html, write_pdf  # noqa: E402
from partners.models import Correspondence, Direction, DocumentKind, DocumentStatus, OutgoingDocument  # noqa: E402
from plans.demo.partners import REPLY_BODY, REPLY_COPIES_TO, REPLY_SIGNER  # noqa: E402
from plans.models import TrainingPlan  # noqa: E402

ISSUED_ON = datetime.date(2023, 5, 12)
REPORT_ISSUED_ON = datetime.date(2026, 1, 20)  # the report on 2025, before 31 January (Decree 171/2025)
TARGETS_MS = {"letter": 80, "plan": 2000, "report": 3000}
PLAN_COPIES = "\n".join(
    (
        "Thường trực Tỉnh ủy;",
        "Thường trực HĐND tỉnh;",
        "Vụ CCVC - Bộ Nội vụ;",
        "Chủ tịch, Phó Chủ tịch UBND tỉnh;",
        "Ban Tổ chức Tỉnh ủy;",
        "Các sở, ban, ngành tỉnh;",
        "UBND các huyện, thành phố;",
        "Trường Chính trị Hoàng Văn Thụ;",
        "C, PCVP UBND tỉnh;",
        "Các phòng: CM, HCQT, TTTT;",
        "Lưu: VT, NC (TPT).",
    )
)


def in_memory_issued(kind: str, **fields) -> OutgoingDocument:
    """An issued-looking document built in memory: number and date as on paper, nothing saved."""
    code = services.KIND_DOCUMENT_TYPES[kind]
    document = OutgoingDocument(
        kind=kind, document_type=services.document_type_for(code, create=False), status=DocumentStatus.ISSUED, **fields
    )
    services.apply_source(document)
    document.number, document.issued_on, document.year = 5, ISSUED_ON, ISSUED_ON.year
    document.symbol = expected_symbol(document)
    return document


def letter_document() -> OutgoingDocument | None:
    original = Correspondence.objects.filter(direction=Direction.INCOMING, partner__code="logodi").first()
    if original is None:
        return None
    reply = services.reply_for(original)
    reply.body = f"{reply.body}\n{REPLY_BODY}"
    reply.copies_to = REPLY_COPIES_TO
    reply.signer_authority, reply.signer_title, reply.signer_name = REPLY_SIGNER
    return in_memory_issued(DocumentKind.LETTER, correspondence=reply, drafting_unit="CCVC")


def plan_document() -> OutgoingDocument | None:
    plan = TrainingPlan.objects.filter(year=2025).select_related("issuing_agency").first()
    if plan is None:
        return None
    return in_memory_issued(DocumentKind.PLAN, plan=plan, copies_to=PLAN_COPIES)


def report_document() -> OutgoingDocument | None:
    """The demo's draft of the report on 2025 (or the one the plan would give), as issued on 20 January 2026."""
    plan = TrainingPlan.objects.filter(year=2025).select_related("issuing_agency").first()
    if plan is None:
        return None
    document = services.document_for_preview(kind=DocumentKind.ANNUAL_REPORT, source=plan)
    document.status = DocumentStatus.ISSUED
    document.number, document.issued_on, document.year = 5, REPORT_ISSUED_ON, REPORT_ISSUED_ON.year
    document.symbol = expected_symbol(document)
    return document


def measure(document: OutgoingDocument, repeat: int, keep: Path | None, name: str) -> dict:
    steps = {"data": [], "html": [], "layout": [], "write": []}
    cpu = []
    pages = 0
    for run in range(repeat + 1):  # the first run warms templates, fonts and caches, and is not counted
        cpu_started = time.process_time()
        started = time.perf_counter()
        page = build_page(document, draft=False)
        built = time.perf_counter()
        html = render_html(page, for_pdf=True)
        templated = time.perf_counter()
        layout = layout_pdf(html)
        laid_out = time.perf_counter()
        content = write_pdf(layout)
        written = time.perf_counter()
        cpu_used = time.process_time() - cpu_started
        if run == 0:
            pages = len(layout.pages)
            if keep is not None:
                (keep / f"{name}.pdf").write_bytes(content)
            continue
        cpu.append(cpu_used * 1000)
        for step, (begin, end) in {
            "data": (started, built),
            "html": (built, templated),
            "layout": (templated, laid_out),
            "write": (laid_out, written),
        }.items():
            steps[step].append((end - begin) * 1000)
    totals = [sum(run) for run in zip(*steps.values(), strict=True)]
    result = {step: statistics.median(times) for step, times in steps.items()}
    result["total"] = statistics.median(totals)
    result["best"] = min(totals)  # the least disturbed run, on a machine shared with other work
    result["cpu"] = statistics.median(cpu)  # this process's CPU time: what other work on the machine cannot add
    result["pages"] = pages
    return result


def measure_baseline(repeat: int) -> dict:
    """The floor of the same pipeline: one short line on an A4 page, same stylesheet and fonts."""
    html = "<!DOCTYPE html><html lang=vi><body><p>Lạng Sơn, ngày 05 tháng 3 năm 2025</p></body></html>"
    layouts, writes = [], []
    for run in range(repeat + 1):
        started = time.perf_counter()
        layout = layout_pdf(html)
        laid_out = time.perf_counter()
        write_pdf(layout)
        written = time.perf_counter()
        if run:
            layouts.append((laid_out - started) * 1000)
            writes.append((written - laid_out) * 1000)
    totals = [a + b for a, b in zip(layouts, writes, strict=True)]
    return {
        "layout": statistics.median(layouts),
        "write": statistics.median(writes),
        "total": statistics.median(totals),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="warm runs per document (default 10)")
    parser.add_argument("--keep", type=Path, help="write the rendered PDFs into this directory")
    args = parser.parse_args()

    documents = {"letter": letter_document(), "plan": plan_document(), "report": report_document()}
    if any(document is None for document in documents.values()):
        raise SystemExit(
            "The demo data is missing. Load it first (on a scratch database):\n"
            "  export DATABASE_URL=sqlite:////tmp/bench_docs.sqlite3\n"
            "  .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo"
        )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    faces = document_font_faces()
    print(f"WeasyPrint {weasyprint.__version__}; font: {faces[0].family if faces else 'font stack (none chosen)'}")
    rows = build_page(documents["plan"], draft=False).extra["appendix_rows"]
    classes = sum(1 for row in rows if "number" in row)
    print(f"2025 plan: {classes} classes in the appendix ({len(rows)} rows with the category headings)")
    print(
        f"median of {args.repeat} warm runs, milliseconds (best: the fastest run's total; cpu: this process's CPU "
        f"time, median; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)\n"
    )
    header = (
        f"{'document':<8} {'pages':>5} {'data':>7} {'html':>7} {'layout':>8} {'write':>7} {'total':>8} {'best':>8} "
        f"{'cpu':>8} {'target':>7}"
    )
    print(header)
    print("-" * len(header))
    baseline = measure_baseline(args.repeat)
    print(
        f"{'baseline':<8} {1:>5} {'':>7} {'':>7} {baseline['layout']:>8.1f} {baseline['write']:>7.1f} "
        f"{baseline['total']:>8.1f}   (one line on a page: WeasyPrint's floor on this machine, now)"
    )
    for name, document in documents.items():
        result = measure(document, args.repeat, args.keep, name)
        verdict = "ok" if result["total"] <= TARGETS_MS[name] else "SLOW"
        print(
            f"{name:<8} {result['pages']:>5} {result['data']:>7.1f} {result['html']:>7.1f} {result['layout']:>8.1f} "
            f"{result['write']:>7.1f} {result['total']:>8.1f} {result['best']:>8.1f} {result['cpu']:>8.1f} "
            f"{TARGETS_MS[name]:>6} {verdict}"
        )


if __name__ == "__main__":
    main()
