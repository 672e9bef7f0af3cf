"""Bookmarks, applications and the employer pipeline.

An Application is one row per person and job on the board (a database constraint), whatever the
channel: applied here with a resume ("onsite"), through the job's own link or address
("elsewhere", recorded when the person clicks), or tracked by hand for a job found somewhere else
("manual", no job). Every change of status is an ApplicationEvent, the person's dated timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Bookmark(models.Model):
    """A job a person saved, with their own note."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "job"], name="bookmark_user_job_unique")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="bookmark_user_created")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.job_id}"


class Application(models.Model):
    class Status(models.TextChoices):
        SAVED = "saved", "Saved"
        APPLIED = "applied", "Applied"
        SCREENING = "screening", "Screening"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Channel(models.TextChoices):
        ONSITE = "onsite", "Applied on careerboard"
        ELSEWHERE = "elsewhere", "Applied elsewhere"
        MANUAL = "manual", "Tracked by hand"

    class ResumeType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    # SET_NULL: the person's history outlives a deleted posting; title and company are copied.
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    title = models.CharField(max_length=200)
    company_name = models.CharField(max_length=200)
    url = models.URLField(blank=True, max_length=500)

    # What the applicant shared with the company (on-site applications only).
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    location = models.CharField(max_length=150, blank=True)
    links = models.JSONField(default=list, blank=True)
    cover_letter = models.TextField(blank=True)
    # A name in the "private" storage (random, never served by URL); see applications.resumes.
    resume_path = models.CharField(max_length=200, blank=True)
    resume_type = models.CharField(max_length=4, choices=ResumeType.choices, blank=True)
    resume_filename = models.CharField(max_length=200, blank=True)
    resume_size = models.PositiveIntegerField(null=True, blank=True)

    # The applicant's own tracking; never shown to the company.
    notes = models.TextField(blank=True)
    next_step = models.CharField(max_length=200, blank=True)
    next_step_on = models.DateField(null=True, blank=True)

    # The company's notes on the applicant; never shown to the applicant.
    employer_notes = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "job"], name="application_user_job_unique"),
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="application_user_status"),
            models.Index(fields=["job", "channel", "status"], name="application_job_pipeline"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.title} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"application_id": self.pk})


class ApplicationEvent(models.Model):
    """One change of an application's status: its timeline, shown to the applicant (and, for
    on-site applications, to the company)."""

    class Actor(models.TextChoices):
        APPLICANT = "applicant", "You"
        EMPLOYER = "employer", "The company"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=Application.Status.choices, blank=True)
    status = models.CharField(max_length=10, choices=Application.Status.choices)
    actor = models.CharField(max_length=10, choices=Actor.choices)
    # The company's message to the applicant with this change (a rejection's reason, say).
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '-'} → {self.status}"
