"""Filter vocabularies of the board. They are data rows (loaded by migration), not code."""

from __future__ import annotations

from django.db import models


class Term(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")
    # The search index keeps each job's terms of one vocabulary as a 63-bit set; this is the
    # term's bit. Assigned once, in data order (taxonomy/data.py lists are append-only).
    bit = models.PositiveSmallIntegerField(unique=True, null=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(bit__lte=62), name="%(class)s_bit_fits")
        ]

    def __str__(self) -> str:
        return self.name


class Industry(Term):
    class Meta(Term.Meta):
        verbose_name_plural = "industries"


class JobType(Term):
    pass


class Level(Term):
    pass


class Region(Term):
    class Kind(models.TextChoices):
        ANYWHERE = "anywhere", "Anywhere"
        AREA = "area", "Area"
        COUNTRY = "country", "Country"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    country_code = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")

    class Meta(Term.Meta):
        pass

    @property
    def is_anywhere(self) -> bool:
        return self.kind == self.Kind.ANYWHERE
