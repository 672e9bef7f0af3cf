"""Search backends: each turns a query into a total, facet counts and an ordered page.

The database backends first run one statement over at most `sample` matching jobs
(capped_search_sql): the database itself counts them, groups their taxonomy bit sets for the
facets and orders the asked page, so no more than a page of rows reaches Python. When there are
no more matches than that, this is the whole answer, exact. Past it, the bit sets stay those of
the sample (the facets become estimates), and the total and the page come from statements whose
cost follows the page, not the number of matches (docs/decisions/0002-search-execution.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol

from django.conf import settings
from django.db import connection

from careerboard.search.analysis import analyzer
from careerboard.search.entries import IndexedJob
from careerboard.search.filters import Filters
from careerboard.search.query import ParsedText

# One tag per taxonomy term of a job, as the text indexes hold them: i3, t0, l2, r14 (the
# column's letter and the term's bit), so taxonomy filters are matched inside the text index.
TAG_PREFIX = {"industry_bits": "i", "type_bits": "t", "level_bits": "l", "region_bits": "r"}


def mask_bits(mask: int) -> list[int]:
    """The positions of the set bits of a taxonomy bit set: its terms' Term.bit."""
    return [bit for bit in range(mask.bit_length()) if mask >> bit & 1]


def term_tags(column: str, mask: int) -> list[str]:
    """The tags of the terms in one taxonomy bit set (column: an IndexedJob bit-set field)."""
    return [f"{TAG_PREFIX[column]}{bit}" for bit in mask_bits(mask)]


def analyzed_fields(job: IndexedJob) -> tuple[str, str, str]:
    """A job's title, company name and description as the text indexes store them: the
    analyzer's tokens, space-separated (see search.analysis)."""
    analyze = analyzer().document
    return (
        " ".join(analyze(job.title, title=True)),
        " ".join(analyze(job.company_name)),
        " ".join(analyze(job.description)),
    )


class BitSetCount(NamedTuple):
    jobs: int
    industry_bits: int
    type_bits: int
    level_bits: int
    region_bits: int


@dataclass
class BackendResult:
    total: int  # at most the cap
    bit_sets: list[BitSetCount]  # per facet, how many candidates have each set of its terms
    page_ids: list[int]
    # How many matches the bit sets cover, when that is a sample of fewer than the total.
    sample_size: int | None = None


# Candidates are selected as (job_id, doc_id, salary_max_usd, rank, four bit sets) into `c`;
# doc_id orders jobs newest first and breaks every tie, as it includes the job id.
CANDIDATE_COLUMNS = (
    "e.job_id, e.doc_id, e.salary_max_usd, {rank} AS rank, "
    "e.industry_bits, e.type_bits, e.level_bits, e.region_bits"
)
PAGE_ORDER = {
    "relevance": "rank DESC, doc_id DESC",
    "newest": "doc_id DESC",
    "salary": "salary_max_usd IS NULL, salary_max_usd DESC, doc_id DESC",
}


# The order of a page by salary asked for on its own (alias e), served by an index of the
# entries.
PAGE_SORT_SQL = {
    "salary": "e.salary_max_usd IS NULL, e.salary_max_usd DESC, e.doc_id DESC",
}


def capped_search_sql(candidates_sql: str, sort: str) -> str:
    """One statement over the capped candidates: a total row (kind 0), per facet one row for
    each distinct bit set with its count, other facets' columns 0 (kind 1), and the page's jobs
    in order (kind 2, numbered by `seq`).

    Parameters: the candidate query's, then the page's limit and offset."""
    return f"""
    WITH c AS MATERIALIZED ({candidates_sql})
    SELECT 0 AS kind, COUNT(*) AS a, 0 AS b, 0 AS c2, 0 AS d, 0 AS f, 0 AS seq FROM c
    UNION ALL
    SELECT 1, COUNT(*), industry_bits, 0, 0, 0, 0 FROM c GROUP BY industry_bits
    UNION ALL
    SELECT 1, COUNT(*), 0, type_bits, 0, 0, 0 FROM c GROUP BY type_bits
    UNION ALL
    SELECT 1, COUNT(*), 0, 0, level_bits, 0, 0 FROM c GROUP BY level_bits
    UNION ALL
    SELECT 1, COUNT(*), 0, 0, 0, region_bits, 0 FROM c GROUP BY region_bits
    UNION ALL
    SELECT 2, job_id, 0, 0, 0, 0, ROW_NUMBER() OVER (ORDER BY {PAGE_ORDER[sort]}) FROM (
        SELECT * FROM c ORDER BY {PAGE_ORDER[sort]} LIMIT %s OFFSET %s
    ) AS page
    """


def read_capped_rows(rows: list[tuple]) -> BackendResult:
    total = next(row[1] for row in rows if row[0] == 0)
    bit_sets = [BitSetCount(*row[1:6]) for row in rows if row[0] == 1]
    page = sorted((row for row in rows if row[0] == 2), key=lambda row: row[6])
    return BackendResult(total, bit_sets, [row[1] for row in page])


class SearchBackend(Protocol):
    def index_text(self, jobs: list[IndexedJob]) -> None:
        """Build the text index of these jobs, whose entries were just written."""

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
        sample: int,
    ) -> BackendResult:
        """The total (at most `cap`), facet bit sets and page of a search. The bit sets may
        cover a sample of at least `sample` matches (BackendResult.sample_size), which ones is
        the backend's choice; the page is always in `sort` order over every match."""


def search_backend() -> SearchBackend:
    """The database's own text index, or OpenSearch when SEARCH_BACKEND says so."""
    if settings.SEARCH_BACKEND == "opensearch":
        from careerboard.search.backends.opensearch import OpenSearchBackend

        return OpenSearchBackend()
    if connection.vendor == "postgresql":
        from careerboard.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from careerboard.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
