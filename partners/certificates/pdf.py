"""A certificate as a PDF: one A4 landscape page per certificate, in one WeasyPrint render for a whole class.

The wording ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "GIẤY CHỨNG NHẬN", "Ông/Bà", "Sinh ngày", "Xếp loại"…) is the
Vietnamese the certificate prints whatever the interface's language, as for the official documents
(`partners/documents/content.py`): it is written here and in `templates/partners/documents/certificate.html` as it
is printed, not passed through the translation catalogue. Each page carries a QR code of its public verification
address (segno, a PNG inlined as a data URI: nothing is fetched).
"""

import functools
import threading
from collections.abc import Sequence

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from courses.models import CertificateKind
from partners.certificates.selectors import verification_url
from partners.documents.content import MOTTO, issuing_body_lines, upper
from partners.documents.fonts import document_font_family, font_face_css, text_width_mm
from partners.documents.formatting import date_line, short_date
from partners.documents.render import RenderedFile
from partners.models import Certificate
from training_portal.names import file_name

STYLESHEET = "css/certificate.css"
TEMPLATE = "partners/documents/certificate.html"
PDF_MIMETYPE = "application/pdf"
TITLES = {CertificateKind.CERTIFICATE: "CHỨNG CHỈ", CertificateKind.ATTESTATION: "GIẤY CHỨNG NHẬN"}
HONORIFICS = {"M": "Ông", "F": "Bà"}


def _qr_data_uri(url: str) -> str:
    """The QR code as a PNG of one pixel per module, scaled up by the stylesheet without smoothing: a few hundred
    bytes to embed and draw (an SVG of the same code made each page twice as slow to write)."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=0)


def page_context(certificate: Certificate) -> dict:
    """What one page prints."""
    agency = certificate.issuing_agency
    url = verification_url(certificate)
    body_lines = issuing_body_lines(agency)
    if certificate.start_date == certificate.end_date:
        period = f"Ngày {short_date(certificate.start_date)}"
    else:
        period = f"Từ ngày {short_date(certificate.start_date)} đến ngày {short_date(certificate.end_date)}"
    return {
        "certificate": certificate,
        "parent_body": upper(agency.parent.name) if agency.parent_id else "",
        "issuing_body_lines": body_lines,
        "motto": MOTTO,
        # Under the issuing body a rule of 40 % of its name, under the motto one as long as it (Nghị định 30/2020).
        "issuing_rule_mm": f"{0.4 * max(text_width_mm(line, 13, weight=700) for line in body_lines):.1f}",
        "motto_rule_mm": f"{text_width_mm(MOTTO, 14, weight=700):.1f}",
        "title": TITLES[certificate.kind],
        "honorific": HONORIFICS.get(certificate.holder_gender, "Ông/Bà"),
        "born": short_date(certificate.holder_birth_date),
        "period": period,
        "periods": certificate.periods,
        "place_date": date_line(certificate.place_name, certificate.issued_on),
        "authority_lines": [upper(line) for line in certificate.signer_authority_lines],
        "signer_title": upper(certificate.signer_title),
        "signer_name": " ".join(certificate.signer_name.split()),
        "url": url,
        "qr": _qr_data_uri(url),
    }


@functools.cache
def _stylesheet_text() -> str:
    path = finders.find(STYLESHEET)
    if path is None:  # pragma: no cover - the file ships with the app
        raise FileNotFoundError(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        family = document_font_family()
        return f"{handle.read()}\n{font_face_css()}\nhtml {{ font-family: {family}; }}"


_per_thread = threading.local()


def _stylesheet() -> tuple[FontConfiguration, CSS]:
    """The stylesheet and its fonts, parsed and loaded once per thread (WeasyPrint's objects are not shared between
    threads): loading the fonts is most of a single page's time."""
    cached = getattr(_per_thread, "certificate", None)
    if cached is None:
        font_config = FontConfiguration()
        cached = (font_config, CSS(string=_stylesheet_text(), font_config=font_config))
        _per_thread.certificate = cached
    return cached


def render_html(certificates: Sequence[Certificate]) -> str:
    with translation.override("vi"):
        return render_to_string(TEMPLATE, {"pages": [page_context(certificate) for certificate in certificates]})


def render_pdf_bytes(certificates: Sequence[Certificate]) -> bytes:
    """One page per certificate, in one render."""
    font_config, stylesheet = _stylesheet()
    document = HTML(string=render_html(certificates)).render(stylesheets=[stylesheet], font_config=font_config)
    return document.write_pdf()


def certificate_pdf(certificate: Certificate) -> RenderedFile:
    name = file_name("chung nhan", certificate.reference, extension="pdf")
    return RenderedFile(name, PDF_MIMETYPE, render_pdf_bytes([certificate]))


def class_certificates_pdf(class_code: str, certificates: Sequence[Certificate]) -> RenderedFile:
    name = file_name("chung nhan", class_code, extension="pdf")
    return RenderedFile(name, PDF_MIMETYPE, render_pdf_bytes(certificates))
