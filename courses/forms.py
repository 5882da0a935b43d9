from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from courses import services
from courses.models import (
    AttendanceStatus,
    CertificateKind,
    ClassStatus,
    Gender,
    Grade,
    NominationStatus,
    Trainee,
    birth_problem,
)
from courses.refusals import Refusal, message
from courses.results import RESULT_FIELDS, parse_score, score_text
from plans.models import Agency, TrainingCategory
from training_portal.spreadsheets import UPLOAD_ACCEPT


class ListedChoiceIterator(ModelChoiceIterator):
    """The choices read with one plain query: Django's own iterator opens a server-side cursor on
    PostgreSQL (three round trips and a held result) to read a handful of rows on every page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ClassFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by title or code"), required=False, max_length=100)
    category = ListedModelChoiceField(
        label=_("Category"),
        queryset=TrainingCategory.objects.filter(children__isnull=True),
        required=False,
        empty_label=_("All categories"),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All quarters"))] + [(q, _("Quarter %(q)s") % {"q": q}) for q in (1, 2, 3, 4)],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))]
        + [
            (s.value, s.label)
            for s in (ClassStatus.OPEN, ClassStatus.PLANNED, ClassStatus.CLOSED, ClassStatus.IN_PROGRESS)
        ],
    )


class NominationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *NominationStatus.choices]
    )


class NominateForm(forms.Form):
    trainee = forms.IntegerField(widget=forms.HiddenInput)
    waitlist = forms.BooleanField(
        label=_("If no seat is left, put this person on the waiting list"), required=False, initial=True
    )


class NewTraineeForm(forms.ModelForm):
    """A person added to the agency's staff on the spot, to be nominated at once."""

    waitlist = forms.BooleanField(
        label=_("If no seat is left, put this person on the waiting list"), required=False, initial=True
    )

    class Meta:
        model = Trainee
        fields = ["full_name", "personal_id", "date_of_birth", "gender", "position", "rank", "email", "phone"]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "gender": forms.Select(choices=[("", "---------"), *Gender.choices]),
        }

    def __init__(self, *args, training_class=None, agency=None, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.training_class = training_class
        self.agency, self.by = agency, by

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and self.training_class is not None:
            problem = birth_problem(born, on=self.training_class.start_date)
            if problem:
                raise problem.error()
        return born

    def validate_unique(self):
        """An ID number already on a staff list: the agency's own (choose them from the list) or another's, in
        words that do not say so (courses.services.new_person_problem)."""
        personal_id = self.cleaned_data.get("personal_id")
        if personal_id and self.agency is not None:
            problem = services.new_person_problem(personal_id=personal_id, agency=self.agency, by=self.by)
            if problem is not None:
                self.add_error(problem.field, problem.message)
        super().validate_unique()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give a reason.")},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx or .ods) filled in from the template"),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
    waitlist = forms.BooleanField(
        label=_("Put people who find no seat on the waiting list instead of refusing the file"), required=False
    )


class ReviewForm(forms.Form):
    """Approve or reject the ticked nominations: the button pressed is the action."""

    ACTIONS = [("approve", _("Approve")), ("reject", _("Reject"))]
    action = forms.ChoiceField(choices=ACTIONS)
    nominations = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("Tick at least one person.")}
    )
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False, max_length=1000)

    def __init__(self, *args, nomination_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = [(pk, pk) for pk in nomination_ids]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for the rejection: the agency will see it."))
        return cleaned


class TransferForm(forms.Form):
    """Move unused seats of one agency (`from_agency`) to another that exists today; the source is not offered."""

    from_agency = forms.IntegerField(widget=forms.HiddenInput)
    to_agency = forms.ModelChoiceField(label=_("To agency"), queryset=None)
    seats = forms.IntegerField(label=_("Seats to transfer"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, destinations=(), from_agency=None, free_seats=None, **kwargs):
        """`destinations`: the agencies that exist today, read once for every row of the page; the choices are
        those without the source, and a POST is checked against the same list."""
        kwargs.setdefault("auto_id", f"id_transfer_{from_agency}_%s")
        kwargs.setdefault("initial", {"from_agency": from_agency, "seats": 1})
        super().__init__(*args, **kwargs)
        field = self.fields["to_agency"]
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in destinations if a.pk != from_agency])
        field.choices = [("", field.empty_label), *((a.pk, a.name) for a in destinations if a.pk != from_agency)]
        if free_seats:
            self.fields["seats"].widget.attrs["max"] = free_seats


class ReleaseForm(forms.Form):
    """Return unused seats of one allotment to the class's shared pool."""

    allotment = forms.IntegerField(widget=forms.HiddenInput)
    seats = forms.IntegerField(label=_("Seats back to the pool"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, allotment=None, **kwargs):
        if allotment is not None:
            kwargs.setdefault("auto_id", f"id_release_{allotment.pk}_%s")
            kwargs.setdefault("initial", {"allotment": allotment.pk, "seats": allotment.free_seats})
        super().__init__(*args, **kwargs)
        if allotment is not None:
            self.fields["seats"].widget.attrs["max"] = allotment.free_seats


class WaitlistMoveForm(forms.Form):
    nomination = forms.IntegerField(widget=forms.HiddenInput)
    rank = forms.IntegerField(label=_("New place"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class AttendanceGridForm(forms.Form):
    """The attendance grid of a class: one choice per (nominee, session) cell, named `a-<nomination>-<session>`."""

    def __init__(self, *args, rows, sessions, marks, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "–"), *AttendanceStatus.choices]
        self.cells = []
        for nomination in rows:
            line = []
            for session in sessions:
                name = f"a-{nomination.pk}-{session.pk}"
                self.fields[name] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    initial=marks.get((nomination.pk, session.pk), ""),
                    label=f"{nomination.trainee.full_name}, {session}",
                )
                line.append((session, self[name]))
            self.cells.append((nomination, line))

    def marks(self) -> dict[tuple[int, int], str]:
        return {tuple(int(part) for part in name.split("-")[1:]): value for name, value in self.cleaned_data.items()}


WIDTHS = {"score": 5, "certificate_number": 14, "certificate_date": 10, "issued_by": 24}


class ResultsGridForm(forms.Form):
    """The results grid of a class: one row of fields per nominee, named `r-<nomination>-<field>`. A score is typed as
    people write it ("8,5"); the rules across fields are the service's (`courses.results.results_save`)."""

    def __init__(self, *args, rows, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []
        for nomination in rows:
            result = results.get(nomination.pk)
            initial = {name: getattr(result, name) if result else None for name in RESULT_FIELDS}
            if result and result.score is not None:
                initial["score"] = score_text(result.score)
            who = nomination.trainee.full_name
            fields = {
                "score": forms.CharField(max_length=8, required=False, label=_("Score")),
                "grade": forms.ChoiceField(choices=[("", "–"), *Grade.choices], required=False, label=_("Grade")),
                "certificate_kind": forms.ChoiceField(
                    choices=[("", "–"), *CertificateKind.choices], required=False, label=_("Certificate kind")
                ),
                "certificate_number": forms.CharField(max_length=40, required=False, label=_("Certificate number")),
                "certificate_date": forms.DateField(required=False, label=_("Certificate date")),
                "issued_by": forms.CharField(max_length=200, required=False, label=_("Issuing institution")),
            }
            line = []
            for name, field in fields.items():
                key = f"r-{nomination.pk}-{name}"
                field.initial = initial[name]
                short, field.label = field.label, f"{who}: {field.label}"  # the cell's own label names the person
                if name in WIDTHS:  # text boxes only: a size on a drop-down would make it a list box
                    field.widget.attrs["size"] = WIDTHS[name]
                if name == "certificate_date":
                    field.widget.attrs["placeholder"] = "dd/mm/yyyy"
                self.fields[key] = field
                line.append((short, self[key]))
            self.lines.append((nomination, line))

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name.endswith("-score"):
                try:
                    cleaned[name] = parse_score(value)
                except ValueError:
                    self.add_error(name, message(Refusal.SCORE_OUT_OF_RANGE))
        return cleaned

    def entries(self) -> dict[int, dict]:
        entries: dict[int, dict] = {}
        for name, value in self.cleaned_data.items():
            _prefix, pk, field = name.split("-", 2)
            entries.setdefault(int(pk), {})[field] = (
                value if value is not None else (None if field in ("score", "certificate_date") else "")
            )
        return entries
