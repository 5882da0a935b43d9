"""From a `Page` to HTML (browser preview) and to PDF (WeasyPrint): data in, (filename, mimetype, bytes) out."""

import functools
import threading
import time
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from partners.documents.content import Page
from partners.documents.fonts import document_font_family, font_face_css

STYLESHEET = "css/documents.css"
PDF_MIMETYPE = "application/pdf"
HTML_MIMETYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    mimetype: str
    content: bytes


@dataclass(frozen=True)
class PdfTimings:
    """Milliseconds spent in each step of one PDF, as the bench reports them."""

    html_ms: float
    layout_ms: float
    write_ms: float


@functools.cache
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    if path is None:  # pragma: no cover - the file ships with the app
        raise FileNotFoundError(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@functools.cache
def _pdf_font_rules() -> str:
    """The chosen font files, and that family first everywhere, page numbers included."""
    family = document_font_family()
    return f"{font_face_css()}\nhtml {{ font-family: {family}; }}\n@page {{ @top-center {{ font-family: {family}; }} }}"


_per_thread = threading.local()


def _pdf_stylesheet() -> tuple[FontConfiguration, CSS]:
    """The stylesheet with its fonts, parsed and loaded once per thread (loading the fonts is most of a
    one-page letter's time); WeasyPrint's objects are not shared between threads."""
    cached = getattr(_per_thread, "stylesheet", None)
    if cached is None:
        font_config = FontConfiguration()
        cached = (font_config, CSS(string=f"{_stylesheet()}\n{_pdf_font_rules()}", font_config=font_config))
        _per_thread.stylesheet = cached
    return cached


def render_html(page: Page, *, for_pdf: bool = False) -> str:
    """The page as HTML; for the browser it carries its stylesheet, for the PDF the stylesheet is given apart."""
    css = "" if for_pdf else _stylesheet()
    # A document is Vietnamese whatever language the clerk's interface is in.
    with translation.override("vi"):
        return render_to_string(page.template_name, {**page.as_context(), "css": css})


def layout_pdf(html: str):
    """WeasyPrint's layout of the HTML: a `weasyprint.Document` of pages."""
    font_config, stylesheet = _pdf_stylesheet()
    return HTML(string=html).render(stylesheets=[stylesheet], font_config=font_config)


def write_pdf(layout) -> bytes:
    return layout.write_pdf()


def render_pdf_with_timings(page: Page) -> tuple[RenderedFile, PdfTimings]:
    started = time.perf_counter()
    html = render_html(page, for_pdf=True)
    templated = time.perf_counter()
    layout = layout_pdf(html)
    laid_out = time.perf_counter()
    content = write_pdf(layout)
    written = time.perf_counter()
    rendered = RenderedFile(page.document.download_name, PDF_MIMETYPE, content)
    return rendered, PdfTimings(
        html_ms=(templated - started) * 1000,
        layout_ms=(laid_out - templated) * 1000,
        write_ms=(written - laid_out) * 1000,
    )


def render_pdf(page: Page) -> RenderedFile:
    return render_pdf_with_timings(page)[0]


def render_html_file(page: Page) -> RenderedFile:
    name = page.document.download_name.removesuffix(".pdf") + ".html"
    return RenderedFile(name, HTML_MIMETYPE, render_html(page).encode("utf-8"))
