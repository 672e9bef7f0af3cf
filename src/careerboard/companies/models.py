from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.db import models
from django.urls import reverse


class Company(models.Model):
    class Size(models.TextChoices):
        """Head count, in the ranges job boards and LinkedIn use (value: "min-max")."""

        XS = "1-10", "1\u201310 people"
        S = "11-50", "11\u201350 people"
        M = "51-200", "51\u2013200 people"
        L = "201-500", "201\u2013500 people"
        XL = "501-1000", "501\u20131,000 people"
        XXL = "1001-5000", "1,001\u20135,000 people"
        XXXL = "5001+", "5,001+ people"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    # Written only by companies.services.company_logo_set, as a PNG we encoded (core/uploads.py).
    logo = models.ImageField(upload_to="logos/%Y/%m/", blank=True)
    description = models.TextField(blank=True, help_text="Plain text; shown escaped.")
    headquarters = models.ForeignKey(
        "taxonomy.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.CharField(max_length=9, choices=Size.choices, blank=True)
    verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def size_bounds(self) -> tuple[int, int | None] | None:
        """The head count's range as numbers (no upper bound for the largest), None unknown."""
        if not self.size:
            return None
        low, _, high = self.size.rstrip("+").partition("-")
        return int(low), int(high) if high else None

    @property
    def logo_absolute_url(self) -> str:
        """The logo's full address ("" without one): MEDIA_URL may be a path on this site or
        an origin of its own (docs/operations.md)."""
        return urljoin(settings.SITE_URL + "/", self.logo.url) if self.logo else ""


class Membership(models.Model):
    """An employer account acting for a company; one person may act for several."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MEMBER = "member", "Member"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"], name="membership_company_user_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"
