"""Certificates the department issues itself: the staff's pages (a class's certificates, issuing them after a
confirmation, one PDF for the class or for one person, revoking one) and the public verification page.

Thin: parse, call a service or selector, render. The staff's pages are behind their permission
(`plans.access.staff_required`); the verification page is public and shows only what a certificate prints, never the
holder's ID number or date of birth.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from courses.models import TrainingClass
from partners.certificates import pdf, selectors, services
from partners.models import Certificate
from plans.access import NO_PERMISSION, staff_required
from training_portal.admin_utils import error_text
from training_portal.logins import client_ip

VIEW_PERMISSION = "partners.view_certificate"
ISSUE_PERMISSION = "partners.add_certificate"
REVOKE_PERMISSION = "partners.change_certificate"


def _pdf_response(rendered, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.mimetype)
    response.headers["Content-Disposition"] = content_disposition_header(attachment, rendered.filename)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- staff ---------------------------------------------------------------------------------------------------------


class IssueDateForm(forms.Form):
    issued_on = forms.DateField(
        label=gettext_lazy("Date on the certificates"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=gettext_lazy("dd/mm/yyyy; empty: today."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required(VIEW_PERMISSION)
def class_certificates(request, pk: int):
    """A class's certificates: who gets one now, with which number, who holds one and who cannot, then a POST with
    `confirm=yes` (and the permission to issue) issues them all under consecutive numbers."""
    training_class = get_object_or_404(TrainingClass.objects.select_related("course"), pk=pk)
    form = IssueDateForm(request.POST or request.GET or None)
    day = form.cleaned_data.get("issued_on") if form.is_valid() else None
    if request.method == "POST" and request.POST.get("confirm") == "yes" and form.is_valid():
        if not request.user.has_perm(ISSUE_PERMISSION):
            messages.error(request, str(NO_PERMISSION))
        else:
            try:
                issued = services.certificates_issue(training_class=training_class, by=request.user, on=day)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(
                    request,
                    _("%(count)s certificate(s) issued, numbers %(first)s to %(last)s.")
                    % {"count": len(issued), "first": issued[0].reference, "last": issued[-1].reference},
                )
        return redirect("partners:class_certificates", pk=training_class.pk)
    plan = services.issue_plan(training_class=training_class, on=day if isinstance(day, datetime.date) else None)
    issued = list(selectors.class_certificates(training_class, valid_only=False).select_related("revoked_by"))
    context = {
        **admin.site.each_context(request),
        "title": _("Certificates of %(class)s") % {"class": training_class},
        "training_class": training_class,
        "plan": plan,
        "form": form,
        "numbers": [(c, plan.reference(plan.first_number + i)) for i, c in enumerate(plan.to_issue)]
        if plan.can_issue
        else [],
        "issued": issued,
        "valid_count": sum(1 for certificate in issued if not certificate.is_revoked),
        "can_issue": plan.can_issue and request.user.has_perm(ISSUE_PERMISSION),
        "class_url": reverse("admin:courses_trainingclass_change", args=[training_class.pk]),
    }
    return TemplateResponse(request, "admin/partners/class_certificates.html", context)


@require_safe
@staff_required(VIEW_PERMISSION)
def class_certificates_pdf(request, pk: int):
    """Every certificate in force of the class in one PDF, a page each, in the order of their numbers."""
    training_class = get_object_or_404(TrainingClass, pk=pk)
    certificates = list(selectors.class_certificates(training_class).select_related("issuing_agency__parent"))
    if not certificates:
        raise Http404
    return _pdf_response(pdf.class_certificates_pdf(training_class.code, certificates))


@require_safe
@staff_required(VIEW_PERMISSION)
def certificate_pdf(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("issuing_agency__parent"), pk=pk)
    return _pdf_response(pdf.certificate_pdf(certificate))


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Kept in the register with who revoked it and when."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required(REVOKE_PERMISSION)
def certificate_revoke(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("nomination"), pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Certificate %(reference)s is revoked.") % {"reference": certificate.reference})
            return redirect("partners:class_certificates", pk=certificate.nomination.training_class_id)
    context = {
        **admin.site.each_context(request),
        "title": _("Revoke certificate %(reference)s") % {"reference": certificate.reference},
        "certificate": certificate,
        "form": form,
        "back_url": reverse("partners:class_certificates", args=[certificate.nomination.training_class_id]),
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "admin/partners/certificate_revoke.html", context, status=status)


# --- the public verification page ----------------------------------------------------------------------------------


class LookupForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Certificate number"),
        max_length=selectors.MAX_LOOKUP_LENGTH,
        help_text=gettext_lazy("As printed after “Số:”, e.g. 0012/2026/GCN-SNV."),
    )
    name = forms.CharField(
        label=gettext_lazy("Holder's full name"),
        max_length=selectors.MAX_LOOKUP_LENGTH,
        help_text=gettext_lazy("As printed on the certificate; capitals and accents do not matter."),
    )


def _over_the_limit(request) -> bool:
    """One more look-up by this address; True past CERTIFICATE_LOOKUPS_PER_HOUR in the hour (counted in the cache)."""
    key = f"certificate-lookups:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.CERTIFICATE_LOOKUPS_PER_HOUR


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """Type a certificate's number and its holder's name: the certificate, or a plain "no certificate matches", the
    same answer whether the number exists with another name or not at all."""
    form = LookupForm(request.POST or None)
    context = {"form": form, "searched": False, "certificate": None}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "certificates/verify.html", context, status=400)
        if _over_the_limit(request):  # counted once the form is complete: only a look-up reads the register
            return render(request, "certificates/verify.html", {**context, "throttled": True}, status=429)
        context["searched"] = True
        context["certificate"] = selectors.certificate_by_number(form.cleaned_data["number"], form.cleaned_data["name"])
    return render(request, "certificates/verify.html", context)


@never_cache
@require_safe
def verify_code(request, code: str):
    """The address printed under a certificate's QR code."""
    certificate = selectors.certificate_by_code(code)
    context = {"form": LookupForm(), "searched": True, "certificate": certificate, "by_code": True}
    return render(request, "certificates/verify.html", context, status=200 if certificate else 404)
