"""Career guides as data: the skill catalog, role guides and their sections, live market figures.

A guide's content comes from a YAML file under content/guides/ (`manage.py sync_guides`); staff
may edit it in the admin. `synced_hash` is the hash of the content as the last sync wrote it, so
a later sync can tell an admin edit (the stored content no longer hashes to it) from a file
change, and reports a conflict instead of overwriting the edit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse


class Skill(models.Model):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        SOFT = "soft", "Soft"

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100, unique=True, help_text="The canonical name.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)
    synced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillAlias(models.Model):
    """Another way people and job postings write a skill ("postgres" for PostgreSQL)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=100, unique=True, help_text="Lowercase.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["skill", "position", "id"]
        verbose_name_plural = "skill aliases"

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs) -> None:
        # Lookups compare lowercase text, so an alias typed in the admin must be stored so too.
        self.alias = " ".join(self.alias.split()).lower()
        super().save(*args, **kwargs)


class Level(models.TextChoices):
    """The seniority levels a guide describes responsibilities for."""

    JUNIOR = "junior", "Junior"
    MIDDLE = "middle", "Middle"
    SENIOR = "senior", "Senior"


class Guide(models.Model):
    class Rating(models.TextChoices):
        LOW = "Low", "Low"
        MODERATE = "Moderate", "Moderate"
        HIGH = "High", "High"
        VERY_HIGH = "Very High", "Very High"

    slug = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=120)
    synonyms = models.JSONField(
        default=list,
        help_text="Job titles meaning this role, lowercase; the first is the main one. "
        "A job matches the role when its title contains one as whole words.",
    )
    category = models.ForeignKey(
        "taxonomy.Industry", on_delete=models.PROTECT, related_name="guides"
    )
    summary = models.TextField()
    overview = models.TextField()
    key_aspects = models.JSONField(default=list)
    related = models.ManyToManyField(
        "self", through="GuideRelation", symmetrical=False, related_name="+", blank=True
    )
    degrees = models.JSONField(default=list)
    continuous_learning = models.JSONField(default=list)

    # Market outlook, as written in the guide (live figures are in GuideMarketSnapshot).
    top_industries = models.JSONField(default=list)
    demand = models.CharField(max_length=10, choices=Rating.choices)
    demand_note = models.CharField(max_length=300)
    growth_percent = models.DecimalField(max_digits=5, decimal_places=1)
    growth_period = models.CharField(max_length=20, help_text='e.g. "2023-2033".')
    growth_source_name = models.CharField(max_length=300)
    growth_source_url = models.URLField(max_length=500)
    growth_source_year = models.PositiveSmallIntegerField()
    remote = models.CharField(max_length=10, choices=Rating.choices)
    remote_note = models.CharField(max_length=300)

    search_text = models.TextField(blank=True, editable=False)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)
    synced_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Matching is case-insensitive; stored lowercase, an admin edit hashes like the file.
        self.synonyms = [" ".join(s.split()).lower() for s in self.synonyms]
        # Derived here, like Job.excerpt, so a sync and an admin edit both keep search right.
        self.search_text = " ".join(
            [self.title, *self.synonyms, self.summary, *self.key_aspects]
        ).lower()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("guides:detail", kwargs={"slug": self.slug})

    @property
    def main_synonym(self) -> str:
        return self.synonyms[0] if self.synonyms else self.title.lower()


class GuideRelation(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "related"], name="guide_relation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guide} → {self.related}"


class Responsibility(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="responsibilities")
    level = models.CharField(max_length=10, choices=Level.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "responsibilities"

    def __str__(self) -> str:
        return self.text


class SkillLink(models.Model):
    """A skill in an ordered list of skills (a guide's, a stage's)."""

    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.skill)


class GuideSkill(SkillLink):
    """A skill the role needs; technical or soft is the skill's own kind."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="guide_skills")

    class Meta(SkillLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["guide", "skill"], name="guide_skill_unique")
        ]


class ProgressionStage(models.Model):
    """One step of the career path. Its skills are the ones new at this step."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    years_from = models.PositiveSmallIntegerField()
    years_to = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty means open-ended (years_from and more)."
    )
    responsibilities = models.JSONField(default=list)
    skills = models.ManyToManyField(Skill, through="StageSkill", related_name="+", blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(years_to__isnull=True)
                | models.Q(years_to__gt=models.F("years_from")),
                name="stage_years_to_after_from",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.years_to is not None and self.years_to <= self.years_from:
            raise ValidationError({"years_to": "Must be more than years_from, or empty."})

    @property
    def years_label(self) -> str:
        if self.years_to is None:
            return f"{self.years_from}+ years"
        return f"{self.years_from}\N{EN DASH}{self.years_to} years"


class StageSkill(SkillLink):
    stage = models.ForeignKey(
        ProgressionStage, on_delete=models.CASCADE, related_name="stage_skills"
    )

    class Meta(SkillLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["stage", "skill"], name="stage_skill_unique")
        ]


class Certification(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(max_length=200)
    issuer = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"


class GuideMarketSnapshot(models.Model):
    """Live figures from the job board for one guide, computed by the worker (never per request).

    `figures` holds what careerboard.guides.market.MarketFigures serializes to; salary figures
    from fewer postings than the minimum sample are not stored at all.
    """

    guide = models.OneToOneField(Guide, on_delete=models.CASCADE, related_name="market_snapshot")
    computed_at = models.DateTimeField()
    open_jobs = models.PositiveIntegerField()
    figures = models.JSONField()

    def __str__(self) -> str:
        return f"{self.guide} at {self.computed_at:%Y-%m-%d %H:%M}"
