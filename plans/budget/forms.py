from django import forms
from django.utils.translation import gettext_lazy as _


class SettleForm(forms.Form):
    """The settlement of a class: a reason per item and source whose spending differs from its estimate."""

    note = forms.CharField(label=_("Note on the settlement"), required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            name = f"reason_{row['key']}"
            self.fields[name] = forms.CharField(
                label=_("Reason for the difference: %(item)s (%(source)s)")
                % {"item": row["item"].name, "source": row["funding_source"].name},
                required=False,
                max_length=1000,
            )
            row["field"] = name

    def reasons(self) -> dict[str, str]:
        return {row["key"]: self.cleaned_data.get(row["field"], "") for row in self.rows}

    def bound_rows(self):
        return [{**row, "bound": self[row["field"]]} for row in self.rows]
