"""Job alerts: saved searches that mail new jobs, what each alert has been sent, and the mails.

Delivery keeps three records:

- `JobArrival`: each live job once, when the alerts first saw it live. Instant alerts match the
  jobs of each new arrival batch; digests match the arrivals since their previous digest.
- `AlertMail`: one mail to one person (their instant alerts of one run, or one digest), an
  outbox row (core.models.OutboxEntry) that stays pending until the SMTP server has accepted
  it, retried with backoff; a worker sends it under a short lease that it renews.
- `SentJob`: a job promised to an alert, written in the same transaction as the mail that
  carries it; unique per (alert, job), so a job never goes twice to the same alert.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from careerboard.core.models import OutboxEntry


class Alert(models.Model):
    class Frequency(models.TextChoices):
        INSTANT = "instant", "Instantly"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    # The /jobs page's URL parameters (q, industry, region, ...) in a canonical order, as
    # search.params.query_from_params reads them; posted_within, sort and page are left out.
    params = models.TextField(blank=True)
    # The same search compiled for the matching engine (criteria.Criteria.to_json).
    criteria = models.JSONField()
    # Which reading of text compiled it (search.analysis.analyzer_fingerprint): alerts compiled
    # by another are compiled again from `params` (alerts_recompile_criteria).
    criteria_compiled_with = models.CharField(max_length=32, blank=True, default="", db_default="")
    frequency = models.CharField(max_length=7, choices=Frequency.choices, default=Frequency.DAILY)
    paused = models.BooleanField(default=False)
    # Paused because a plan change lowered the limit (resumed by an upgrade), not by the person.
    paused_by_plan = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Digests cover the jobs that arrived after this moment; it moves to each digest's time.
    digest_through = models.DateTimeField()
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "paused"], name="alert_user_paused"),
            models.Index(fields=["frequency", "paused", "digest_through"], name="alert_due"),
        ]

    def __str__(self) -> str:
        return self.name


class JobArrival(models.Model):
    job = models.OneToOneField(
        "jobs.Job", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    arrived_at = models.DateTimeField(db_index=True)
    # The matching run that recorded it: concurrent runs insert with ON CONFLICT DO NOTHING and
    # each matches only the arrivals it recorded itself.
    run = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"job {self.job_id} arrived {self.arrived_at:%Y-%m-%d %H:%M}"


class AlertMail(OutboxEntry):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Given up"
        CANCELLED = "cancelled", "Nothing left to send"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=7, choices=Alert.Frequency.choices)
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.PENDING)
    # How many matching jobs did not fit in the mail (at most 10 jobs, 2 per company).
    more_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="alertmail_due")]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} alert mail {self.pk} ({self.status})"


class SentJob(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    # The mail that carries it; kept when old mails are pruned, so the job stays sent.
    mail = models.ForeignKey(
        AlertMail, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "job"], name="sentjob_once_per_alert")
        ]
        indexes = [models.Index(fields=["alert", "created_at"], name="sentjob_alert_created")]

    def __str__(self) -> str:
        return f"job {self.job_id} for alert {self.alert_id}"
