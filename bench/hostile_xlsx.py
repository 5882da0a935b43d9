"""The memory a worker spends refusing a zip bomb: an .xlsx of under 1 MB holding hundreds of MB of shared strings.

Builds the file with zipfile directly, streaming (never the whole text in memory), then runs each case in a fresh
Python process, so that its peak memory (`ru_maxrss`) is that case's alone:

- idle: Django set up and the WSGI application loaded, as a gunicorn worker waiting for a request — the baseline;
- refuse: the same, then the file uploaded to the console's trainee import and to the portal's nominee upload,
  each refused (SpreadsheetError) — target: at most +50 MB over idle;
- without the guard (only with `--without-guard`): the archive limits lifted, so openpyxl reads the file as it did
  before the guard (the issue saw a worker go from 92 to 563 MB); slow, and needs the memory.

    .venv/bin/python bench/hostile_xlsx.py [--megabytes 400] [--without-guard] [--keep DIR]

Needs no database: the file is refused before any query.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    "</sheetData></worksheet>"
)


def build(path: Path, megabytes: int) -> tuple[int, int]:
    """The bomb, written part by part: returns (bytes on disk, bytes its shared strings unpack into)."""
    text = "A" * 9000  # 9 KB of text per string, a different number in front of each
    unpacked = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", SHEET),
        ):
            archive.writestr(name, body)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            head = (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            part.write(head)
            unpacked += len(head)
            index = 0
            while unpacked < megabytes * 1_048_576:
                chunk = "".join(f"<si><t>{index + i:09d} {text}</t></si>" for i in range(32)).encode()
                part.write(chunk)
                unpacked += len(chunk)
                index += 32
            part.write(b"</sst>")
            unpacked += 6
    return path.stat().st_size, unpacked


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child(case: str, path: str | None) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")
    from training_portal.wsgi import application  # noqa: F401 - loaded as a worker loads it

    figures = {"case": case, "setup_mb": round(peak_mb(), 1)}
    if case == "idle":
        figures["peak_mb"] = figures["setup_mb"]
        return figures

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses import excel
    from training_portal import importing, spreadsheets

    if case == "unguarded":
        settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1 << 62
        spreadsheets._MAX_RATIO = 1 << 62
    data = Path(path).read_bytes()
    refusals = []
    tracemalloc.start()
    started = time.perf_counter()
    for where, read in (
        ("console trainee import", lambda f: importing.importer_for("trainees").read(f)),
        # The file is refused while it is read, before the class, agency or user is looked at.
        (
            "portal nominee upload",
            lambda f: excel.import_nominees(uploaded=f, training_class=None, agency=None, by=None, waitlist=False),
        ),
    ):
        try:
            read(SimpleUploadedFile("ds.xlsx", data, content_type="application/octet-stream"))
        except spreadsheets.SpreadsheetError as exc:
            refusals.append(f"{where}: {exc}")
        else:
            refusals.append(f"{where}: NOT REFUSED")
    figures["seconds"] = round(time.perf_counter() - started, 2)
    figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1_048_576, 1)
    figures["peak_mb"] = round(peak_mb(), 1)
    figures["refusals"] = refusals
    return figures


def run_child(case: str, path: Path | None) -> dict:
    command = [sys.executable, __file__, "--child", case] + ([str(path)] if path else [])
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{case} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=400, help="text in the shared strings (default 400)")
    parser.add_argument("--without-guard", action="store_true", help="also read it with the archive limits lifted")
    parser.add_argument("--keep", type=Path, help="write the file into this folder and keep it")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        case, *path = args.child
        print(json.dumps(child(case, path[0] if path else None), ensure_ascii=False))
        return

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "zip-bomb.xlsx"
        started = time.perf_counter()
        size, unpacked = build(path, args.megabytes)
        print(
            f"file: {size / 1024:,.0f} KB on disk, shared strings unpack into {unpacked / 1_048_576:,.0f} MB "
            f"(×{unpacked // size}), built in {time.perf_counter() - started:.1f} s"
        )
        idle = run_child("idle", None)
        refuse = run_child("refuse", path)
        print(f"idle worker (Django + WSGI app loaded):   peak RSS {idle['peak_mb']:7.1f} MB")
        print(
            f"refusing the file (console + portal):     peak RSS {refuse['peak_mb']:7.1f} MB  "
            f"= +{refuse['peak_mb'] - idle['peak_mb']:.1f} MB over idle (target ≤ +50 MB); "
            f"Python allocations peak {refuse['tracemalloc_peak_mb']} MB; {refuse['seconds']} s"
        )
        for line in refuse["refusals"]:
            print(f"  {line}")
        if args.without_guard:
            unguarded = run_child("unguarded", path)
            print(
                f"without the guard (openpyxl reads it):    peak RSS {unguarded['peak_mb']:7.1f} MB  "
                f"= +{unguarded['peak_mb'] - idle['peak_mb']:.1f} MB over idle; {unguarded['seconds']} s"
            )
            for line in unguarded["refusals"]:
                print(f"  {line}")


if __name__ == "__main__":
    main()
