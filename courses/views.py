"""The agency portal (/portal/) and the staff review page. Views only parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses import excel, selectors, services
from courses.forms import (
    AttendanceGridForm,
    ClassFilterForm,
    NewTraineeForm,
    NominateForm,
    NominationFilterForm,
    ReasonForm,
    ReleaseForm,
    ReviewForm,
    TransferForm,
    UploadForm,
    WaitlistMoveForm,
)
from courses.models import Nomination, NominationStatus, TrainingClass
from courses.resources import NominationExporter, TraineeExporter
from plans import access
from plans.models import Agency
from training_portal.spreadsheets import SpreadsheetError, xlsx_response
from training_portal.views import redirect_back


@require_POST
@access.focal_point_required
def switch_agency(request, agency):
    access.act_for(request, request.POST.get("agency"))
    return redirect_back(request, reverse("portal:class_list"))


@require_safe
@access.focal_point_required
def class_list(request, agency):
    form = ClassFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    classes = selectors.classes_open_to(
        agency,
        category_id=filters.get("category").pk if filters.get("category") else None,
        quarter=filters.get("quarter"),
        status=filters.get("status") or None,
        search=filters.get("q", ""),
    )
    page = Paginator(classes, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/class_list.html",
        {"agency": agency, "form": form, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


@require_safe
@access.focal_point_required
def class_detail(request, agency, pk):
    training_class = selectors.class_for_agency(agency, pk)
    search = request.GET.get("q", "").strip()[:100]  # a NUL never gets here: RefuseNulMiddleware
    today = timezone.localdate()
    return render(
        request,
        "portal/class_detail.html",
        {
            "agency": agency,
            "training_class": training_class,
            "window": selectors.window_state(training_class, training_class.agency_deadline, today),
            "nominations": selectors.nominations_of([agency], class_id=training_class.pk),
            "candidates": selectors.candidates_for(agency, training_class, search=search),
            "search": search,
            "new_form": NewTraineeForm(),
            "target_groups": list(training_class.target_groups.all()),
        },
    )


def _report(request, nomination: Nomination) -> None:
    if nomination.status == NominationStatus.WAITLISTED:
        messages.warning(
            request,
            _(
                "No seat is left: %(name)s is number %(rank)s on the waiting list "
                "and will be nominated when a seat frees."
            )
            % {"name": nomination.trainee.full_name, "rank": nomination.waitlist_rank},
        )
    else:
        messages.success(request, _("%(name)s is nominated.") % {"name": nomination.trainee.full_name})


@require_POST
@access.focal_point_required
def nominate(request, agency, pk):
    training_class = selectors.class_for_agency(agency, pk, figures=False)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person to nominate."))
        return redirect("portal:class_detail", pk=training_class.pk)
    trainee = get_object_or_404(agency.trainees, pk=form.cleaned_data["trainee"])
    try:
        nomination = services.nomination_submit(
            trainee=trainee,
            training_class=training_class,
            by=request.user,
            enforce_window=True,
            waitlist_if_full=form.cleaned_data["waitlist"],
        )
    except ValidationError as exc:
        messages.error(request, f"{trainee.full_name}: {' '.join(exc.messages)}")
    else:
        _report(request, nomination)
    return redirect("portal:class_detail", pk=training_class.pk)


@require_POST
@access.focal_point_required
def nominate_new(request, agency, pk):
    training_class = selectors.class_for_agency(agency, pk)
    form = NewTraineeForm(request.POST, training_class=training_class, agency=agency, by=request.user)
    if form.is_valid():
        try:
            with transaction.atomic():
                trainee = form.save(commit=False)
                trainee.agency = agency
                trainee.save()
                nomination = services.nomination_submit(
                    trainee=trainee,
                    training_class=training_class,
                    by=request.user,
                    enforce_window=True,
                    waitlist_if_full=form.cleaned_data["waitlist"],
                )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        except IntegrityError:  # the same person saved by a request that passed the form's check at the same time
            form.add_error(
                "personal_id",
                _(
                    "This person has just been added to a staff list (a double click?): look for them in your list; "
                    "if they are not there, contact the Department of Home Affairs."
                ),
            )
        else:
            _report(request, nomination)
            return redirect("portal:class_detail", pk=training_class.pk)
    return render(
        request,
        "portal/class_detail.html",
        {
            "agency": agency,
            "training_class": training_class,
            "window": selectors.window_state(training_class, training_class.agency_deadline, timezone.localdate()),
            "nominations": selectors.nominations_of([agency], class_id=training_class.pk),
            "candidates": selectors.candidates_for(agency, training_class),
            "new_form": form,
            "target_groups": list(training_class.target_groups.all()),
        },
        status=400,
    )


JUST_NOMINATED = "portal_upload_nominated"  # session key: the nominations the last upload made


@require_http_methods(["GET", "HEAD", "POST"])
@access.focal_point_required
def upload(request, agency, pk):
    training_class = selectors.class_for_agency(agency, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = excel.import_nominees(
                uploaded=form.cleaned_data["file"],
                training_class=training_class,
                agency=agency,
                by=request.user,
                waitlist=form.cleaned_data["waitlist"],
            )
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
            status = 400
        else:
            if outcome.ok:
                # Shown on the next page (GET): the people this file nominated, whatever a reload does.
                request.session[JUST_NOMINATED] = {
                    "class": training_class.pk,
                    "ids": [n.pk for n in outcome.nominated + outcome.waitlisted],
                }
                messages.success(
                    request,
                    _(
                        "%(nominated)s people nominated, %(waiting)s on the waiting list "
                        "(%(new)s added to your staff list)."
                    )
                    % {
                        "nominated": len(outcome.nominated),
                        "waiting": len(outcome.waitlisted),
                        "new": outcome.created_trainees,
                    },
                )
                return redirect("portal:upload", pk=training_class.pk)
            status = 400
    elif request.method == "POST":
        status = 400
    just = request.session.pop(JUST_NOMINATED, None) if request.method != "POST" else None
    nominated = None
    if just and just["class"] == training_class.pk:
        nominated = selectors.nominations_of([agency], class_id=training_class.pk).filter(pk__in=just["ids"])
    return render(
        request,
        "portal/upload.html",
        {
            "agency": agency,
            "training_class": training_class,
            "form": form,
            "outcome": outcome,
            "nominated": nominated,
        },
        status=status,
    )


@require_safe
@access.focal_point_required
def upload_template(request, agency, pk):
    training_class = selectors.class_for_agency(agency, pk)
    filename, _mimetype, data = excel.nominee_template(training_class)
    return xlsx_response(filename, data)


@require_safe
@access.focal_point_required
def nomination_list(request, agency):
    form = NominationFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else None
    nominations = selectors.nominations_of([agency], status=status or None)
    page = Paginator(nominations, 50).get_page(request.GET.get("page"))
    query = f"status={status}" if status else ""
    return render(
        request,
        "portal/nominations.html",
        {"agency": agency, "form": form, "page": page, "status": status, "query": query},
    )


@require_safe
@access.focal_point_required
def nomination_export(request, agency):
    form = NominationFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else None
    return NominationExporter().response(selectors.nominations_of([agency], status=status or None))


@require_safe
@access.focal_point_required
def staff_export(request, agency):
    """The agency's own staff list, in the columns of the staff import."""
    return TraineeExporter().response(selectors.staff_of(agency))


@require_http_methods(["GET", "HEAD", "POST"])
@access.focal_point_required
def withdraw(request, agency, pk):
    nomination = selectors.nomination_of(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_withdraw(
                nomination=nomination, reason=form.cleaned_data["reason"], by=request.user, enforce_window=True
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The nomination of %(name)s is withdrawn.") % {"name": nomination.trainee.full_name}
            )
            return redirect("portal:class_detail", pk=nomination.training_class_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "portal/withdraw.html", {"agency": agency, "nomination": nomination, "form": form}, status=status
    )


# --- staff: review a class ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required("courses.change_nomination")
def review(request, pk):
    """Staff review of a class: approve or reject nominations, transfer unused seats to another agency, return
    them to the shared pool, reorder the waiting list. Each action is a form of its own."""
    training_class = get_object_or_404(TrainingClass.objects.select_related("target__category"), pk=pk)
    today = timezone.localdate()
    nominations = list(
        Nomination.objects.filter(training_class=training_class)
        .select_related("trainee", "agency", "trainee__rank")
        .order_by("agency__name", "status", "waitlist_rank", "trainee__full_name")
    )
    allotments = list(selectors.allotments_for_review(training_class))
    destinations = list(Agency.objects.valid_on(today).order_by("name"))  # read once for every row's choices
    for allotment in allotments:
        allotment.transfer_form = TransferForm(
            destinations=destinations, from_agency=allotment.agency_id, free_seats=allotment.free_seats
        )
        allotment.release_form = ReleaseForm(allotment=allotment)
        allotment.can_release = allotment.effective_deadline is None or allotment.effective_deadline < today
    forms = {
        "review": ReviewForm(nomination_ids=[n.pk for n in nominations]),
        "waitlist": WaitlistMoveForm(),
    }
    if request.method == "POST":
        kind = request.POST.get("form")
        try:
            done = _review_post(request, kind, training_class, nominations, allotments, forms, destinations)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            done = False
        if done:
            return redirect("portal:review", pk=training_class.pk)
    waiting = sorted(
        (n for n in nominations if n.status == NominationStatus.WAITLISTED), key=lambda n: n.waitlist_rank or 0
    )
    return render(
        request,
        "portal/review.html",
        {
            "training_class": training_class,
            "nominations": nominations,
            "can_review": any(n.status in REVIEWABLE for n in nominations),
            "waiting": waiting,
            "allotments": allotments,
            "movable": [a for a in allotments if a.free_seats > 0],
            "forms": forms,
            "moves": training_class.seat_moves.select_related("from_agency", "to_agency", "by")[:20],
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


# The statuses a reviewer can still approve or reject from the page.
REVIEWABLE = (NominationStatus.NOMINATED, NominationStatus.APPROVED, NominationStatus.WAITLISTED)


def _posted_int(request, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


def _review_post(request, kind, training_class, nominations, allotments, forms, destinations) -> bool:
    """Apply one of the review page's forms; True when done, False to show the form with its errors."""
    by = request.user
    if kind == "review":
        form = forms["review"] = ReviewForm(request.POST, nomination_ids=[n.pk for n in nominations])
        if not form.is_valid():
            return False
        ticked = set(form.cleaned_data["nominations"])
        chosen = [n for n in nominations if n.pk in ticked]
        approve = form.cleaned_data["action"] == "approve"
        failures = []
        with transaction.atomic():
            for nomination in chosen:
                try:
                    if approve:
                        services.nomination_approve(nomination=nomination, by=by)
                    else:
                        services.nomination_reject(nomination=nomination, reason=form.cleaned_data["reason"], by=by)
                except ValidationError as exc:
                    failures.append(f"{nomination.trainee.full_name}: {' '.join(exc.messages)}")
        for failure in failures:
            messages.error(request, failure)
        done = len(chosen) - len(failures)
        if done:
            template = (
                ngettext("Approved %(count)s person.", "Approved %(count)s people.", done)
                if approve
                else ngettext("Rejected %(count)s person.", "Rejected %(count)s people.", done)
            )
            messages.success(request, template % {"count": done})
        return True
    if kind == "transfer":
        source = next((a for a in allotments if a.agency_id == _posted_int(request, "from_agency")), None)
        if source is None:
            raise Http404
        form = source.transfer_form = TransferForm(
            request.POST, destinations=destinations, from_agency=source.agency_id, free_seats=source.free_seats
        )
        if not form.is_valid():
            return False
        seats, to_agency = form.cleaned_data["seats"], form.cleaned_data["to_agency"]
        services.allotment_transfer(
            training_class=training_class,
            from_agency=source.agency,
            to_agency=to_agency,
            seats=seats,
            reason=form.cleaned_data["reason"],
            by=by,
        )
        message = ngettext(
            "Transferred %(count)s seat from %(source)s to %(destination)s.",
            "Transferred %(count)s seats from %(source)s to %(destination)s.",
            seats,
        )
        messages.success(request, message % {"count": seats, "source": source.agency, "destination": to_agency})
        return True
    if kind == "release":
        allotment = next((a for a in allotments if a.pk == _posted_int(request, "allotment")), None)
        if allotment is None:
            raise Http404
        form = allotment.release_form = ReleaseForm(request.POST, allotment=allotment)
        if not form.is_valid():
            return False
        seats = form.cleaned_data["seats"]
        services.allotment_release(allotment=allotment, seats=seats, reason=form.cleaned_data["reason"], by=by)
        message = ngettext(
            "Returned %(count)s seat of %(agency)s to the shared pool.",
            "Returned %(count)s seats of %(agency)s to the shared pool.",
            seats,
        )
        messages.success(request, message % {"count": seats, "agency": allotment.agency})
        return True
    if kind == "waitlist":
        form = forms["waitlist"] = WaitlistMoveForm(request.POST)
        if not form.is_valid():
            return False
        nomination = get_object_or_404(Nomination, pk=form.cleaned_data["nomination"], training_class=training_class)
        rank = form.cleaned_data["rank"]
        services.waitlist_move(nomination=nomination, rank=rank, reason=form.cleaned_data["reason"], by=by)
        messages.success(
            request,
            _("%(name)s is now number %(rank)s on the waiting list.")
            % {"name": nomination.trainee.full_name, "rank": rank},
        )
        return True
    # A POST without one of the page's forms (a stale tab, a hand-made request): a bad request, not a missing page.
    messages.error(request, _("The page did not recognise what was sent: reload it and try again."))
    return False


# --- staff: a class's attendance grid ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required("courses.change_attendance")
def attendance(request, pk):
    """The attendance of a class on one page: a row per nominee holding a seat, a column per session, a choice per
    cell; one submit saves the whole grid (`services.attendance_save`), or nothing when a cell is wrong."""
    training_class = get_object_or_404(TrainingClass, pk=pk)
    rows, sessions, marks = services.attendance_grid(training_class)
    shares = services.attendance_shares(training_class, [n.pk for n in rows])
    overrides = services.completion_overrides([n.pk for n in rows])
    for nomination in rows:
        nomination.share, nomination.override = shares[nomination.pk], overrides.get(nomination.pk)
    data = request.POST if request.method == "POST" else None
    form = AttendanceGridForm(data, rows=rows, sessions=sessions, marks=marks)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                services.attendance_save(training_class=training_class, marks=form.marks())
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Attendance saved."))
                return redirect("portal:attendance", pk=training_class.pk)
        status = 400
    context = {
        "training_class": training_class,
        "sessions": sessions,
        "form": form,
        "minimum": training_class.minimum_attendance,
    }
    return render(request, "portal/attendance.html", context, status=status)
