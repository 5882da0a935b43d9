"""Official documents in the state format (Nghị định 30/2020/NĐ-CP): letters, plans, decisions, notices.

page = build_page(document, draft=True)   # the register entry and its source → template context
render_pdf(page)                          # → RenderedFile(filename, mimetype, bytes)
render_html_file(page)                    # the same page for the browser
"""

import logging

# WeasyPrint reports every step of every document at INFO, from its import on: too much for a server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from partners.documents import place_pages  # noqa: E402, F401  (registers the decisions on one person's study)
from partners.documents.pages import build_page  # noqa: E402
from partners.documents.render import (  # noqa: E402
    RenderedFile,
    render_html,
    render_html_file,
    render_pdf,
    render_pdf_with_timings,
)

__all__ = ["RenderedFile", "build_page", "render_html", "render_html_file", "render_pdf", "render_pdf_with_timings"]
