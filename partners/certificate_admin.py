"""The console of the certificates the department issues itself: the classes it certifies, the registers and every
certificate issued (read only: certificates are issued and revoked on a class's certificates page, through the
services, never edited)."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import CertificateKind, TrainingClass
from partners.models import Certificate, CertificateRegister, ClassCertification
from training_portal.admin_utils import ExcelAdminMixin, FoldedSearchMixin, HistoryAdmin, JunkSafeAdminMixin


def class_certificates_link(training_class_id) -> str:
    url = reverse("partners:class_certificates", args=[training_class_id])
    return format_html('<a href="{}">{}</a>', url, _("Certificates"))


@admin.register(ClassCertification)
class ClassCertificationAdmin(HistoryAdmin):
    list_display = ["training_class", "issuing_agency", "kind", "certificates"]
    list_filter = ["kind"]
    search_fields = ["training_class__code", "training_class__title", "issuing_agency__name"]
    autocomplete_fields = ["training_class", "issuing_agency"]
    list_select_related = ["training_class", "issuing_agency"]

    @admin.display(description=gettext_lazy("certificates"))
    def certificates(self, obj):
        return class_certificates_link(obj.training_class_id)

    def get_changeform_initial_data(self, request):
        """From a class's certificates page: that class, issued by its organiser, as an attestation."""
        initial = super().get_changeform_initial_data(request)
        pk = str(initial.get("training_class", ""))
        found = TrainingClass.objects.filter(pk=pk).first() if pk.isdigit() and len(pk) < 18 else None
        if found is None:
            initial.pop("training_class", None)
            return initial
        initial.setdefault("issuing_agency", found.organiser_id)
        initial.setdefault("kind", CertificateKind.ATTESTATION)
        return initial

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("partners:class_certificates", args=[obj.training_class_id]))


@admin.register(CertificateRegister)
class CertificateRegisterAdmin(JunkSafeAdminMixin, FoldedSearchMixin, ExcelAdminMixin, admin.ModelAdmin):
    """The counters of the certificate registers, kept by the issuing service: shown, never edited or deleted."""

    list_display = ["issuing_agency", "year", "last_number"]
    list_filter = ["year"]
    search_fields = ["issuing_agency__name"]
    list_select_related = ["issuing_agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(HistoryAdmin):
    list_display = ["reference", "holder_name", "class_code", "issued_on", "kind", "in_force", "pdf"]
    list_filter = ["kind", "year", ("revoked_at", admin.EmptyFieldListFilter), "issuing_agency"]
    search_fields = ["reference", "holder_name", "class_code", "class_title"]
    list_select_related = ["issuing_agency"]
    exclude = ["holder_birth_date"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("in force"), boolean=True)
    def in_force(self, obj):
        return not obj.is_revoked

    @admin.display(description="PDF")
    def pdf(self, obj):
        return format_html('<a href="{}">PDF</a>', reverse("partners:certificate_pdf", args=[obj.pk]))
