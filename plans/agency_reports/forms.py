from django import forms
from django.utils.translation import gettext_lazy as _

from plans.agency_reports.services import LineFigures
from training_portal.spreadsheets import UPLOAD_ACCEPT

FIGURES = (
    ("classes", _("Classes run")),
    ("participants", _("Participants")),
    ("periods", _("Periods")),
)
LARGEST = 1_000_000


class ReportForm(forms.Form):
    """An agency's report: per category, the classes it ran itself, their participants and periods; empty rows are
    left out."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        for category in self.categories:
            for figure, label in FIGURES:
                self.fields[f"{figure}_{category.pk}"] = forms.IntegerField(
                    label=f"{label}: {category}", required=False, min_value=0, max_value=LARGEST
                )

    @staticmethod
    def initial_from(report) -> dict:
        initial = {"note": report.note}
        for line in report.lines.all():
            for figure, _label in FIGURES:
                initial[f"{figure}_{line.category_id}"] = getattr(line, figure)
        return initial

    def rows(self):
        return [
            {
                "category": category,
                "fields": [(label, self[f"{figure}_{category.pk}"]) for figure, label in FIGURES],
            }
            for category in self.categories
        ]

    def lines(self) -> list[LineFigures]:
        return [
            LineFigures(
                category=category,
                **{figure: self.cleaned_data.get(f"{figure}_{category.pk}") or 0 for figure, _label in FIGURES},
            )
            for category in self.categories
        ]


class DecisionForm(forms.Form):
    """Staff's decision on a report awaiting review."""

    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    reason = forms.CharField(label=_("Reason for returning"), required=False, max_length=2000)


class RoundForm(forms.Form):
    """Open a year's round or move its deadline."""

    year = forms.IntegerField(label=_("Year reported"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Reporting deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class UploadForm(forms.Form):
    """The report's Excel template, filled in."""

    file = forms.FileField(
        label=_("Excel file (.xlsx or .ods) filled in from the template"),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
