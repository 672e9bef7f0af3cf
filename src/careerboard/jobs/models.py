from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careerboard.core.html import excerpt, sanitize_html

# The longest description taken, as the API's HTML or the job form's Markdown.
MAX_DESCRIPTION_LENGTH = 50_000
# A card shows the first five skill tags; the job's page all of them.
MAX_SKILL_TAGS = 8


class Job(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"
        FILLED = "filled", "Filled"
        CLOSED = "closed", "Closed"

    class SalaryPeriod(models.TextChoices):
        HOUR = "hour", "per hour"
        MONTH = "month", "per month"
        YEAR = "year", "per year"

    class ApplyMethod(models.TextChoices):
        ON_SITE = "onsite", "On careerboard"
        URL = "url", "On the company's site"
        EMAIL = "email", "By email"

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="jobs")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(help_text="HTML; sanitized when saved.")
    excerpt = models.TextField(editable=False, blank=True)

    industries = models.ManyToManyField("taxonomy.Industry", blank=True, related_name="jobs")
    job_types = models.ManyToManyField("taxonomy.JobType", blank=True, related_name="jobs")
    levels = models.ManyToManyField("taxonomy.Level", blank=True, related_name="jobs")
    regions = models.ManyToManyField(
        "taxonomy.Region", blank=True, related_name="jobs", help_text="None means Anywhere."
    )
    # Working-hours overlap a team asks for, as UTC offsets in minutes (e.g. -300 to 60).
    timezone_min = models.SmallIntegerField(null=True, blank=True)
    timezone_max = models.SmallIntegerField(null=True, blank=True)

    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD.")
    salary_period = models.CharField(max_length=5, choices=SalaryPeriod.choices, blank=True)

    apply_method = models.CharField(
        max_length=6, choices=ApplyMethod.choices, default=ApplyMethod.ON_SITE
    )
    apply_url = models.URLField(blank=True)
    apply_email = models.EmailField(blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    featured = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Moderation: why the last review rejected the job, and what the spam checks flagged.
    rejection_reason = models.TextField(blank=True)
    spam_flags = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The catalog skills the job asks for, as names to show on its card and page: at most
    # MAX_SKILL_TAGS, required before nice to have. Written by the consultant's reading of each
    # published job (jobs.services.job_skill_tags_set), so jobs reads no skill catalog itself.
    skill_tags = models.JSONField(default=list, db_default=[], blank=True, editable=False)
    external_source = models.CharField(max_length=50, blank=True)
    external_id = models.CharField(max_length=100, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="job_status_published"),
            models.Index(
                fields=["status", "featured", "-published_at"], name="job_status_featured"
            ),
            models.Index(fields=["status", "expires_at"], name="job_status_expires"),
            models.Index(fields=["company", "status"], name="job_company_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="job_external_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_min_lte_max",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Here rather than in a service so the admin, imports and the API all store clean HTML.
        self.description = sanitize_html(self.description)
        self.excerpt = excerpt(self.description)
        if kwargs.get("update_fields") is not None and "description" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "excerpt"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"job_id": self.pk, "slug": self.slug})

    @property
    def is_open(self) -> bool:
        """Accepting applications: published, and not past its expiry even before the periodic
        expire_jobs has marked it expired."""
        return self.status == self.Status.PUBLISHED and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class ExchangeRate(models.Model):
    """What one unit of a currency is worth in US dollars; salaries are compared through it."""

    currency = models.CharField(max_length=3, primary_key=True, help_text="ISO 4217 code.")
    usd_per_unit = models.DecimalField(max_digits=14, decimal_places=8)
    as_of = models.DateField()

    class Meta:
        ordering = ["currency"]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit} USD"
