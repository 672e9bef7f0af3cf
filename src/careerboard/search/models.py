from __future__ import annotations

from django.db import models
from django.db.models.lookups import IsNull


class SearchEntry(models.Model):
    """One row per live job: everything search filters and sorts on, in plain indexed columns.

    The text index lives beside it and is backend-specific: a weighted tsvector column with a GIN
    index on PostgreSQL, an FTS5 table (search_fts) on SQLite. Both are added by migration 0002.
    """

    job = models.OneToOneField(
        "jobs.Job", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # Newest first, as one integer: the publication second shifted left 24 bits, plus the job id's
    # low 24 bits. SQLite's FTS5 table uses it as its rowid, so the full-text index itself yields
    # matches newest first and a capped search stops early instead of sorting every match.
    doc_id = models.BigIntegerField(unique=True)
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    published_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    featured = models.BooleanField(default=False)
    # Sets of taxonomy terms as bits (taxonomy Term.bit); a region set has the "anywhere" bit
    # when the job names no region.
    industry_bits = models.BigIntegerField(default=0)
    type_bits = models.BigIntegerField(default=0)
    level_bits = models.BigIntegerField(default=0)
    region_bits = models.BigIntegerField(default=0)
    salary_min_usd = models.IntegerField(null=True, help_text="Per year, in US dollars.")
    salary_max_usd = models.IntegerField(null=True, help_text="Per year, in US dollars.")
    timezone_min = models.SmallIntegerField(null=True)
    timezone_max = models.SmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["-published_at", "-job"], name="search_entry_newest"),
            # A page by salary walks this index (search.backends.PAGE_SORT_SQL).
            models.Index(
                IsNull(models.F("salary_max_usd"), True),
                models.F("salary_max_usd").desc(),
                models.F("doc_id").desc(),
                name="search_entry_salary_page",
            ),
            models.Index(fields=["company", "-published_at"], name="search_entry_company"),
            # The few expired jobs still indexed, subtracted from a count made in the text index.
            models.Index(fields=["expires_at"], name="search_entry_expires"),
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"search entry of job {self.job_id}"
