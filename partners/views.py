"""Staff pages for official documents: preview a draft (HTML, or PDF marked as a draft), issue it, download it,
draft its correction.

Thin: parse, call a service or selector, return what the renderer made. Home Affairs staff only, each page behind
its permission (`plans.access.staff_required`): an anonymous visitor is sent to the login page, anyone else gets the
403 page; a document, letter, plan or class that does not exist is 404.
"""

import logging

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partners import selectors, services
from partners.documents import build_page, render_html_file, render_pdf
from partners.models import Correspondence, DocumentKind, DocumentStatus, OutgoingDocument
from plans.access import staff_required
from training_portal.admin_utils import error_text
from training_portal.spreadsheets import write_xlsx, xlsx_response
from training_portal.views import redirect_back

# The HTML preview is the very page WeasyPrint prints: its styles are in a <style> element and the widths of its
# header rules in style attributes, all from our templates. Only its styles are let in; scripts stay refused.
PREVIEW_CSP = {"style-src": [UNSAFE_INLINE]}
VIEW_PERMISSION = "partners.view_outgoingdocument"
ISSUE_PERMISSION = "partners.change_outgoingdocument"

logger = logging.getLogger(__name__)


def _preview_response(rendered) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.mimetype)
    response.headers["Content-Disposition"] = content_disposition_header(False, rendered.filename)
    # A draft changes with its source: never serve a stale one from a cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _source(kind: str, source_pk: int):
    if kind not in DocumentKind.values:
        raise Http404
    return get_object_or_404(services.SOURCE_MODELS[kind], pk=source_pk)


# --- a register entry --------------------------------------------------------------------------


@require_safe
@staff_required(VIEW_PERMISSION)
@csp_update(PREVIEW_CSP)
def document_preview(request, pk: int):
    return _draft_preview(pk, render_html_file)


@require_safe
@staff_required(VIEW_PERMISSION)
def document_preview_pdf(request, pk: int):
    return _draft_preview(pk, render_pdf)


def _draft_preview(pk: int, renderer):
    """A draft as it would print now; an issued document has only its stored PDF."""
    document = get_object_or_404(OutgoingDocument, pk=pk)
    if document.is_issued:
        return redirect("partners:document_download", pk=document.pk)
    services.apply_source(document)
    return _preview_response(renderer(build_page(document, draft=True)))


@require_safe
@staff_required(VIEW_PERMISSION)
def document_download(request, pk: int):
    """The issued PDF, byte for byte as stored when it was issued."""
    document = get_object_or_404(OutgoingDocument, pk=pk)
    try:
        content = services.stored_pdf(document)
    except ValidationError as exc:
        if exc.code == "not_issued":
            raise Http404 from exc
        # The stored file was altered: say so in plain words on the document's page, and leave a trace.
        logger.error("Issued document %s: stored PDF does not match its SHA-256", document.pk)
        messages.error(request, " ".join(exc.messages))
        return redirect("admin:partners_outgoingdocument_change", document.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response.headers["Content-Disposition"] = content_disposition_header(True, document.download_name)
    response.headers["X-Content-SHA256"] = document.sha256
    return response


@require_safe
@staff_required(VIEW_PERMISSION)
def document_tables(request, pk: int):
    """An issued report's tables as a workbook: those frozen with its PDF, the same figures whatever changed since."""
    document = get_object_or_404(OutgoingDocument, pk=pk, status=DocumentStatus.ISSUED, tables__isnull=False)
    data = write_xlsx((title, header, rows) for title, header, rows in document.tables)
    return xlsx_response(document.download_name.removesuffix(".pdf") + ".xlsx", data)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required(ISSUE_PERMISSION)
def document_issue(request, pk: int):
    """Issue a draft: first a page saying the register and the number it takes (or what the draft lacks), then a
    POST with `confirm` issues it. A second confirm of the same draft finds it issued: one number, never two."""
    document = get_object_or_404(OutgoingDocument.objects.select_related("issuing_agency", "document_type"), pk=pk)
    if not _confirmed(request):
        return _confirm_page(request, document)
    _issue(request, lambda: services.document_issue(document=document, by=request.user))
    return redirect_back(request, reverse("admin:partners_outgoingdocument_change", args=[document.pk]))


@require_POST
@staff_required(ISSUE_PERMISSION)
def document_correct(request, pk: int):
    """Draft the correction of an issued document (the one pending, if any) and open it; the issued one never
    changes."""
    document = get_object_or_404(OutgoingDocument, pk=pk)
    try:
        correction = services.document_correct(document=document, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("admin:partners_outgoingdocument_change", document.pk)
    messages.success(
        request,
        _(
            "The correction of %(reference)s is drafted: change it or its letter, plan or class, then issue it "
            "under a new number."
        )
        % {"reference": document.reference},
    )
    return redirect("admin:partners_outgoingdocument_change", correction.pk)


# --- from a letter, a plan or a class ----------------------------------------------------------


@require_safe
@staff_required(VIEW_PERMISSION)
@csp_update(PREVIEW_CSP)
def source_preview(request, kind: str, source_pk: int):
    return _source_preview(request, kind, source_pk, render_html_file)


@require_safe
@staff_required(VIEW_PERMISSION)
def source_preview_pdf(request, kind: str, source_pk: int):
    return _source_preview(request, kind, source_pk, render_pdf)


def _source_preview(request, kind: str, source_pk: int, renderer):
    """The draft a letter, plan or class would give; one that cannot be a document of this kind (an incoming
    letter) is said so on its own page."""
    source = _source(kind, source_pk)
    document = _draft_or_refusal(request, kind, source)
    if document is None:
        return _source_page(source)
    return _preview_response(renderer(build_page(document, draft=True)))


def _draft_or_refusal(request, kind: str, source) -> OutgoingDocument | None:
    """The draft a source would give; None, with the reason in a message, for one that cannot be a document of this
    kind (an incoming letter)."""
    try:
        return services.document_for_preview(kind=kind, source=source)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return None


def _source_page(source):
    opts = source._meta
    return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", source.pk)


@require_safe
@staff_required(VIEW_PERMISSION)
def source_download(request, kind: str, source_pk: int):
    """The latest issued document of this kind drawn from the letter, plan or class."""
    document = selectors.latest_issued(kind=kind, source=_source(kind, source_pk))
    if document is None:
        raise Http404
    return document_download(request, document.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required(ISSUE_PERMISSION)
def source_issue(request, kind: str, source_pk: int):
    """Issue the document of `kind` drawn from a letter, plan or class, after the same confirmation page."""
    source = _source(kind, source_pk)
    if not _confirmed(request):
        document = _draft_or_refusal(request, kind, source)
        return _source_page(source) if document is None else _confirm_page(request, document)
    document = _issue(request, lambda: services.issue_from_source(kind=kind, source=source, by=request.user))
    if document is None:
        draft = selectors.current_draft(kind=kind, source=source)
        if draft is not None:
            return redirect("admin:partners_outgoingdocument_change", draft.pk)
    return redirect_back(request, reverse("admin:index"))


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def _confirm_page(request, document: OutgoingDocument) -> TemplateResponse:
    """What issuing would do, before it is done; the issue button only when nothing is missing."""
    (preview,) = services.issue_previews([document])
    source = document.source
    opts = source._meta
    draft_url = None
    if document.pk is None:  # not drafted yet: the console's "add" drafts it from the source, to fill in the signer
        draft_url = (
            reverse("admin:partners_outgoingdocument_add")
            + f"?kind={document.kind}&{selectors.source_field(document.kind)}={source.pk}"
        )
    elif not document.is_issued:
        draft_url = reverse("admin:partners_outgoingdocument_change", args=[document.pk])
    source_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[source.pk])
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    context = {
        **admin.site.each_context(request),
        "title": _("Issue %(document)s") % {"document": document.get_kind_display()},
        "previews": [preview],
        "can_issue": preview.can_issue,
        "source_url": source_url,
        "draft_url": draft_url,
        "next": next_url,
        "cancel_url": next_url or source_url,
    }
    return TemplateResponse(request, "admin/partners/issue_confirm.html", context)


def _issue(request, issue) -> OutgoingDocument | None:
    try:
        document = issue()
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return None
    messages.success(request, _("Issued as number %(reference)s.") % {"reference": document.reference})
    return document


@require_POST
@staff_required("partners.add_correspondence")
def correspondence_reply(request, pk: int):
    """Draft the answer to an incoming letter and open it in the staff console."""
    original = get_object_or_404(Correspondence, pk=pk)
    try:
        reply = services.correspondence_reply_draft(original=original, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("admin:partners_correspondence_change", original.pk)
    messages.success(request, _("A reply was drafted: write its body, then preview and issue it."))
    return redirect("admin:partners_correspondence_change", reply.pk)
