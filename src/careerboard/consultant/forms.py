"""The profile form: plain fields (works without JavaScript); the skills field asks the server
for suggestions as the person types (htmx fills a datalist), and the service resolves aliases."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from careerboard.consultant.models import MAX_SALARY_USD, MAX_YEARS, Profile
from careerboard.consultant.selectors import (
    guide_choices,
    guide_responsibilities,
)
from careerboard.consultant.services import ProfileInput, split_skills
from careerboard.core.text import ascii_int
from careerboard.taxonomy.models import JobType, Region
from careerboard.taxonomy.selectors import terms_by_slug


class ProfileForm(forms.Form):
    current_title = forms.CharField(label="Current job title", max_length=120, required=False)
    years_experience = forms.IntegerField(
        label="Years of experience", min_value=0, max_value=MAX_YEARS
    )
    skills = forms.CharField(
        label="Skills",
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "skill-options"}),
        help_text="Separated by commas, as you would write them (“Postgres” is PostgreSQL); "
        "suggestions come from our skill catalog as you type.",
    )
    certifications = forms.CharField(
        label="Certifications",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line.",
    )
    education = forms.CharField(label="Education", max_length=300, required=False)
    target_role = forms.ChoiceField(label="Target role")
    responsibilities = forms.MultipleChoiceField(
        label="Responsibilities you already carry",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the target role's career path. For a new role, those of the stages "
        "your years reach are assumed until you untick them here.",
    )
    # The role whose responsibilities the checklist showed: for another role the person has
    # not seen its checklist, so its default applies.
    checklist_role = forms.CharField(widget=forms.HiddenInput, required=False)
    regions = forms.MultipleChoiceField(
        label="Where you can work from",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None: jobs from anywhere are shown.",
    )
    salary_expectation_usd = forms.IntegerField(
        label="Salary expectation (USD per year)",
        min_value=1_000,
        max_value=MAX_SALARY_USD,
        required=False,
    )
    job_type = forms.ChoiceField(label="Job type", required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["skills"].widget.attrs.update(
            {
                "hx-get": reverse("consultant:skill_options"),
                "hx-trigger": "input changed delay:200ms",
                "hx-target": "#skill-options",
                "hx-swap": "innerHTML",
            }
        )
        role = self.data.get("target_role") if self.is_bound else self.initial.get("target_role")
        duties = guide_responsibilities(slug=role or "")
        # Whether the person saw this role's checklist (else its default applies).
        self.checklist_seen = True
        if isinstance(self.data, QueryDict):
            # Ticks of a previous target role do not carry over to a new one; should the form
            # come back with errors, it shows the new role's checklist with its default ticked.
            data = self.data.copy()
            self.checklist_seen = data.get("checklist_role") == role
            ticked = [duty for duty in data.getlist("responsibilities") if duty in duties]
            if not self.checklist_seen:
                years = data.get("years_experience", "")
                ticked = guide_responsibilities(slug=role or "", years=ascii_int(years) or 0)
            data.setlist("responsibilities", ticked)
            data["checklist_role"] = role or ""
            self.data = data
        choices = {
            "target_role": [("", "Choose a role"), *guide_choices()],
            "responsibilities": [(duty, duty) for duty in duties],
            "regions": [(term.slug, term.name) for term in terms_by_slug(Region).values()],
            "job_type": [("", "Any")]
            + [(term.slug, term.name) for term in terms_by_slug(JobType).values()],
        }
        for name, values in choices.items():
            self.fields[name].choices = values  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(profile: Profile | None) -> dict:
        if profile is None:
            return {}
        return {
            "current_title": profile.current_title,
            "years_experience": profile.years_experience,
            "skills": ", ".join(skill.name for skill in profile.skills.all()),
            "certifications": "\n".join(profile.certifications),
            "education": profile.education,
            "target_role": profile.target_guide.slug if profile.target_guide else "",
            "checklist_role": profile.target_guide.slug if profile.target_guide else "",
            "responsibilities": list(profile.responsibilities),
            "regions": [region.slug for region in profile.regions.all()],
            "salary_expectation_usd": profile.salary_expectation_usd,
            "job_type": profile.job_type.slug if profile.job_type else "",
        }

    def to_input(self) -> ProfileInput:
        data = self.cleaned_data
        return ProfileInput(
            target_role=data["target_role"],
            years_experience=data["years_experience"],
            skills=split_skills(data["skills"]),
            current_title=data["current_title"],
            certifications=[line.strip() for line in data["certifications"].splitlines()],
            education=data["education"],
            responsibilities=data["responsibilities"] if self.checklist_seen else None,
            regions=data["regions"],
            salary_expectation_usd=data["salary_expectation_usd"],
            job_type=data["job_type"],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's refusal, shown next to the field it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
