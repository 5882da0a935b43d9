"""The forms of a person's record: training outside the plan with its evidence, and the staff list's search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import OutsideTraining, OutsideTrainingKind
from courses.record_services import EVIDENCE_ACCEPT, evidence_kind
from plans.models import TrainingCategory


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, ID number or e-mail"), required=False, max_length=100)


class OutsideTrainingForm(forms.Form):
    """What a focal point types for training done outside the plan; the evidence is checked by its content."""

    kind = forms.ChoiceField(label=_("Kind"), choices=OutsideTrainingKind.choices)
    title = forms.CharField(label=_("Course or class"), max_length=300)
    organiser = forms.CharField(label=_("Organised by"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=TrainingCategory.objects.filter(children__isnull=True).order_by("order", "name"),
        required=False,
        empty_label=_("Not in a category of the plan"),
    )
    country = forms.CharField(label=_("Country"), max_length=80, initial="Việt Nam")
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    periods = forms.IntegerField(
        label=_("Length (periods)"),
        min_value=1,
        max_value=5000,
        help_text=_("Periods (tiết) of 45 minutes, as the certificate says; a day is usually 8 periods."),
    )
    result = forms.CharField(label=_("Result"), max_length=120, required=False)
    certificate = forms.CharField(
        label=_("Certificate"), max_length=120, required=False, help_text=_("Kind and number.")
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        help_text=_("A scan of the certificate or of the decision sending the person: PDF, JPG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"]
        evidence_kind(evidence)  # a refusal, in words, under the field
        return evidence


class OutsideTrainingAdminForm(forms.ModelForm):
    """The console's form: the evidence is checked as in the portal."""

    class Meta:
        model = OutsideTraining
        fields = [
            "trainee",
            "agency",
            "kind",
            "title",
            "organiser",
            "category",
            "country",
            "start_date",
            "end_date",
            "periods",
            "result",
            "certificate",
            "evidence",
        ]
        # No "currently: <link>" under the field: a stored file's /media/ address is never shown (nor served);
        # the page's "evidence" line opens it through the view that checks access.
        widgets = {"evidence": forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT})}

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence is not None and hasattr(evidence, "content_type"):  # a new upload, not the stored file
            evidence_kind(evidence)
        return evidence
