"""What search indexes of a job: the value the jobs package fills and hands to search.

Search never reads the jobs' tables or models: `jobs.indexing` builds one IndexedJob per live
job and passes them to `search.services.search_index_jobs`, and search answers searches with
job ids that the jobs package reads back (docs/architecture.md, "Search").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# doc_id keeps the job id's low 24 bits beside the publication second.
_JOB_ID_BITS = 24


@dataclass(frozen=True)
class IndexedJob:
    job_id: int
    company_id: int
    published_at: datetime
    expires_at: datetime
    featured: bool
    # Each taxonomy's terms as a set of Term.bit; an empty region set stands for Anywhere.
    industry_bits: int
    type_bits: int
    level_bits: int
    region_bits: int
    # US dollars per year, whatever the posted currency and period; None when unknown.
    salary_min_usd: int | None
    salary_max_usd: int | None
    timezone_min: int | None
    timezone_max: int | None
    title: str
    company_name: str
    description: str  # plain text

    @property
    def doc_id(self) -> int:
        """Newest first as one integer (search.models.SearchEntry.doc_id): the publication
        second shifted left 24 bits, plus the job id's low 24 bits."""
        second = int(self.published_at.timestamp())
        return (second << _JOB_ID_BITS) + self.job_id % (1 << _JOB_ID_BITS)


def first_doc_id(published_since: datetime) -> int:
    """The smallest doc_id a job published at or after this time can have."""
    return int(published_since.timestamp()) << _JOB_ID_BITS
