"""The alert form: the search's own parameters as fields, so a saved alert edits like the /jobs
filters; the search's rules (and their messages) stay in search.params via the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from careerboard.alerts.models import Alert
from careerboard.core.forms import UtcOffsetField
from careerboard.search.params import MULTI
from careerboard.search.query import MAX_TEXT_LENGTH
from careerboard.taxonomy.selectors import search_vocabularies

FILTER_LABELS = {"industry": "Industry", "type": "Job type", "level": "Level", "region": "Region"}


class AlertForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        required=False,
        help_text="Leave empty to name the alert after its search.",
    )
    frequency = forms.ChoiceField(
        label="Email me", choices=Alert.Frequency.choices, widget=forms.RadioSelect
    )
    q = forms.CharField(
        label="Keywords",
        max_length=MAX_TEXT_LENGTH,
        required=False,
        help_text='Words, "exact phrases", -excluded words, OR between alternatives.',
    )
    salary_min = forms.IntegerField(
        label="Salary from (USD per year)", required=False, min_value=0, max_value=10_000_000
    )
    salary_max = forms.IntegerField(
        label="Salary up to (USD per year)", required=False, min_value=0, max_value=10_000_000
    )
    tz_min = UtcOffsetField(label="Working hours overlap from (UTC offset, hours)")
    tz_max = UtcOffsetField(label="Working hours overlap to (UTC offset, hours)")
    featured = forms.BooleanField(label="Featured jobs only", required=False)
    company = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name, terms in search_vocabularies().items():
            self.fields[name] = forms.MultipleChoiceField(
                label=FILTER_LABELS[name],
                required=False,
                choices=[(term.slug, term.name) for term in terms],
                widget=forms.CheckboxSelectMultiple,
            )
        # A company filter is kept as it was saved (it comes from a company's page).
        company = self.fields["company"]
        assert isinstance(company, forms.MultipleChoiceField)
        company.choices = [(slug, slug) for slug in self._saved_companies()]

    def _saved_companies(self) -> list[str]:
        if self.is_bound:
            return self.data.getlist("company") if hasattr(self.data, "getlist") else []
        return list(self.initial.get("company", []))

    @classmethod
    def initial_for(cls, alert: Alert) -> dict:
        params = QueryDict(alert.params)
        initial: dict = {"name": alert.name, "frequency": alert.frequency}
        for name in ("q", "salary_min", "salary_max", "tz_min", "tz_max"):
            initial[name] = params.get(name, "")
        initial["featured"] = params.get("featured") == "1"
        for name in MULTI:
            initial[name] = params.getlist(name)
        return initial

    def search_params(self) -> QueryDict:
        """The cleaned fields as /jobs parameters, for search.params to read."""
        params = QueryDict(mutable=True)
        for name in ("q", "salary_min", "salary_max", "tz_min", "tz_max"):
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                params[name] = str(value)
        if self.cleaned_data.get("featured"):
            params["featured"] = "1"
        for name in MULTI:
            params.setlist(name, self.cleaned_data.get(name) or [])
        return params

    def show_errors(self, error: ValidationError) -> None:
        """A service's ValidationError next to the field it names, or above the form."""
        messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, field_messages in messages.items():
            self.add_error(name if name in self.fields else None, field_messages)
