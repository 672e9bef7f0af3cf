"""Search backends: each turns a query into candidate rows; the search module does the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db import connection

from careerboard.search.filters import Filters
from careerboard.search.query import ParsedText


@dataclass(frozen=True)
class Candidate:
    job_id: int
    doc_id: int
    published_at: datetime
    salary_max_usd: int | None
    rank: float  # larger is more relevant; 0 without keywords
    industry_bits: int
    type_bits: int
    level_bits: int
    region_bits: int


@dataclass(frozen=True)
class IndexedJob:
    job_id: int
    doc_id: int
    industry_bits: int
    type_bits: int
    level_bits: int
    region_bits: int


@dataclass
class BackendResult:
    # Up to the cap of matching jobs: the total and the facets come from these, and so does the
    # page (ordered by the search module) unless the backend ordered the page itself.
    candidates: list[Candidate]
    page_ids: list[int] | None = None


CANDIDATE_COLUMNS = (
    "e.job_id, e.doc_id, e.published_at, e.salary_max_usd, {rank}, "
    "e.industry_bits, e.type_bits, e.level_bits, e.region_bits"
)


class SearchBackend(Protocol):
    # SQL for a job's publication time in whole seconds since 1970 (alias j = jobs_job).
    EPOCH_SQL: str

    def index_text(self, jobs: list[IndexedJob]) -> None:
        """Build the text index of these freshly written entries."""

    def remove_text(self, doc_ids: list[int]) -> None:
        """Drop these entries' text, before the entries themselves are deleted."""

    def clear(self) -> None:
        """Drop the whole text index (the entries are cleared by the caller)."""

    def search(
        self,
        text: ParsedText,
        raw_text: str,
        filters: Filters,
        *,
        sort: str,
        offset: int,
        limit: int,
        cap: int,
    ) -> BackendResult:
        """At most `cap` matching jobs; when the cap is reached, which ones is up to the backend,
        which then either returns them in `sort` order or orders the page itself (page_ids)."""


def search_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from careerboard.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from careerboard.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
