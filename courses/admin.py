import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import record_services, services
from courses.models import (
    Attendance,
    CivilServiceRank,
    ClassSession,
    ClassTally,
    Course,
    EligibilityOverride,
    EligibilityRule,
    Nomination,
    NominationEvent,
    NominationStatus,
    OutsideTraining,
    OutsideTrainingStatus,
    PositionChange,
    RecordTotal,
    RefusedIdAttempt,
    Result,
    SeatAllotment,
    SeatMove,
    Trainee,
    TrainingClass,
    TrainingRequirement,
    YearlyRating,
    YearTotal,
    allotment_problem,
)
from courses.record_forms import OutsideTrainingAdminForm
from courses.refusals import Refusal, Refused
from partners.admin import document_tools_context, issue_document_action, preview_document_action
from partners.models import DocumentKind
from plans.budget.models import EstimateLine
from plans.models import ImportKind
from training_portal import importing
from training_portal.admin_utils import (
    ExcelAdminMixin,
    FoldedSearchMixin,
    HistoryAdmin,
    JunkSafeAdminMixin,
    KeysOnlyFormfieldsMixin,
    ReadOnlyAdmin,
    ReasonForm,
    action_with_reason,
    check_by_dry_run,
    clipped_column,
    error_text,
    form_value,
    import_summary,
    keep_stored_values,
    person_column,
    run_service_on_each,
)


def _itemised(training_class) -> bool:
    """A class whose estimate is itemised in lines (issue 16): its `budget_estimate` is theirs, not typed."""
    return EstimateLine.objects.filter(training_class_id=training_class.pk).exists()


@admin.register(CivilServiceRank)
class CivilServiceRankAdmin(HistoryAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(Course)
class CourseAdmin(HistoryAdmin):
    list_display = ["title", "code", "category", "duration_days", "length_in_periods"]
    list_filter = ["category"]
    search_fields = ["title", "code"]
    autocomplete_fields = ["category"]
    filter_horizontal = ["content_areas"]
    list_select_related = ["category"]

    @admin.display(description=gettext_lazy("length (periods)"))
    def length_in_periods(self, obj):
        return obj.length_in_periods


class AllotmentFormSet(forms.BaseInlineFormSet):
    """Checks the allotments against the class's seats before anything is saved."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        training_class = self.instance
        kept = []
        for form in self.forms:
            if not form.cleaned_data:
                continue
            removed = form.cleaned_data.get("DELETE")
            kept.append((form, 0 if removed else form.cleaned_data.get("seats") or 0, removed))
        total = sum(seats for _form, seats, _removed in kept)
        over = None
        # The rule of allotment_set (allotment_problem), on the allotments as the form would leave them.
        for form, seats, removed in kept:
            problem = allotment_problem(
                seats=seats,
                taken=form.instance.taken_seats if form.instance.pk else 0,
                total=total,
                class_seats=training_class.planned_seats or 0,
                allow_overallotment=training_class.allow_overallotment,
                class_code=training_class.code,
                agency=form.cleaned_data.get("agency") or (form.instance.agency if form.instance.pk else ""),
            )
            if problem is None:
                continue
            if problem.code == Refusal.OVER_ALLOTTED:
                over = problem
            elif removed:
                raise problem.error()
            else:
                form.add_error("seats", problem.error())
        if over is not None:
            raise over.error()


class SeatAllotmentInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = SeatAllotment
    formset = AllotmentFormSet
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "seats", "taken_seats", "deadline"]
    readonly_fields = ["taken_seats"]


class ClassSessionInline(admin.TabularInline):
    model = ClassSession
    extra = 0
    fields = ["date", "half_day", "topic", "lecturer"]


@admin.register(ClassSession)
class ClassSessionAdmin(HistoryAdmin):
    list_display = ["training_class", "date", "half_day", "topic", "lecturer"]
    list_filter = ["half_day"]
    search_fields = ["training_class__code", "topic", "lecturer"]
    autocomplete_fields = ["training_class"]
    list_select_related = ["training_class"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    """Entered on each class's attendance grid (portal:attendance) or imported from the institution's attendance sheet
    (courses.delivery_excel), shown here."""

    list_display = ["nomination", "session", "status"]
    list_filter = ["status"]
    search_fields = ["nomination__trainee__full_name", "session__training_class__code"]
    list_select_related = ["nomination__trainee", "nomination__training_class", "session"]
    excel_import = ImportKind.ATTENDANCE

    def _may_import(self, request) -> bool:
        # Marks are never edited one by one here (the grid does that), but a sheet of them is imported here.
        return request.user.has_perms(["courses.add_attendance", "courses.change_attendance"])

    def import_result_view(self, request, record_id):
        # Marks keep no history of their own to list the rows by: the summary says what the file wrote.
        if not self._may_import(request):
            raise PermissionDenied
        record = get_object_or_404(
            importing.record_model().objects.defer("plan", "error_file").select_related("by"),
            pk=record_id,
            kind=self.excel_import,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Excel import #%(id)s: %(file)s") % {"id": record.pk, "file": record.file_name},
            "record": record,
            "summary": import_summary(record) if record.applied_at else record.get_status_display(),
            "rows": [],
            "total": 0,
        }
        return TemplateResponse(request, "admin/excel/result.html", context)


@admin.register(TrainingClass)
class TrainingClassAdmin(HistoryAdmin):
    excel_import = ImportKind.CLASSES
    # What a clerk needs to find a class and open its review; the category and place are filters and the page.
    list_display = [
        "code",
        "title_clipped",
        "start_date",
        "end_date",
        "length_in_periods",
        "planned_seats",
        "allotted_seats",
        "taken_seats",
        "status",
        "review_link",
    ]
    title_clipped = clipped_column(TrainingClass, "title")
    list_filter = ["status", "mode", "target__plan__year", "target__category", "country"]
    search_fields = ["code", "title", "location"]
    autocomplete_fields = ["course", "target", "organiser", "planned_organiser", "provider", "funding_source"]
    filter_horizontal = ["target_groups", "eligible_ranks", "content_areas"]
    list_select_related = ["target__category", "course"]
    readonly_fields = ["allotted_seats", "taken_seats", "attendance_link"]
    # No date_hierarchy: over 20,000 classes its MIN/MAX and months cost more than the page (150 ms for a search),
    # and the year is a filter already.
    inlines = [SeatAllotmentInline, ClassSessionInline]
    fieldsets = [
        (None, {"fields": ["code", "title", "course", "target", "status", "attendance_link"]}),
        (
            gettext_lazy("When and where"),
            {"fields": [("start_date", "end_date"), "periods", "mode", ("location", "country")]},
        ),
        (gettext_lazy("Completion rule"), {"fields": [("min_attendance", "assessed")]}),
        (
            gettext_lazy("Seats and nominations"),
            {
                "fields": [
                    ("planned_seats", "allotted_seats", "taken_seats"),
                    "allow_overallotment",
                    ("registration_opens", "registration_closes"),
                ]
            },
        ),
        (
            gettext_lazy("Organisation and funding"),
            {
                "fields": [
                    "organiser",
                    ("planned_organiser", "organiser_since"),
                    "provider",
                    "funding_source",
                    "budget_estimate",
                ]
            },
        ),
        (gettext_lazy("Who and what"), {"fields": ["target_groups", "eligible_ranks", "content_areas"]}),
    ]

    @admin.display(description=gettext_lazy("length (periods)"))
    def length_in_periods(self, obj):
        return obj.length_in_periods

    @admin.display(description=gettext_lazy("attendance"))
    def attendance_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("portal:attendance", args=[obj.pk]),
            _("Attendance grid"),
            reverse("portal:results", args=[obj.pk]),
            _("Results grid"),
        )

    @admin.display(description=gettext_lazy("nominations"))
    def review_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("portal:review", args=[obj.pk]), _("Review"))

    @admin.display(description=gettext_lazy("category"), ordering="target__category__order")
    def category(self, obj):
        category = obj.target.category
        return category.label or category.name

    # Official documents of a class: the decision sending its approved nominees, the recruitment notice.
    actions = ["preview_decision", "issue_decision", "preview_notice", "issue_notice"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        kinds = [(DocumentKind.CLASS_DECISION, _("Decision")), (DocumentKind.RECRUITMENT_NOTICE, _("Notice"))]
        context = document_tools_context(self.get_object(request, object_id), kinds, extra_context)
        return super().change_view(request, object_id, form_url, context)

    @admin.action(description=gettext_lazy("Preview the decision sending the approved nominees"))
    def preview_decision(self, request, queryset):
        return preview_document_action(self, request, queryset, DocumentKind.CLASS_DECISION)

    @admin.action(description=gettext_lazy("Issue the decision sending the approved nominees"))
    def issue_decision(self, request, queryset):
        return issue_document_action(self, request, queryset, DocumentKind.CLASS_DECISION)

    @admin.action(description=gettext_lazy("Preview the recruitment notice"))
    def preview_notice(self, request, queryset):
        return preview_document_action(self, request, queryset, DocumentKind.RECRUITMENT_NOTICE)

    @admin.action(description=gettext_lazy("Issue the recruitment notice"))
    def issue_notice(self, request, queryset):
        return issue_document_action(self, request, queryset, DocumentKind.RECRUITMENT_NOTICE)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and _itemised(obj):
            fields.append("budget_estimate")  # issue 16: the sum of its estimate lines, kept by plans.budget.services
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            # The seat counters are shown, not edited, but a save writes the whole row: take them from the locked
            # row, or a nomination made while the page was open would be counted away. The same for an itemised
            # class's estimate (issue 16): a line changed meanwhile has written it.
            keep_stored_values(
                obj,
                lambda stored: ("allotted_seats", "taken_seats", *(["budget_estimate"] if _itemised(stored) else [])),
            )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not SeatAllotment:
            return super().save_formset(request, form, formset, change)
        # Allotments go through the service, which re-checks the seats on a locked class row.
        changes = []
        for inline_form in formset.forms:
            data = inline_form.cleaned_data
            if not data or (not inline_form.has_changed() and not data.get("DELETE")):
                continue
            seats = 0 if data.get("DELETE") else data["seats"]
            changes.append((seats - (inline_form.initial.get("seats") or 0), seats, data))
        # Seats given up first, then seats taken: moving seats between agencies of a full class must not pass
        # through a moment with more seats allotted than the class has.
        changes.sort(key=lambda change: change[0])
        with transaction.atomic():
            for _delta, seats, data in changes:
                services.allotment_set(
                    training_class=form.instance,
                    agency=data["agency"],
                    seats=seats,
                    deadline=data.get("deadline"),
                    by=request.user,
                )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class SeatAllotmentForm(forms.ModelForm):
    class Meta:
        model = SeatAllotment
        fields = ["training_class", "agency", "seats", "deadline"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_by_dry_run(
            services.allotment_set,
            training_class=form_value(self, "training_class"),
            agency=form_value(self, "agency"),
            seats=cleaned["seats"],
        )
        return cleaned

    def validate_unique(self):
        # Setting the seats of an existing (class, agency) pair changes that allotment.
        pass


@admin.register(SeatAllotment)
class SeatAllotmentAdmin(HistoryAdmin):
    excel_import = ImportKind.ALLOTMENTS
    form = SeatAllotmentForm
    list_display = ["training_class_clipped", "agency_clipped", "seats", "taken_seats"]
    training_class_clipped = clipped_column(SeatAllotment, "training_class", ordering="training_class__code")
    agency_clipped = clipped_column(SeatAllotment, "agency", ordering="agency__name")
    list_filter = ["training_class__target__plan__year", "training_class__status"]
    search_fields = ["training_class__code", "training_class__title", "agency__name"]
    autocomplete_fields = ["training_class", "agency"]
    list_select_related = ["training_class", "agency"]
    readonly_fields = ["taken_seats"]

    def get_readonly_fields(self, request, obj=None):
        return ["taken_seats", "training_class", "agency"] if obj else ["taken_seats"]

    def save_model(self, request, obj, form, change):
        saved = services.allotment_set(
            training_class=obj.training_class,
            agency=obj.agency,
            seats=form.cleaned_data["seats"],
            deadline=form.cleaned_data.get("deadline"),
            by=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        try:
            services.allotment_delete(allotment=obj)
        except ValidationError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class YearlyRatingInline(admin.TabularInline):
    model = YearlyRating
    extra = 0
    fields = ["year", "rating"]
    ordering = ["-year"]


class EligibilityOverrideInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = EligibilityOverride
    fk_name = "trainee"
    extra = 0
    fields = ["rule", "training_class", "applies_to", "reason", "decided_by_name", "decided_at"]
    readonly_fields = ["decided_by_name", "decided_at"]
    autocomplete_fields = ["training_class"]
    decided_by_name = person_column(EligibilityOverride, "decided_by")
    verbose_name_plural = gettext_lazy("Exceptions to the rules of eligibility")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "reason":  # a row of the person's record, not a page: a short box
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 36})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Trainee)
class TraineeAdmin(HistoryAdmin):
    excel_import = ImportKind.TRAINEES
    list_display = [
        "full_name",
        "personal_id",
        "date_of_birth",
        "agency_clipped",
        "position_clipped",
        "rank",
        "record_link",
    ]
    agency_clipped = clipped_column(Trainee, "agency", ordering="agency__name")
    position_clipped = clipped_column(Trainee, "position")
    list_filter = ["gender", "leadership_level", "political_theory_level", "target_group", "rank"]
    search_fields = ["full_name", "personal_id", "email"]
    autocomplete_fields = ["agency", "rank", "target_group"]
    list_select_related = ["agency", "rank"]
    readonly_fields = ["record_link"]

    # The person's record (courses/record_views.py): every class and training, totals per year, position history.
    @admin.display(description=gettext_lazy("training record"))
    def record_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("portal:staff_record", args=[obj.pk]), _("Training record"))

    # Eligibility: the person's yearly ratings and the exceptions staff recorded for them (on the person's record).
    inlines = [YearlyRatingInline, EligibilityOverrideInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is EligibilityOverride:
            for override in formset.save(commit=False):
                if override.decided_by_id is None:
                    override.decided_by = request.user
                override.save()
            for gone in formset.deleted_objects:
                gone.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


class NominationAddForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["trainee", "training_class"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_by_dry_run(
            services.nomination_submit, trainee=cleaned["trainee"], training_class=cleaned["training_class"]
        )
        return cleaned

    def validate_unique(self):
        pass


class NominationChangeForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["status", "reason"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status and status != self.instance.status:
            allowed = services.NOMINATION_TRANSITIONS[self.instance.status] | {self.instance.status}
            if status not in allowed:
                self.add_error(
                    "status",
                    Refused(
                        Refusal.ILLEGAL_TRANSITION,
                        current=self.instance.get_status_display(),
                        target=NominationStatus(status).label,
                    ),
                )
            if (
                status in (NominationStatus.REJECTED, NominationStatus.WITHDRAWN)
                and not cleaned.get("reason", "").strip()
            ):
                self.add_error("reason", Refused(Refusal.REASON_TO_REFUSE))
            if status == NominationStatus.COMPLETED:
                try:  # the completion rule (attendance, and a passing result where assessed): else a reason
                    services.completion_check(self.instance, cleaned.get("reason", ""))
                except ValidationError as exc:
                    self.add_error("reason", exc)
        return cleaned


@admin.register(Nomination)
class NominationAdmin(HistoryAdmin):
    excel_import = ImportKind.NOMINATIONS
    # Status, agency and date on screen at 1366 px; the place on the waiting list is shown with the status.
    list_display = ["trainee", "training_class_clipped", "agency_clipped", "status_display", "nominated_at"]
    training_class_clipped = clipped_column(Nomination, "training_class", ordering="training_class__code")
    agency_clipped = clipped_column(Nomination, "agency", ordering="agency__name")
    list_filter = ["status", "training_class__target__plan__year", "training_class__target__category"]
    search_fields = ["trainee__full_name", "trainee__personal_id", "training_class__code", "agency__name"]
    autocomplete_fields = ["trainee", "training_class"]
    list_select_related = ["trainee", "training_class", "agency"]
    # Newest first, read backwards along the primary key: the model's order (class, then the trainee's name) sorts
    # a million rows through a join before the first page, and again for every page deep into the list.
    ordering = ["-pk"]
    readonly_fields = [
        "trainee",
        "training_class",
        "agency",
        "waitlist_rank",
        "nominated_by_name",
        "nominated_at",
        "decided_by_name",
        "decided_at",
    ]
    actions = ["approve", "reject", "withdraw", "record_attendance", "record_completed", "record_failed"]
    nominated_by_name = person_column(Nomination, "nominated_by")
    decided_by_name = person_column(Nomination, "decided_by")

    @admin.display(description=Nomination._meta.get_field("status").verbose_name, ordering="status")
    def status_display(self, obj):
        if obj.waitlist_rank:
            return f"{obj.get_status_display()} #{obj.waitlist_rank}"
        return obj.get_status_display()

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = NominationChangeForm if obj else NominationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["trainee", "training_class"]
        return [
            "trainee",
            "training_class",
            "agency",
            "status",
            "waitlist_rank",
            "reason",
            "nominated_by_name",
            "nominated_at",
            "decided_by_name",
            "decided_at",
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            saved = services.nomination_submit(trainee=obj.trainee, training_class=obj.training_class, by=request.user)
            obj.pk = saved.pk
            return
        new_status = form.cleaned_data["status"]
        reason = form.cleaned_data.get("reason", "")
        current = Nomination.objects.get(pk=obj.pk)
        if new_status != current.status:
            services.nomination_change_status(nomination=current, to_status=new_status, by=request.user, reason=reason)
        elif reason != current.reason:
            Nomination.objects.filter(pk=obj.pk).update(reason=reason)

    @admin.action(description=gettext_lazy("Approve the selected nominations"))
    def approve(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda n, by: services.nomination_approve(nomination=n, by=by),
            _("%(count)s nomination(s) approved."),
        )

    @admin.action(description=gettext_lazy("Reject the selected nominations…"))
    def reject(self, request, queryset):
        return action_with_reason(
            self,
            request,
            queryset,
            title=_("Why are these nominations rejected?"),
            service=lambda n, by, reason: services.nomination_reject(nomination=n, by=by, reason=reason),
            success_message=_("%(count)s nomination(s) rejected."),
        )

    @admin.action(description=gettext_lazy("Withdraw the selected nominations…"))
    def withdraw(self, request, queryset):
        return action_with_reason(
            self,
            request,
            queryset,
            title=_("Why are these nominations withdrawn?"),
            service=lambda n, by, reason: services.nomination_withdraw(nomination=n, by=by, reason=reason),
            success_message=_("%(count)s nomination(s) withdrawn."),
        )

    @admin.action(description=gettext_lazy("Record attendance"))
    def record_attendance(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda n, by: services.nomination_record_attendance(nomination=n, by=by),
            _("Attendance recorded for %(count)s nomination(s)."),
        )

    @admin.action(description=gettext_lazy("Record as completed"))
    def record_completed(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda n, by: services.nomination_record_result(nomination=n, completed=True, by=by),
            _("%(count)s nomination(s) recorded as completed."),
        )

    @admin.action(description=gettext_lazy("Record as not completed"))
    def record_failed(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda n, by: services.nomination_record_result(nomination=n, completed=False, by=by),
            _("%(count)s nomination(s) recorded as not completed."),
        )


@admin.register(NominationEvent)
class NominationEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "nomination", "kind", "from_status", "to_status", "by_name", "reason"]
    list_filter = ["kind", "to_status"]
    search_fields = ["nomination__trainee__full_name", "nomination__training_class__code", "reason"]
    list_select_related = ["nomination__trainee", "nomination__training_class", "by"]
    date_hierarchy = "at"
    by_name = person_column(NominationEvent, "by")


@admin.register(SeatMove)
class SeatMoveAdmin(ReadOnlyAdmin):
    list_display = ["at", "training_class", "from_agency", "to_agency", "seats", "by_name", "reason"]
    search_fields = ["training_class__code", "from_agency__name", "to_agency__name", "reason"]
    list_select_related = ["training_class", "from_agency", "to_agency", "by"]
    date_hierarchy = "at"
    by_name = person_column(SeatMove, "by")


@admin.register(ClassTally)
class ClassTallyAdmin(ReadOnlyAdmin):
    """Kept by database triggers: shown to check the dashboard's figures, never edited."""

    list_display = ["training_class_clipped", "nominated", "approved", "attended", "completed", "failed"]
    training_class_clipped = clipped_column(ClassTally, "training_class", ordering="training_class__code")
    search_fields = ["training_class__code", "training_class__title"]
    list_select_related = ["training_class"]


@admin.register(RecordTotal)
class RecordTotalAdmin(ReadOnlyAdmin):
    """Kept by database triggers from what counts on people's records: shown to check the lists of who is behind."""

    list_display = ["trainee", "year", "course_id", "category_id", "periods", "days", "items"]
    list_filter = ["year"]
    search_fields = ["trainee__full_name", "trainee__personal_id"]
    list_select_related = ["trainee"]


@admin.register(YearTotal)
class YearTotalAdmin(ReadOnlyAdmin):
    """Kept by database triggers: each person's periods counted in a year."""

    list_display = ["trainee", "year", "periods", "days"]
    list_filter = ["year"]
    search_fields = ["trainee__full_name", "trainee__personal_id"]
    list_select_related = ["trainee"]


class ResolutionForm(ReasonForm):
    reason = forms.CharField(
        label=gettext_lazy("How was it resolved?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy(
            "E.g. the person moved to the agency, or the number was mistyped. Kept with the attempt; "
            "not shown to the agency."
        ),
    )


class ResolvedFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "resolved"

    def lookups(self, request, model_admin):
        return [("no", gettext_lazy("To resolve")), ("yes", gettext_lazy("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(resolved_at__isnull=self.value() == "no")
        return queryset


@admin.register(RefusedIdAttempt)
class RefusedIdAttemptAdmin(JunkSafeAdminMixin, FoldedSearchMixin, ExcelAdminMixin, admin.ModelAdmin):
    """ID numbers a focal point could not add because another agency's staff list holds them: recorded by
    courses.services.new_person_problem, read only; staff mark one resolved with a note (the action)."""

    list_display = ["at", "agency", "masked_id", "holder_agency", "by", "is_resolved", "resolved_by"]
    list_filter = [
        ResolvedFilter,
        ("agency", admin.RelatedOnlyFieldListFilter),
        ("holder_agency", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["agency", "holder_agency", "by", "resolved_by"]
    search_fields = ["=personal_id", "agency__name", "agency__code", "holder__full_name"]
    search_help_text = gettext_lazy("Search by the whole ID number, an agency or the person's name.")
    date_hierarchy = "at"
    fields = [
        "at",
        "by",
        "agency",
        "personal_id",
        "holder",
        "holder_agency",
        "resolved_at",
        "resolved_by",
        "resolution_note",
    ]
    readonly_fields = fields
    actions = ["resolve"]
    list_per_page = 50

    @admin.display(description=gettext_lazy("ID number"), ordering="personal_id")
    def masked_id(self, obj):
        return obj.masked_personal_id

    @admin.display(description=gettext_lazy("resolved"), boolean=True, ordering="resolved_at")
    def is_resolved(self, obj):
        return obj.resolved_at is not None

    def has_add_permission(self, request):
        return False  # recorded by the portal's refusals only

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The action needs it; a single attempt's page stays read only (resolved through the action, with a note).
        return obj is None and super().has_change_permission(request)

    @admin.action(description=gettext_lazy("Mark resolved, with a note…"), permissions=["change"])
    def resolve(self, request, queryset):
        return action_with_reason(
            self,
            request,
            queryset,
            title=_("How were these attempts resolved?"),
            service=lambda attempt, by, reason: services.refused_attempt_resolve(attempt=attempt, note=reason, by=by),
            success_message=_("%(count)s attempt(s) marked resolved."),
            form_class=ResolutionForm,
        )


# --- results, training outside the plan, position history (issue: the second half of the training year) ---------


@admin.register(Result)
class ResultAdmin(HistoryAdmin):
    """Results (kết quả học tập): entered on each class's results grid (portal:results) or imported from the
    institution's result sheet (courses.delivery_excel)."""

    excel_import = ImportKind.RESULTS
    list_display = ["nomination", "score", "grade", "certificate_kind", "certificate_number", "certificate_date"]
    list_filter = ["grade", "certificate_kind"]
    search_fields = ["nomination__trainee__full_name", "nomination__training_class__code", "certificate_number"]
    autocomplete_fields = ["nomination"]
    list_select_related = ["nomination__trainee", "nomination__training_class"]


class AwaitingVerificationFilter(admin.SimpleListFilter):
    title = gettext_lazy("verification")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [("awaiting", gettext_lazy("Awaiting verification")), ("decided", gettext_lazy("Decided"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(status=OutsideTrainingStatus.SUBMITTED)
        if self.value() == "decided":
            return queryset.exclude(status=OutsideTrainingStatus.SUBMITTED)
        return queryset


class RefuseRecordForm(ReasonForm):
    reason = forms.CharField(
        label=gettext_lazy("Why is it not accepted?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Shown to the agency on the person's record."),
    )


@admin.register(OutsideTraining)
class OutsideTrainingAdmin(HistoryAdmin):
    """Training outside the plan, recorded by the agencies with its evidence: staff verify or refuse it (actions)."""

    form = OutsideTrainingAdminForm
    list_display = ["trainee", "title", "organiser", "end_date", "periods", "status", "evidence_link"]
    list_filter = [AwaitingVerificationFilter, "status", "kind"]
    search_fields = ["trainee__full_name", "title", "organiser"]
    autocomplete_fields = ["trainee", "agency", "category"]
    list_select_related = ["trainee"]
    # Verified or refused through the actions only (a service, a reason to refuse): never by editing the status.
    readonly_fields = [
        "evidence_link",
        "status",
        "staff_note",
        "recorded_by",
        "recorded_at",
        "checked_by",
        "checked_at",
    ]
    actions = ["verify", "refuse"]

    @admin.display(description=gettext_lazy("evidence"))
    def evidence_link(self, obj):
        if obj is None or obj.pk is None or not obj.evidence:
            return "–"
        # Through the view that checks who asks: evidence is never a /media/ address.
        return format_html('<a href="{}">{}</a>', reverse("portal:staff_evidence", args=[obj.pk]), _("Open"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
            if obj.evidence and hasattr(obj.evidence.file, "content_type"):
                obj.evidence.name = f"{uuid.uuid4().hex}.{record_services.evidence_kind(obj.evidence.file)}"
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Verify the selected training (it counts)"), permissions=["change"])
    def verify(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda record, by: record_services.outside_training_verify(record=record, by=by),
            _("%(count)s training record(s) verified."),
        )

    @admin.action(description=gettext_lazy("Refuse the selected training, with a reason…"), permissions=["change"])
    def refuse(self, request, queryset):
        return action_with_reason(
            self,
            request,
            queryset,
            title=_("Why is this training not accepted?"),
            service=lambda record, by, reason: record_services.outside_training_refuse(
                record=record, by=by, reason=reason
            ),
            success_message=_("%(count)s training record(s) not accepted."),
            form_class=RefuseRecordForm,
        )


class PositionChangeAddForm(forms.ModelForm):
    class Meta:
        model = PositionChange
        fields = ["trainee", "kind", "date", "leadership_level", "rank", "agency", "position", "decision"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_by_dry_run(
            record_services.position_change_record,
            **{name: cleaned.get(name) for name in ("trainee", "kind", "date", "rank", "agency")},
            **{name: cleaned.get(name) or "" for name in ("leadership_level", "position", "decision")},
        )
        return cleaned

    def validate_unique(self):
        pass  # the service says it in words (POSITION_SAME_DAY)


@admin.register(PositionChange)
class PositionChangeAdmin(HistoryAdmin):
    """A person's appointments and ranks; a new one goes through `position_change_record`, which keeps the person's
    current leadership level and rank in step."""

    list_display = ["trainee", "kind", "date", "leadership_level", "rank", "agency"]
    list_filter = ["kind", "leadership_level"]
    search_fields = ["trainee__full_name", "position", "decision"]
    autocomplete_fields = ["trainee", "rank", "agency"]
    list_select_related = ["trainee", "rank", "agency"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = record_services.position_change_record(
            trainee=obj.trainee,
            kind=obj.kind,
            date=obj.date,
            leadership_level=obj.leadership_level,
            rank=obj.rank,
            agency=obj.agency,
            position=obj.position,
            decision=obj.decision,
        )
        obj.pk = saved.pk

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PositionChangeAddForm
        return super().get_form(request, obj, change=change, **kwargs)


# Postgraduate places, service commitments and reimbursement (issue 15): their console is its own module.
from courses import place_admin  # noqa: E402, F401

# --- who is behind: the training requirements (courses/compliance.py) --------------------------------------------


@admin.register(TrainingRequirement)
class TrainingRequirementAdmin(HistoryAdmin):
    list_display = ["name", "code", "deadline", "months", "periods", "course", "category", "rank", "leadership_level",
                    "article", "active", "behind_link"]  # fmt: skip
    list_filter = ["deadline", "active", "leadership_level"]
    search_fields = ["name", "code", "article"]
    autocomplete_fields = ["target_group", "rank", "course", "category", "legal_document"]
    list_select_related = ["course", "category", "rank"]

    @admin.display(description=gettext_lazy("who is behind"))
    def behind_link(self, obj):
        return format_html(
            '<a href="{}?requirement={}">{}</a>', reverse("dashboard:compliance_people"), obj.pk, _("List")
        )


# --- eligibility as data (courses/eligibility.py) ----------------------------------------------------------------


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(HistoryAdmin):
    list_display = ["rule", "applies_to", "number", "level", "min_days", "max_days", "basis_clipped", "active"]
    basis_clipped = clipped_column(EligibilityRule, "legal_basis")
    list_filter = ["applies_to", "rule", "active"]
    search_fields = ["legal_basis", "verification"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(YearlyRating)
class YearlyRatingAdmin(HistoryAdmin):
    list_display = ["trainee", "year", "rating"]
    list_filter = ["rating", "year"]
    search_fields = ["trainee__full_name", "trainee__personal_id"]
    autocomplete_fields = ["trainee"]
    list_select_related = ["trainee"]


@admin.register(EligibilityOverride)
class EligibilityOverrideAdmin(HistoryAdmin):
    list_display = [
        "trainee",
        "rule",
        "training_class",
        "applies_to",
        "reason_clipped",
        "decided_by_name",
        "decided_at",
    ]
    reason_clipped = clipped_column(EligibilityOverride, "reason")
    decided_by_name = person_column(EligibilityOverride, "decided_by")
    list_filter = ["rule", "applies_to"]
    search_fields = ["trainee__full_name", "trainee__personal_id", "training_class__code", "reason"]
    autocomplete_fields = ["trainee", "training_class"]
    list_select_related = ["trainee", "training_class", "decided_by"]
    fields = ["trainee", "rule", "training_class", "applies_to", "reason", "decided_by_name", "decided_at"]
    readonly_fields = ["decided_by_name", "decided_at"]

    def save_model(self, request, obj, form, change):
        if obj.decided_by_id is None:
            obj.decided_by = request.user  # who decided: the staff member who records the exception
        super().save_model(request, obj, form, change)
