"""Render time of the certificates the department issues itself, against a one-page letter measured in the same run.

- one certificate: the median of N warm runs, split into the steps of one render (the HTML template with its QR
  code, WeasyPrint's layout, its PDF writing); target ≤ 80 ms;
- a class's batch: 500 certificates in one PDF (one page each, one render); target ≤ 30 s;
- the baseline: the demo's one-page letter (bench/documents.py's), warm, in the same process and run.

The 500 certificates are copies, in memory, of a demo certificate with other names, numbers and codes (nothing is
saved). It reads the demo province and writes nothing: load it first, on a scratch database for instance

    export DATABASE_URL=sqlite:////tmp/bench_docs.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/certificates.py [--repeat N] [--batch 500] [--keep DIR]
"""

import argparse
import copy
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
from weasyprint import HTML  # noqa: E402

from bench.documents import letter_document  # noqa: E402
from partners.certificates import pdf  # noqa: E402
from partners.certificates.services import certificate_reference  # noqa: E402
from partners.documents import build_page  # noqa: E402
from partners.documents.render import layout_pdf, render_html  # noqa: E402
from partners.models import Certificate, new_verification_code  # noqa: E402

TARGET_ONE_MS = 80
TARGET_BATCH_S = 30
NAMES = ("Nguyễn Văn", "Hoàng Thị", "Lương Đức", "Vi Thị", "Nông Văn", "Lăng Thị", "Triệu Văn", "Hà Thị")


def steps_of(render) -> dict:
    cpu_started = time.process_time()
    started = time.perf_counter()
    html = render["html"]()
    templated = time.perf_counter()
    layout = render["layout"](html)
    laid_out = time.perf_counter()
    content = layout.write_pdf()
    written = time.perf_counter()
    return {
        "cpu": (time.process_time() - cpu_started) * 1000,
        "html": (templated - started) * 1000,
        "layout": (laid_out - templated) * 1000,
        "write": (written - laid_out) * 1000,
        "pages": len(layout.pages),
        "bytes": len(content),
        "content": content,
    }


def certificate_layout(html: str):
    font_config, stylesheet = pdf._stylesheet()
    return HTML(string=html).render(stylesheets=[stylesheet], font_config=font_config)


def measure(render, repeat: int) -> dict:
    runs = []
    for run in range(repeat + 1):  # the first run warms templates, fonts and caches, and is not counted
        result = steps_of(render)
        if run:
            runs.append(result)
    out = {step: statistics.median(r[step] for r in runs) for step in ("html", "layout", "write")}
    out["total"] = statistics.median(r["html"] + r["layout"] + r["write"] for r in runs)
    out["best"] = min(r["html"] + r["layout"] + r["write"] for r in runs)
    out["cpu"] = statistics.median(r["cpu"] for r in runs)  # this process's CPU: what other work cannot add
    out["pages"], out["content"] = runs[-1]["pages"], runs[-1]["content"]
    return out


def batch_of(model: Certificate, count: int) -> list[Certificate]:
    batch = []
    for number in range(1, count + 1):
        certificate = copy.copy(model)
        certificate.pk = None
        certificate.number = number
        certificate.reference = certificate_reference(
            kind=model.kind, agency=model.issuing_agency, year=model.year, number=number
        )
        certificate.code = new_verification_code()
        certificate.holder_name = f"{NAMES[number % len(NAMES)]} Học viên {number}"
        certificate.holder_gender = "F" if number % 2 else "M"
        batch.append(certificate)
    return batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="warm runs of one certificate (default 15)")
    parser.add_argument("--batch", type=int, default=500, help="certificates in the class's one PDF (default 500)")
    parser.add_argument("--keep", type=Path, help="write the rendered PDFs into this directory")
    args = parser.parse_args()

    model = Certificate.objects.select_related("issuing_agency__parent").order_by("pk").first()
    letter = letter_document()
    if model is None or letter is None:
        raise SystemExit(
            "The demo data is missing. Load it first (on a scratch database):\n"
            "  export DATABASE_URL=sqlite:////tmp/bench_docs.sqlite3\n"
            "  .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo"
        )
    print(f"WeasyPrint {weasyprint.__version__}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"median of {args.repeat} warm runs, milliseconds (best: the fastest run; cpu: this process's CPU time)\n")
    header = (
        f"{'document':<22} {'pages':>5} {'html':>7} {'layout':>8} {'write':>7} {'total':>8} {'best':>8} {'cpu':>8} "
        f"{'target':>8}"
    )
    print(header)
    print("-" * len(header))

    page = build_page(letter, draft=False)
    renders = {
        "letter (baseline)": {"html": lambda: render_html(page, for_pdf=True), "layout": layout_pdf},
        "one certificate": {"html": lambda: pdf.render_html([model]), "layout": certificate_layout},
    }
    results = {}
    for name, render in renders.items():
        result = results[name] = measure(render, args.repeat)
        target = f"{TARGET_ONE_MS} ms" if name == "one certificate" else ""
        verdict = ("ok" if result["total"] <= TARGET_ONE_MS else "SLOW") if target else ""
        print(
            f"{name:<22} {result['pages']:>5} {result['html']:>7.1f} {result['layout']:>8.1f} {result['write']:>7.1f} "
            f"{result['total']:>8.1f} {result['best']:>8.1f} {result['cpu']:>8.1f} {target:>8} {verdict}"
        )

    batch = batch_of(model, args.batch)
    big = steps_of({"html": lambda: pdf.render_html(batch), "layout": certificate_layout})
    total_s = (big["html"] + big["layout"] + big["write"]) / 1000
    verdict = "ok" if total_s <= TARGET_BATCH_S else "SLOW"
    print(
        f"{f'{args.batch} in one PDF':<22} {big['pages']:>5} {big['html']:>7.0f} {big['layout']:>8.0f} "
        f"{big['write']:>7.0f} {total_s * 1000:>8.0f} {'':>8} {big['cpu']:>8.0f} {TARGET_BATCH_S:>6} s {verdict}"
    )
    per_page = total_s * 1000 / max(big["pages"], 1)
    one = results["one certificate"]["total"]
    print(
        f"\nper page in the batch: {per_page:.1f} ms (html {big['html'] / big['pages']:.1f}, layout "
        f"{big['layout'] / big['pages']:.1f}, write {big['write'] / big['pages']:.1f}); one certificate alone: "
        f"{one:.1f} ms, {one / results['letter (baseline)']['total']:.2f}× the letter "
        f"(cpu {results['one certificate']['cpu'] / results['letter (baseline)']['cpu']:.2f}×); "
        f"batch cpu per page {big['cpu'] / big['pages']:.1f} ms; "
        f"batch PDF {big['bytes'] / 1024 / 1024:.1f} MB"
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "one-certificate.pdf").write_bytes(results["one certificate"]["content"])
        (args.keep / f"{args.batch}-certificates.pdf").write_bytes(big["content"])


if __name__ == "__main__":
    main()
