"""The forms of the applications pages. They parse and label; the services decide (their
ValidationErrors name these forms' fields and are shown next to them)."""

from __future__ import annotations

from typing import cast

from django import forms

from careerboard.applications.models import Application
from careerboard.applications.resumes import CONTENT_TYPES
from careerboard.applications.services.applying import (
    MAX_COVER_LETTER_LENGTH,
    ApplicantProfile,
    TrackedJob,
    links_problem,
)
from careerboard.applications.services.hiring import EMPLOYER_STAGES, MAX_MESSAGE_LENGTH
from careerboard.applications.services.rules import MAX_NOTE_LENGTH
from careerboard.applications.services.tracking import Tracking

Status = Application.Status


def _text(label: str, max_length: int, rows: int = 4, **kwargs) -> forms.CharField:  # type: ignore[no-untyped-def]
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class ApplyForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email address")
    phone = forms.CharField(label="Phone (optional)", max_length=40, required=False)
    location = forms.CharField(
        label="Location", max_length=150, help_text="City and country, or your time zone."
    )
    links = _text(
        "Links (optional)",
        2_000,
        rows=3,
        help_text="Portfolio, GitHub, LinkedIn: one address per line, up to 5.",
    )
    resume = forms.FileField(
        label="Résumé",
        help_text="PDF or Word (DOCX), at most 5 MB.",
        widget=forms.FileInput(
            attrs={"accept": ",".join([".pdf", ".docx", *CONTENT_TYPES.values()])}
        ),
    )
    cover_letter = _text("Cover letter (optional)", MAX_COVER_LETTER_LENGTH, rows=8)

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if problem := links_problem(links):
            raise forms.ValidationError(problem)
        return links

    def profile(self) -> ApplicantProfile:
        data = self.cleaned_data
        return ApplicantProfile(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            location=data["location"],
            links=data["links"],
        )


class BookmarkNoteForm(forms.Form):
    note = _text("Your note", MAX_NOTE_LENGTH, rows=2)


class TrackingForm(forms.Form):
    """The applicant's own notes; the status only for an entry they track themselves."""

    status = forms.ChoiceField(label="Status", choices=Status.choices)
    next_step = forms.CharField(
        label="Next step", max_length=200, required=False, help_text="A call, a task, a follow-up."
    )
    next_step_on = forms.DateField(
        label="Next step on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = _text("Private notes", MAX_NOTE_LENGTH, rows=5, help_text="Only you see these.")

    def __init__(self, *args, application: Application, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if application.channel == Application.Channel.ONSITE:
            del self.fields["status"]

    def tracking(self) -> Tracking:
        data = self.cleaned_data
        return Tracking(
            notes=data["notes"],
            next_step=data["next_step"],
            next_step_on=data["next_step_on"],
            status=data.get("status"),
        )


class TrackForm(forms.Form):
    title = forms.CharField(label="Job title", max_length=200)
    company_name = forms.CharField(label="Company", max_length=200)
    url = forms.URLField(
        label="Link to the posting (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    status = forms.ChoiceField(label="Status", choices=Status.choices, initial=Status.SAVED)

    def tracked_job(self) -> TrackedJob:
        return TrackedJob(**self.cleaned_data)


class MoveForm(forms.Form):
    status = forms.ChoiceField(
        label="Move to", choices=[(stage.value, stage.label) for stage in EMPLOYER_STAGES]
    )
    message = _text(
        "Message to the applicant (optional)",
        MAX_MESSAGE_LENGTH,
        rows=3,
        help_text="Mailed with the change and shown in their timeline.",
    )


class EmployerNotesForm(forms.Form):
    employer_notes = _text(
        "Notes", MAX_NOTE_LENGTH, rows=5, help_text="Only your company sees these."
    )


class BulkRejectForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(coerce=int, label="Applicants")
    message = _text(
        "Message to the rejected applicants (optional)",
        MAX_MESSAGE_LENGTH,
        rows=3,
        help_text="Each gets it by mail and in their timeline.",
    )

    def __init__(self, *args, applications: list[Application], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["applications"])
        field.choices = [(a.pk, a.name) for a in applications]
