"""Loading N generated jobs fast (COPY on PostgreSQL, batched inserts on SQLite), for benchmarks.

The rows are the demo generator's (careerboard.demo.generate), with longer descriptions; the
search index is built by the product's own code (job_search_rebuild's, in worker processes). Job id N is the generator's
N-th job, so board_roles() gives each job's role (ground truth for judged benchmarks). The
companies have no logo files: nothing measured here reads them, and 20,000 PNGs would only slow
the load (the demo board, `seed_demo`, has a logo for every company).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from careerboard.core.batches import batched

BATCH = 5000
# Processes indexing a board's jobs side by side (the analyzer is Python, one core each).
INDEX_WORKERS = int(os.environ.get("BENCH_INDEX_WORKERS", "2"))
INDEX_STEP = 20_000


def _taxonomy_ids() -> dict[str, dict[str, int]]:
    from careerboard.taxonomy.models import Industry, JobType, Level, Region

    return {
        "industries": dict(Industry.objects.values_list("slug", "id")),
        "job_types": dict(JobType.objects.values_list("slug", "id")),
        "levels": dict(Level.objects.values_list("slug", "id")),
        "regions": dict(Region.objects.values_list("slug", "id")),
    }


JOB_COLUMNS = (
    "id, company_id, title, slug, description, excerpt, timezone_min, timezone_max, salary_min, "
    "salary_max, salary_currency, salary_period, apply_method, apply_url, apply_email, status, "
    "featured, published_at, expires_at, external_source, external_id, created_at, updated_at, "
    "rejection_reason, spam_flags"
)
THROUGH = {
    "industries": ("jobs_job_industries", "industry_id"),
    "job_types": ("jobs_job_job_types", "jobtype_id"),
    "levels": ("jobs_job_levels", "level_id"),
    "regions": ("jobs_job_regions", "region_id"),
}


class _Writer:
    """Rows into a table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, table: str, columns: str) -> None:
        self.table, self.columns = table, columns
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            with (
                connection.connection.cursor() as cursor,
                cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy,
            ):
                for row in self.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.rows[0]))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", self.rows
                )
        self.rows = []


def job_count() -> int:
    from careerboard.jobs.models import Job

    return Job.objects.count()


def kept_board(jobs: int) -> None:
    """The database as a board of exactly `jobs` generated jobs, dated up to now: loaded when
    empty, kept between runs. Loading replaces every job, so a database that holds another
    number of jobs is refused rather than emptied."""
    held = job_count()
    if held not in (0, jobs):
        sys.exit(f"the database holds {held:,} jobs, not {jobs:,}; use an empty one")
    if held == 0:
        print(f"loading {jobs:,} jobs into {connection.vendor}...", flush=True)
        load_jobs(jobs)
    elif stale := board_staleness(jobs):
        # Not reloaded here: other runs may be using this board; emptying it is a decision.
        print(f"WARNING: {stale}; its figures are not comparable. Empty it to reload.", flush=True)
    keep_fresh()


def companies_for(jobs: int) -> int:
    """How many companies a board of `jobs` generated jobs has."""
    return max(50, min(20_000, jobs // 100))


def generated_jobs(count: int, *, min_words: int = 300, max_words: int = 800, now=None):
    """The generator's jobs for a board of `count` jobs, in id order (the first is job id 1)."""
    from careerboard.demo import generate

    return generate.jobs(
        count,
        companies_count=companies_for(count),
        now=now or timezone.now(),
        min_words=min_words,
        max_words=max_words,
    )


# How many of a kept board's first jobs board_staleness compares in full. The rarest role of
# the catalog is about 1 job in 170, so 2,000 jobs hold every role (generated in ~0.4 s).
CHECKED_JOBS = 2_000


def _as_held(job) -> tuple:
    """What the benchmarks read of a loaded job (not its dates: keep_fresh moves them)."""
    return (
        job.title,
        job.company.name,
        job.description,
        *(sorted(term.slug for term in getattr(job, name).all()) for name in THROUGH),
    )


def board_staleness(jobs: int) -> str:
    """Why the board in the database is not what the generator makes today ("" when it is).
    A board kept from before a generator change holds other jobs under the same ids, so its
    figures are not comparable and board_roles() would judge by the wrong roles.

    The first CHECKED_JOBS jobs are compared in full (title, company, description, taxonomy
    terms): a change in what the generator draws shows in the titles from the first job it
    touches, a change of wording (a role's duties, a skill's name, a company's product) in the
    descriptions, and those jobs cover every role of the catalog."""
    from careerboard.demo import generate
    from careerboard.jobs.models import Job

    checked = min(jobs, CHECKED_JOBS)
    held = {
        job.id: _as_held(job)
        for job in Job.objects.filter(id__lte=checked)
        .select_related("company")
        .prefetch_related(*THROUGH)
    }
    names = [company.name for company in generate.companies(companies_for(jobs))]
    fields = ("title", "company", "description", *THROUGH)
    for job_id, data in enumerate(itertools.islice(generated_jobs(jobs), checked), start=1):
        expected = (
            data.title,
            names[data.company_index],
            data.description,
            *(sorted(getattr(data, name)) for name in THROUGH),
        )
        found = held.get(job_id)
        if found != expected:
            if found is None:
                return f"job {job_id} is missing (the generator makes {data.title!r})"
            field = next(f for f, a, b in zip(fields, found, expected, strict=True) if a != b)
            return (
                f"job {job_id} ({found[0]!r}) differs in its {field} from the generator's "
                f"({data.title!r}): an older generator's board"
            )
    return ""


def board_roles(jobs: int) -> dict[int, str]:
    """Ground truth for a board loaded by load_jobs(jobs): job id -> the slug of the role
    (careerboard.demo.roles) it was generated from. Regenerates the board in memory (about
    17 s of CPU per 100,000 jobs) and checks every job's title on the way; refuses a board an
    older generator made."""
    from careerboard.jobs.models import Job

    if stale := board_staleness(jobs):
        raise SystemExit(f"no ground truth: {stale}. Empty the database to reload it.")
    titles = Job.objects.order_by("id").values_list("id", "title").iterator(chunk_size=10_000)
    roles = {}
    for (job_id, title), data in zip(titles, generated_jobs(jobs), strict=True):
        if title != data.title:
            raise SystemExit(
                f"no ground truth: job {job_id} is {title!r}, the generator's {data.title!r}: "
                "an older generator's board. Empty the database to reload it."
            )
        roles[job_id] = data.role
    return roles


def ensure_indexed(*, log=print) -> None:
    """Rebuild the search index when it is empty (a kept database after a schema change), and
    make sure the planner has statistics (measured: without them the through-table lookups of
    a page took 30 ms each at 1,000,000 jobs instead of 0.5 ms) and, on SQLite, that the text
    index is merged (a board kept from before the rebuild did both)."""
    from careerboard.search.models import SearchEntry
    from careerboard.search.services import search_index_settle

    if not SearchEntry.objects.exists():
        started = time.perf_counter()
        log("  search index empty; rebuilding...")
        rebuild_index(log=log)
        log(f"  indexed in {time.perf_counter() - started:.0f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        started = time.perf_counter()
        search_index_settle()
        log(f"  text index merged, statistics gathered ({time.perf_counter() - started:.0f}s)")


def load_jobs(count: int, *, min_words: int = 300, max_words: int = 800, log=print) -> None:
    """Replace every company and job with `count` generated jobs, then index them for search."""
    from careerboard.companies.models import Company
    from careerboard.core.html import excerpt
    from careerboard.demo import generate
    from careerboard.jobs.models import Job

    companies_count = companies_for(count)
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        Job.objects.all().delete()
        Company.objects.all().delete()
        companies = Company.objects.bulk_create(
            Company(name=c.name, slug=c.slug, website=c.website, description=c.description)
            for c in generate.companies(companies_count)
        )
        ids = _taxonomy_ids()
        jobs = _Writer("jobs_job", JOB_COLUMNS)
        links = {
            name: _Writer(table, f"job_id, {column}") for name, (table, column) in THROUGH.items()
        }
        for job_id, data in enumerate(
            generated_jobs(count, min_words=min_words, max_words=max_words, now=now), start=1
        ):
            jobs.add(
                (
                    job_id,
                    companies[data.company_index].id,
                    data.title,
                    data.slug,
                    data.description,
                    excerpt(data.description),
                    data.timezone_min,
                    data.timezone_max,
                    data.salary_min,
                    data.salary_max,
                    data.salary_currency,
                    data.salary_period,
                    data.apply_method,
                    data.apply_url,
                    data.apply_email,
                    "published",
                    data.featured,
                    data.published_at,
                    data.published_at + timedelta(days=30),
                    "",
                    "",
                    now,
                    now,
                    "",
                    "[]",
                )
            )
            for name, writer in links.items():
                for slug in getattr(data, name):
                    writer.add((job_id, ids[name][slug]))
            if job_id % 100_000 == 0:
                log(f"  generated {job_id:,} jobs ({time.perf_counter() - started:.0f}s)")
        jobs.flush()
        for writer in links.values():
            writer.flush()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('jobs_job', 'id'), %s)", [count]
                )
    log(f"  loaded {count:,} jobs in {time.perf_counter() - started:.0f}s; indexing...")
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        # Statistics of the freshly loaded jobs first: without them the indexer's reads of the
        # jobs and their terms were planned as scans (measured at 1,000,000 jobs: 9.8 s a
        # chunk of 2,000 instead of 1.0 s).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rebuild_index(log=log)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"  indexed in {time.perf_counter() - started:.0f}s")


def _index_jobs(job_ids: list[int]) -> int:
    """In a worker process: index these jobs, in their order, logging the progress."""
    from careerboard.jobs.indexing import job_search_sync

    started, indexed = time.perf_counter(), 0
    for step in batched(job_ids, INDEX_STEP):
        indexed += job_search_sync(job_ids=step)
        print(
            f"    {indexed:,} of {len(job_ids):,} ({time.perf_counter() - started:.0f}s)",
            flush=True,
        )
    return indexed


def rebuild_index(*, log=print) -> int:
    """What job_search_rebuild does (search_rebuilding around indexing every live job in order
    of publication), with the jobs dealt among INDEX_WORKERS processes a chunk each in turn, so
    they write side by side in nearly that order; returns how many are searchable. (On SQLite,
    one writer at a time: job_search_rebuild itself.)"""
    from django.db import connections

    from careerboard.jobs.indexing import CHUNK, job_search_rebuild
    from careerboard.jobs.models import Job
    from careerboard.search.analysis import analyzer
    from careerboard.search.services import search_index_settle, search_rebuilding

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # SQLite has one writer at a time; and jobs written in a transaction still open (a
        # test's board) are not seen by the workers' own connections.
        return job_search_rebuild()
    live = Job.objects.filter(status=Job.Status.PUBLISHED).order_by("published_at", "id")
    chunks = list(batched(live.values_list("id", flat=True), CHUNK))
    shares = [
        [i for chunk in chunks[n::INDEX_WORKERS] for i in chunk] for n in range(INDEX_WORKERS)
    ]
    analyzer()  # loaded once, before the workers fork
    with search_rebuilding():
        # The workers open connections of their own; none may share this process's.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(INDEX_WORKERS, mp_context=context) as pool:
            indexed = sum(pool.map(_index_jobs, shares))
        log(f"  {indexed:,} jobs indexed; building the search indexes...")
    search_index_settle()
    return indexed


def keep_fresh(*, now: datetime | None = None) -> None:
    """Shift every date so the newest job is from now: a kept PostgreSQL benchmark database
    never expires. (SQLite benchmark databases are made afresh each run.)"""
    from careerboard.search.backends.postgres_text import HOUR_TAG_PREFIX

    if connection.vendor != "postgresql":
        return
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(published_at) FROM jobs_job")
        newest = cursor.fetchone()[0]
        if newest is None:
            return
        shift = now - newest
        if shift < timedelta(hours=12):
            return
        cursor.execute(
            "UPDATE jobs_job SET published_at = published_at + %s, expires_at = expires_at + %s",
            [shift, shift],
        )
        # doc_id holds the publication second too (search.models.SearchEntry), and the
        # PostgreSQL document the hour (search.backends.postgres_text.HOUR_TAG_PREFIX).
        seconds = int(shift.total_seconds())
        cursor.execute(
            "UPDATE search_searchentry SET published_at = published_at + %s, "
            "expires_at = expires_at + %s, doc_id = doc_id + %s, "
            "document = ts_delete(document, ARRAY[%s || ((doc_id >> 24) / 3600)]) "
            "|| array_to_tsvector(ARRAY[%s || (((doc_id >> 24) + %s) / 3600)]), "
            "title_document = ts_delete(title_document, ARRAY[%s || ((doc_id >> 24) / 3600)]) "
            "|| array_to_tsvector(ARRAY[%s || (((doc_id >> 24) + %s) / 3600)])",
            [shift, shift, seconds << 24, *[HOUR_TAG_PREFIX, HOUR_TAG_PREFIX, seconds] * 2],
        )
