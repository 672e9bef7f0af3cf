"""What an alert asks for (`Criteria`) and what a job offers (`JobFacts`), read as the search
reads them, and whether one job fits one alert (`job_matches`), straight from the definitions:
the reference the matching engine (alerts.matching) is tested against, and the pieces of the
definition the engine shares.

Pure Python, with no Django import, like the engine. The Django side (alerts.selectors) turns
alerts into `Criteria` and live jobs into `JobFacts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from careerboard.search.analysis import analyzer

Words = tuple[str, ...]  # one word, or the words of a phrase

# --- Words ----------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def analyzed(term: Words) -> Words:
    """A keyword term as search reads it (search.analysis): a saved search's terms are
    analyzed already, and analyzing tokens again leaves them as they are."""
    return tuple(analyzer().canonical(" ".join(term)))


def normalize(text: str, *, title: bool = False) -> list[str]:
    """A text's tokens as the search index holds them (search.analysis), in order."""
    return analyzer().document(text, title=title)


# --- What an alert asks for, and what a job offers -----------------------------------------


@dataclass(frozen=True, slots=True)
class Criteria:
    """An alert's saved search. Keywords: every group must match, a group when any of its
    terms does (OR), and no excluded term may. Filters as the search has them: a taxonomy mask
    matches a job sharing any bit (0: no filter; regions already include their ancestors),
    salaries overlap in US dollars per year, time zones overlap the job's working hours."""

    groups: tuple[tuple[Words, ...], ...] = ()
    excluded: tuple[Words, ...] = ()
    industry_mask: int = 0
    type_mask: int = 0
    level_mask: int = 0
    region_mask: int = 0
    companies: frozenset[str] = field(default_factory=frozenset)
    salary_min: int | None = None
    salary_max: int | None = None
    timezone_min: int | None = None
    timezone_max: int | None = None
    featured_only: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "groups": [[list(term) for term in group] for group in self.groups],
            "excluded": [list(term) for term in self.excluded],
            "industry_mask": self.industry_mask,
            "type_mask": self.type_mask,
            "level_mask": self.level_mask,
            "region_mask": self.region_mask,
            "companies": sorted(self.companies),
            "salary_min": self.salary_min,
            "salary_max": self.salary_max,
            "timezone_min": self.timezone_min,
            "timezone_max": self.timezone_max,
            "featured_only": self.featured_only,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Criteria:
        return cls(
            groups=tuple(tuple(tuple(term) for term in group) for group in data["groups"]),
            excluded=tuple(tuple(term) for term in data["excluded"]),
            industry_mask=data["industry_mask"],
            type_mask=data["type_mask"],
            level_mask=data["level_mask"],
            region_mask=data["region_mask"],
            companies=frozenset(data["companies"]),
            salary_min=data["salary_min"],
            salary_max=data["salary_max"],
            timezone_min=data["timezone_min"],
            timezone_max=data["timezone_max"],
            featured_only=data["featured_only"],
        )


@dataclass(frozen=True, slots=True)
class JobFacts:
    """A live job as alerts see it: its text (description as plain text) and the columns of
    its search entry (taxonomy bit sets, salary per year in US dollars, working hours)."""

    job_id: int
    title: str
    company_name: str
    description: str
    company: str = ""  # the company's slug
    featured: bool = False
    industry_bits: int = 0
    type_bits: int = 0
    level_bits: int = 0
    region_bits: int = 0
    salary_min_usd: int | None = None
    salary_max_usd: int | None = None
    timezone_min: int | None = None
    timezone_max: int | None = None


TAXONOMY = (
    ("industry_mask", "industry_bits"),
    ("type_mask", "type_bits"),
    ("level_mask", "level_bits"),
    ("region_mask", "region_bits"),
)


def _job_salary_high(job: JobFacts) -> int | None:
    return job.salary_max_usd if job.salary_max_usd is not None else job.salary_min_usd


def _job_salary_low(job: JobFacts) -> int | None:
    return job.salary_min_usd if job.salary_min_usd is not None else job.salary_max_usd


def salary_fits(job: JobFacts, end: str, bound: int) -> bool:
    """Ranges overlap when each starts before the other ends; a job without a salary cannot be
    said to fit a salary filter."""
    if end == "min":
        high = _job_salary_high(job)
        return high is not None and high >= bound
    low = _job_salary_low(job)
    return low is not None and low <= bound


def timezone_window(criteria: Criteria) -> tuple[int, int] | None:
    """The alert's time-zone range; one end given stands for both."""
    low = criteria.timezone_min if criteria.timezone_min is not None else criteria.timezone_max
    high = criteria.timezone_max if criteria.timezone_max is not None else criteria.timezone_min
    return None if low is None or high is None else (low, high)


def timezone_fits(job: JobFacts, low: int, high: int) -> bool:
    # A job that asks for no working-hours overlap suits every time zone.
    if job.timezone_min is None:
        return True
    return job.timezone_max is not None and job.timezone_min <= high and job.timezone_max >= low


def _contains(fields: Sequence[Sequence[str]], words: Words) -> bool:
    """Whether the tokens occur one after the other in one field (no tokens: a term of stop
    words only, which search ignores)."""
    if not words:
        return True
    if len(words) == 1:
        return any(words[0] in tokens for tokens in fields)
    size = len(words)
    for tokens in fields:
        first = words[0]
        for start, token in enumerate(tokens):
            if token == first and tuple(tokens[start : start + size]) == words:
                return True
    return False


def job_fields(job: JobFacts) -> tuple[list[str], ...]:
    return normalize(job.title, title=True), normalize(job.company_name), normalize(job.description)


def job_matches(criteria: Criteria, job: JobFacts) -> bool:
    """Whether one job fits one alert, straight from the definitions (the engine's reference)."""
    fields = job_fields(job)
    for group in criteria.groups:
        if not any(_contains(fields, analyzed(term)) for term in group):
            return False
    if any(_contains(fields, analyzed(term)) for term in criteria.excluded if analyzed(term)):
        return False
    for mask_name, bits_name in TAXONOMY:
        mask = getattr(criteria, mask_name)
        if mask and not mask & getattr(job, bits_name):
            return False
    if criteria.companies and job.company not in criteria.companies:
        return False
    if criteria.featured_only and not job.featured:
        return False
    if criteria.salary_min is not None and not salary_fits(job, "min", criteria.salary_min):
        return False
    if criteria.salary_max is not None and not salary_fits(job, "max", criteria.salary_max):
        return False
    window = timezone_window(criteria)
    return window is None or timezone_fits(job, *window)
