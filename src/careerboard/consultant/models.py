"""The personal career consultant for Plus members: a person's profile, the reports kept over
time, and the skills each job asks for (found once per job, so a report never reads postings)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

MAX_YEARS = 60
# A yearly salary beyond this is a typo (or a joke), not an expectation to compare.
MAX_SALARY_USD = 2_000_000


class Profile(models.Model):
    """What a person tells the consultant about themselves. Salary is US dollars per year."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant_profile"
    )
    current_title = models.CharField(max_length=120, blank=True)
    years_experience = models.PositiveSmallIntegerField(default=0)
    skills = models.ManyToManyField("guides.Skill", related_name="+", blank=True)
    certifications = models.JSONField(default=list, blank=True)
    education = models.CharField(max_length=300, blank=True)
    target_guide = models.ForeignKey(
        "guides.Guide", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Responsibilities of the target guide's stages the person already carries (their texts).
    responsibilities = models.JSONField(default=list, blank=True)
    regions = models.ManyToManyField("taxonomy.Region", related_name="+", blank=True)
    salary_expectation_usd = models.PositiveIntegerField(null=True, blank=True)
    job_type = models.ForeignKey(
        "taxonomy.JobType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"consultant profile of user {self.user_id}"


class Report(models.Model):
    """The report as it was when the profile was saved: the progress a person sees over time.
    `summary` holds the level and coverage figures (not the recommendations, which age)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant_reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    guide_title = models.CharField(max_length=120)
    stage_title = models.CharField(max_length=120)
    stage_coverage_percent = models.PositiveSmallIntegerField()
    next_stage_title = models.CharField(max_length=120, blank=True)
    next_stage_coverage_percent = models.PositiveSmallIntegerField(null=True)
    skills_count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="consultant_report_user")]

    def __str__(self) -> str:
        return f"report of user {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"


class JobSkillSet(models.Model):
    """The catalog skills a published job's title and description name (`nice_ids`: those it
    names only as nice to have), and the guides (roles) its title belongs to, as space-separated
    ids: one compact row per job, read whole into the
    consultant's index. `catalog` is the fingerprint of the skill catalog and guide synonyms
    the row was computed with, so a catalog change re-indexes every job."""

    job = models.OneToOneField(
        "jobs.Job", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    skill_ids = models.TextField(blank=True)
    nice_ids = models.TextField(blank=True, default="")
    guide_ids = models.TextField(blank=True)
    catalog = models.CharField(max_length=16)
    indexed_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"skills of job {self.job_id}"
