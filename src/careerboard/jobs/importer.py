"""Importing jobs from a Jobicy-format JSON document or a CSV with the same columns.

Rows are upserted by (external_source, external_id), in batches: every batch is a handful of
set-based statements (bulk inserts and updates, the taxonomy links, the search index), so
100,000 jobs import in about a minute. A row that cannot be imported is skipped with its
reason and never stops the import; if the database refuses a whole batch, the batch is
retried row by row so only the bad rows are lost.

Imported jobs come from a trusted feed: they are published at once for 30 days, with no review.

Mapping (docs/api.md has the full table):
- industries, job types and levels match a term's name or slug, ignoring case; an unknown one is
  left out and reported as a warning, the job is still imported;
- the geo must match: an unknown region would turn a job limited to one country into one open
  Anywhere, so such a row is skipped;
- a company is found by its exact name, or created.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from careerboard.companies.services import companies_by_name
from careerboard.core.html import excerpt, sanitize_html
from careerboard.core.text import clean_line, clean_text
from careerboard.jobs.bulk_write import JobTable, SearchIndexer, insert_rows
from careerboard.jobs.models import Job
from careerboard.jobs.salary import exchange_rates
from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term

BATCH = 5000
MAX_SALARY = 100_000_000
LIST_FIELDS = ("jobIndustry", "jobType", "jobLevel")
CSV_COLUMNS = (
    "id", "url", "jobTitle", "companyName", "jobIndustry", "jobType", "jobGeo", "jobLevel",
    "jobDescription", "pubDate", "salaryMin", "salaryMax", "salaryCurrency", "salaryPeriod",
)  # fmt: skip
PERIODS = {
    "hour": "hour", "hourly": "hour", "month": "month", "monthly": "month",
    "year": "year", "yearly": "year", "annual": "year", "annually": "year",
}  # fmt: skip
# Names feeds use for "no restriction" besides our own "Anywhere".
ANYWHERE_NAMES = {"anywhere", "worldwide", "global", "remote"}
TERM_FIELDS = (
    ("industries", Industry, "jobIndustry"),
    ("job_types", JobType, "jobType"),
    ("levels", Level, "jobLevel"),
)


class RowError(ValueError):
    """Why a row is skipped."""


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (row, reason)
    warnings: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.created + self.updated + len(self.skipped)


@dataclass
class ParsedRow:
    label: str
    external_id: str
    company_name: str
    values: dict[str, object]  # Job attribute -> value
    terms: dict[str, list[int]]
    job_id: int | None = None


def read_rows(path: Path) -> list[dict]:
    """The job rows of a Jobicy JSON document ({"jobs": [...]}) or of a CSV file."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            start = handle.read(1)
            while start.isspace():
                start = handle.read(1)
            handle.seek(0)
            if start in ("{", "["):
                return _json_rows(json.load(handle))
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "id" not in reader.fieldnames:
                raise ImportFileError(
                    f"A CSV needs a header row with the columns: {', '.join(CSV_COLUMNS)}."
                )
            return list(reader)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as error:
        raise ImportFileError(f"Cannot read {path}: {error}") from error


def _json_rows(document: object) -> list[dict]:
    jobs = document.get("jobs") if isinstance(document, dict) else None
    if not isinstance(jobs, list):
        raise ImportFileError(
            'A JSON document needs a "jobs" list, as /api/v2/remote-jobs returns.'
        )
    return jobs


def _text(row: dict, name: str, *, lines: bool = False) -> str:
    """A text field without control characters (core/text.py): one line unless `lines`.
    Rows are written with COPY, so the cleaning of model saves does not reach them."""
    value = row.get(name)
    if value is None or value is False:
        return ""
    if not isinstance(value, str | int | float):
        raise RowError(f"{name} must be text")
    return (clean_text if lines else clean_line)(str(value)).strip()


def _list(row: dict, name: str) -> list[str]:
    """A list field: a JSON list, or text with values separated by commas (CSV)."""
    value = row.get(name)
    items = value if isinstance(value, list) else _text(row, name).split(",")
    cleaned = (clean_line(str(item)).strip() for item in items)
    return [item for item in cleaned if item]


def _amount(row: dict, name: str) -> int | None:
    value = row.get(name)
    if value in (None, "", False):
        return None
    try:
        amount = round(float(value))
    except (TypeError, ValueError):
        raise RowError(f"{name} must be a number") from None
    if not 0 <= amount <= MAX_SALARY:
        raise RowError(f"{name} is out of range")
    return amount


@lru_cache(maxsize=4096)  # a feed repeats a few dozen names across all its rows
def _key(value: str) -> str:
    return slugify(value.replace("_", "-"))


class JobImporter:
    def __init__(self, *, source: str = "jobicy", now: datetime | None = None) -> None:
        self.source = source
        self.now = now or timezone.now()
        self.report = ImportReport()
        self.terms = {name: self._lookup(model) for name, model, _ in TERM_FIELDS}
        self.regions = self._lookup(Region)
        self.anywhere_ids = set(
            Region.objects.filter(kind=Region.Kind.ANYWHERE).values_list("id", flat=True)
        )
        self.currencies = set(exchange_rates())
        self.seen_ids: set[str] = set()

    @staticmethod
    def _lookup(model: type[Term]) -> dict[str, int]:
        lookup: dict[str, int] = {}
        for term_id, slug, name in model.objects.values_list("id", "slug", "name"):  # type: ignore[attr-defined]
            lookup[_key(name)] = lookup[slug] = term_id
        return lookup

    def run(
        self, rows: Iterable[dict], *, progress: Callable[[int], object] = lambda n: None
    ) -> ImportReport:
        batch: list[tuple[int, dict]] = []
        with SearchIndexer() as self.indexer:
            for number, row in enumerate(rows, start=1):
                batch.append((number, row))
                if len(batch) == BATCH:
                    self._import_batch(batch)
                    progress(len(batch))
                    batch = []
            if batch:
                self._import_batch(batch)
                progress(len(batch))
        return self.report

    # --- one row ---------------------------------------------------------------------------

    def _parse(self, number: int, row: object) -> ParsedRow:
        if not isinstance(row, dict):
            raise RowError("not an object")
        external_id = _text(row, "id")
        if not external_id:
            raise RowError("no id")
        if len(external_id) > 100:
            raise RowError("id is longer than 100 characters")
        if external_id in self.seen_ids:
            raise RowError(f"id {external_id} appears earlier in the file")
        title = _text(row, "jobTitle")
        if not 3 <= len(title) <= 200:
            raise RowError("jobTitle must have 3 to 200 characters")
        company_name = _text(row, "companyName")
        if not company_name or len(company_name) > 200:
            raise RowError("companyName must have 1 to 200 characters")
        description = sanitize_html(_text(row, "jobDescription", lines=True))
        summary = excerpt(description)
        # The excerpt is the whole text when that is short, so it measures short texts.
        if len(summary) < 30:
            raise RowError("jobDescription has fewer than 30 characters of text")
        apply_url = _text(row, "url")
        address = urlsplit(apply_url)
        if address.scheme not in ("http", "https") or not address.hostname or " " in apply_url:
            raise RowError("url is not an http(s) address")
        if len(apply_url) > 200:
            raise RowError("url is longer than 200 characters")
        values = {
            "title": title,
            "slug": slugify(title)[:200] or "job",
            "description": description,
            "excerpt": summary,
            "apply_method": Job.ApplyMethod.URL,
            "apply_url": apply_url,
            "published_at": self._published_at(row),
            "salary_min": None,
            "salary_max": None,
            "salary_currency": "",
            "salary_period": "",
            **self._salary(row),
        }
        terms = {"regions": self._regions(row)}
        for name, _, column in TERM_FIELDS:
            terms[name] = self._terms(name, column, row)
        self.seen_ids.add(external_id)
        return ParsedRow(
            f"row {number} (id {external_id})", external_id, company_name, values, terms
        )

    def _published_at(self, row: dict) -> datetime:
        raw = _text(row, "pubDate")
        if not raw:
            return self.now
        try:
            moment = parse_datetime(raw.replace(" ", "T", 1))
        except ValueError:
            moment = None
        if moment is None:
            raise RowError(f"pubDate {raw!r} is not an ISO 8601 date and time")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        return min(moment, self.now)

    def _salary(self, row: dict) -> dict:
        low, high = _amount(row, "salaryMin"), _amount(row, "salaryMax")
        if low is None and high is None:
            # Older Jobicy documents carry yearly figures only.
            low, high = _amount(row, "annualSalaryMin"), _amount(row, "annualSalaryMax")
            period = "year" if low is not None or high is not None else ""
        else:
            period = PERIODS.get(_text(row, "salaryPeriod").lower(), "")
            if not period:
                raise RowError("salaryPeriod must be hour, month or year")
        if low is None and high is None:
            return {}
        if low is not None and high is not None and low > high:
            raise RowError("salaryMin is above salaryMax")
        currency = _text(row, "salaryCurrency").upper() or "USD"
        if currency not in self.currencies:
            raise RowError(f"salaryCurrency {currency!r} is not a currency we know")
        return {
            "salary_min": low,
            "salary_max": high,
            "salary_currency": currency,
            "salary_period": period,
        }

    def _regions(self, row: dict) -> list[int]:
        names = _list(row, "jobGeo")
        ids = []
        for name in names:
            if name.lower() in ANYWHERE_NAMES:
                continue
            region_id = self.regions.get(_key(name))
            if region_id is None:
                raise RowError(f"jobGeo {name!r} is not a region we know")
            if region_id not in self.anywhere_ids and region_id not in ids:
                ids.append(region_id)
        return ids

    def _terms(self, name: str, column: str, row: dict) -> list[int]:
        ids = []
        for value in _list(row, column):
            term_id = self.terms[name].get(_key(value))
            if term_id is None:
                self.report.warnings[f"unknown {column} {value!r} left out"] += 1
            elif term_id not in ids:
                ids.append(term_id)
        return ids

    # --- a batch ---------------------------------------------------------------------------

    def _import_batch(self, batch: list[tuple[int, dict]]) -> None:
        parsed: list[ParsedRow] = []
        for number, row in batch:
            try:
                parsed.append(self._parse(number, row))
            except RowError as problem:
                label = f"row {number}" + (
                    f" (id {row.get('id')})" if isinstance(row, dict) and row.get("id") else ""
                )
                self.report.skipped.append((label, str(problem)))
        if not parsed:
            return
        try:
            self._write(parsed)
        except DatabaseError:
            # Something the checks above let through; find the rows the database refuses.
            for item in parsed:
                try:
                    self._write([item])
                except DatabaseError as error:
                    item.job_id = None
                    self.report.skipped.append(
                        (item.label, f"refused by the database: {error}".strip())
                    )
        self.indexer.index([row.job_id for row in parsed if row.job_id is not None])

    def _write(self, rows: list[ParsedRow]) -> None:
        with transaction.atomic():
            company_ids = companies_by_name(names={row.company_name for row in rows})
            existing = self._job_ids([row.external_id for row in rows])
            for row in rows:
                row.values["company_id"] = company_ids[row.company_name]
                row.job_id = existing.get(row.external_id)
            new = [row for row in rows if row.job_id is None]
            changed = [row for row in rows if row.job_id is not None]
            table = JobTable(now=self.now)
            table.insert(
                [row.values for row in new],
                source=self.source,
                external_ids=[row.external_id for row in new],
            )
            table.update([(row.job_id, row.values) for row in changed])
            created = self._job_ids([row.external_id for row in new])
            for row in new:
                row.job_id = created[row.external_id]
            _link(rows, replace=[row.job_id for row in changed])
        self.report.created += len(new)
        self.report.updated += len(changed)

    def _job_ids(self, external_ids: list[str]) -> dict[str, int]:
        return dict(
            Job.objects.filter(external_source=self.source, external_id__in=external_ids)
            .exclude(external_id="")  # lets the database use the partial unique index
            .values_list("external_id", "id")
        )


def _link(rows: list[ParsedRow], *, replace: list[int | None]) -> None:
    """The jobs' taxonomy terms; `replace` lists the jobs whose old terms go first."""
    for name in ("industries", "job_types", "levels", "regions"):
        through = getattr(Job, name).through
        column = getattr(Job, name).field.m2m_reverse_field_name() + "_id"
        if replace:
            through.objects.filter(job_id__in=replace).delete()
        insert_rows(
            through._meta.db_table,
            ["job_id", column],
            ((row.job_id, term_id) for row in rows for term_id in row.terms[name]),
        )


def import_jobs(
    path: Path,
    *,
    source: str = "jobicy",
    progress_factory: Callable[[int], Callable[[int], object]] | None = None,
) -> ImportReport:
    """Import a file; `progress_factory(total)` gives a callback told how many rows were done."""
    rows = read_rows(path)
    importer = JobImporter(source=source)
    progress = progress_factory(len(rows)) if progress_factory else (lambda n: None)
    return importer.run(rows, progress=progress)
