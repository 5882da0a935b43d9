"""Each person's record (quá trình đào tạo, bồi dưỡng): in the portal for a focal point's own staff, in the console
for staff; its Excel and PDF; training outside the plan with its evidence. Views only parse, call, render.

A focal point reaches a person through `access.get_visible` (the people of the agencies they serve; anyone else is
404); staff through `access.staff_required`. The evidence is served by these views only, never from /media/.
"""

import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from courses import record_documents, record_services
from courses.compliance import evaluate_person
from courses.models import OutsideTraining, Trainee
from courses.record_forms import OutsideTrainingForm, PeopleSearchForm
from courses.training_record import record_trainees, training_record
from plans import access
from training_portal.search import key_matches, search_terms


def file_response(rendered) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.mimetype)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _context(record, *, console: bool, agency=None) -> dict:
    today = timezone.localdate()
    evaluations = evaluate_person(
        record.trainee,
        year=today.year,
        today=today,
        positions=record.positions,
        periods=record.totals().get(today.year, 0),
    )
    return {
        "record": record,
        "trainee": record.trainee,
        "console": console,
        "agency": agency,
        "evaluations": evaluations,
        "evaluation_year": today.year,
    }


# --- the portal: a focal point's own staff ------------------------------------------------------------------------


@require_safe
@access.focal_point_required
def people(request, agency):
    form = PeopleSearchForm(request.GET or None)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    staff = Trainee.objects.filter(agency=agency).select_related("rank").order_by("full_name", "personal_id")
    if search:
        staff = staff.filter(key_matches(search_terms(search)))
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    query = urlencode({"q": search}) if search else ""
    return render(request, "courses/record/people.html", {"agency": agency, "form": form, "page": page, "query": query})


def _visible_person(request, pk) -> Trainee:
    return access.get_in_portal(record_trainees(), request, pk=pk)


@require_safe
@access.focal_point_required
def person_record(request, agency, pk):
    record = training_record(_visible_person(request, pk))
    return render(request, "courses/record/record.html", _context(record, console=False, agency=agency))


@require_safe
@access.focal_point_required
def person_record_xlsx(request, agency, pk):
    return file_response(record_documents.render_xlsx(training_record(_visible_person(request, pk))))


@require_safe
@access.focal_point_required
def person_record_pdf(request, agency, pk):
    return file_response(record_documents.render_pdf(training_record(_visible_person(request, pk))))


@require_http_methods(["GET", "HEAD", "POST"])
@access.focal_point_required
def outside_training_add(request, agency, pk):
    trainee = _visible_person(request, pk)
    form = OutsideTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_services.outside_training_record(trainee=trainee, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, record_documents.SUBMITTED_MESSAGE % {"name": trainee.full_name})
            return redirect("portal:person_record", pk=trainee.pk)
    status = 400 if request.method == "POST" else 200
    context = {"agency": agency, "trainee": trainee, "form": form, "max_size": record_services.max_size_text()}
    return render(request, "courses/record/outside_form.html", context, status=status)


def _evidence_response(record: OutsideTraining):
    # Read whole (at most EVIDENCE_MAX_BYTES): no file handle outlives the request.
    try:
        with record.evidence.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = mimetypes.guess_type(record.evidence.name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(False, record.evidence.name.rsplit("/", 1)[-1])
    # A scan is shown, never run: no sniffing, and nothing in it may load or script anything.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@access.focal_point_required
def evidence(request, agency, pk):
    """The evidence of training outside the plan, for the focal point of the person's agency."""
    record = access.get_in_portal(OutsideTraining.objects.all(), request, agency="trainee__agency", pk=pk)
    return _evidence_response(record)


# --- the console: staff ---------------------------------------------------------------------------------------


@require_safe
@access.staff_required("courses.view_trainee")
def staff_record(request, pk):
    record = training_record(access.get_visible(record_trainees(), request.user, pk=pk))
    return render(request, "courses/record/staff_record.html", _context(record, console=True))


@require_safe
@access.staff_required("courses.view_trainee")
def staff_record_xlsx(request, pk):
    return file_response(
        record_documents.render_xlsx(training_record(access.get_visible(record_trainees(), request.user, pk=pk)))
    )


@require_safe
@access.staff_required("courses.view_trainee")
def staff_record_pdf(request, pk):
    return file_response(
        record_documents.render_pdf(training_record(access.get_visible(record_trainees(), request.user, pk=pk)))
    )


@require_safe
@access.staff_required("courses.view_outsidetraining")
def staff_evidence(request, pk):
    return _evidence_response(access.get_visible(OutsideTraining.objects.all(), request.user, agency="agency", pk=pk))
