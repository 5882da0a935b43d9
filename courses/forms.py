from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from courses import services
from courses.models import ClassStatus, Gender, NominationStatus, Trainee, birth_problem
from plans.models import TrainingCategory
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
    from_agency = forms.IntegerField(widget=forms.HiddenInput)
    to_agency = ListedModelChoiceField(label=_("To agency"), queryset=None)  # shown on every row: read once
    seats = forms.IntegerField(label=_("Seats"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies


class ReleaseForm(forms.Form):
    allotment = forms.IntegerField(widget=forms.HiddenInput)
    seats = forms.IntegerField(label=_("Seats back to the pool"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class WaitlistMoveForm(forms.Form):
    nomination = forms.IntegerField(widget=forms.HiddenInput)
    rank = forms.IntegerField(label=_("New place"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=1000)
