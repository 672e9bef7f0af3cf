"""The employer forms: input parsing only; the rules (and their messages) live in the services."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse_lazy

from careerboard.companies.models import Company
from careerboard.core.forms import UtcOffsetField
from careerboard.core.markdown import html_to_markdown, markdown_to_html
from careerboard.jobs.models import MAX_DESCRIPTION_LENGTH, Job
from careerboard.jobs.salary import exchange_rates
from careerboard.jobs.services import JobInput
from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term
from careerboard.taxonomy.selectors import terms_by_slug

LOGO_TYPES = "image/png,image/jpeg,image/webp,image/gif"
JOB_INPUT_FIELDS = [field.name for field in dataclasses.fields(JobInput)]
_TERMS: dict[str, type[Term]] = {
    "industries": Industry,
    "job_types": JobType,
    "levels": Level,
    "regions": Region,
}
# The form takes the working-hours window in hours; JobInput (and the model) in minutes.
_HOURS = ("timezone_min", "timezone_max")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message next to the field it names,
    the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _term_choices(model: type[Term]) -> list[tuple[str, str]]:
    return [(term.slug, term.name) for term in terms_by_slug(model).values()]


def _terms_field(label: str, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class JobForm(forms.Form):
    """Every field of jobs.services.JobInput; the working-hours window is typed in hours."""

    company = forms.ChoiceField(label="Company")
    title = forms.CharField(label="Job title", max_length=200)
    description = forms.CharField(
        label="Description",
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(
            attrs={
                "rows": 14,
                # With JavaScript the preview below follows the typing (htmx); without it, a
                # "Show preview" button refreshes it (employers/_description_editor.html).
                "hx-post": reverse_lazy("employers:description_preview"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#description-preview",
                "hx-sync": "this:replace",
            }
        ),
        help_text="Markdown: a blank line between paragraphs, ## for a heading, - for a list "
        "item, **bold**, *italics*, [a link](https://example.com). The preview below shows how "
        "it will look.",
    )
    industries = _terms_field("Industries")
    job_types = _terms_field("Job types")
    levels = _terms_field("Levels")
    regions = _terms_field("Open to people in", "Leave all unticked for Anywhere.")
    timezone_min = UtcOffsetField(
        label="Working hours from (UTC offset, hours)",
        help_text="The time zones the team needs people in, e.g. -5 to 1. Leave both empty for "
        "any time zone.",
    )
    timezone_max = UtcOffsetField(label="Working hours to (UTC offset, hours)")
    salary_min = forms.IntegerField(label="Salary from", required=False, min_value=0)
    salary_max = forms.IntegerField(label="Salary to", required=False, min_value=0)
    salary_currency = forms.ChoiceField(label="Currency", required=False)
    salary_period = forms.ChoiceField(
        label="Paid per", required=False, choices=[("", "—"), *Job.SalaryPeriod.choices]
    )
    apply_method = forms.ChoiceField(
        label="People apply",
        choices=Job.ApplyMethod.choices,
        initial=Job.ApplyMethod.ON_SITE,
        widget=forms.RadioSelect,
    )
    apply_url = forms.URLField(
        label="Application address",
        required=False,
        assume_scheme="https",
        help_text="When people apply on your site.",
    )
    apply_email = forms.EmailField(
        label="Application email",
        required=False,
        help_text="When people apply by email.",
    )

    def __init__(  # type: ignore[no-untyped-def]
        self,
        *args,
        companies: list[tuple[str, str]] | None = None,
        description_html: str | None = None,
        **kwargs,
    ) -> None:
        """`companies`: (slug, name) of the companies the person posts for; None when the job
        exists already (its company does not change). `description_html`: what the initial
        description renders to, when it is known already."""
        super().__init__(*args, **kwargs)
        self._description_html = description_html
        if companies is None:
            del self.fields["company"]
        else:
            self.fields["company"].choices = companies  # type: ignore[attr-defined]
        for name, model in _TERMS.items():
            self.fields[name].choices = _term_choices(model)  # type: ignore[attr-defined]
        currencies = sorted(exchange_rates())
        self.fields["salary_currency"].choices = [("", "—"), *((c, c) for c in currencies)]  # type: ignore[attr-defined]

    @classmethod
    def for_job(cls, job: Job, data: QueryDict | None = None) -> JobForm:
        """The form of an existing job: bound to `data` when it was posted, else showing the job
        (its description as Markdown, and as the HTML that Markdown renders to for the preview)."""
        if data is not None:
            return cls(data)
        initial = {}
        description_html = None
        for name in JOB_INPUT_FIELDS:
            value = getattr(job, name)
            if name in _TERMS:
                value = [term.slug for term in value.all()]
            elif name in _HOURS and value is not None:
                value = Decimal(value) / 60
            elif name == "description":
                editor_text = html_to_markdown(value)
                value, description_html = editor_text.markdown, editor_text.html
            initial[name] = value
        return cls(initial=initial, description_html=description_html)

    def clean_description(self) -> str:
        """The employer types Markdown; the job keeps its HTML (sanitized again when saved)."""
        return markdown_to_html(self.cleaned_data["description"])

    def description_preview(self) -> str:
        """The description as the preview shows it. The Markdown is rendered once a request: a
        checked form has rendered it (clean_description), a stored job's form when its Markdown
        was written (for_job)."""
        if self.is_bound and "description" in getattr(self, "cleaned_data", {}):
            return self.cleaned_data["description"]
        if self._description_html is not None:
            return self._description_html
        return markdown_to_html(self["description"].value() or "")

    def as_posted(self) -> JobForm:
        """An unbound copy showing what was posted: the form as it was, without its errors
        (for "Show preview", which saves nothing)."""
        data = cast(QueryDict, self.data)  # bound by a view, to request.POST
        initial = {
            name: data.getlist(name)
            if isinstance(field, forms.MultipleChoiceField)
            else data.get(name)
            for name, field in self.fields.items()
        }
        companies = self.fields["company"].choices if "company" in self.fields else None  # type: ignore[attr-defined]
        return JobForm(initial=initial, companies=companies)

    def job_input(self) -> JobInput:
        values = {name: self.cleaned_data[name] for name in JOB_INPUT_FIELDS}
        for name in _HOURS:
            if values[name] is not None:
                values[name] = int(values[name] * 60)
        return JobInput(**values)


class CompanyCreateForm(forms.Form):
    name = forms.CharField(label="Company name", max_length=200)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    description = forms.CharField(
        label="About the company",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text, shown on the company page.",
    )
    size = forms.ChoiceField(
        label="Company size",
        required=False,
        choices=[("", "—"), *Company.Size.choices],
        help_text="How many people work there, shown on the company page and your jobs.",
    )


class CompanyForm(CompanyCreateForm):
    headquarters = forms.ChoiceField(label="Headquarters", required=False)
    logo = forms.FileField(
        label="Logo",
        required=False,
        widget=forms.FileInput(attrs={"accept": LOGO_TYPES}),
        help_text="PNG, JPEG, WebP or GIF; at most 1 MB and 4096 pixels a side. Leave empty "
        "to keep the current logo.",
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["headquarters"].choices = [("", "—"), *_term_choices(Region)]  # type: ignore[attr-defined]
        self.fields["name"].help_text = (
            "A new name, website, description or logo shows on your live jobs once staff have "
            "reviewed it: those jobs go back to review until then."
        )
