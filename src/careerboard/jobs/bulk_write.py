"""Writing many job rows at once, beneath the ORM, for the importer: Django's bulk_create and
bulk_update prepare every field of every object, which was most of an import's time. Rows go
with one COPY (PostgreSQL) or executemany each, and each written batch is indexed for search
while the next one is parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

from django.db import connection

from careerboard.jobs.indexing import job_search_sync
from careerboard.jobs.models import Job
from careerboard.jobs.services import JOB_LIFETIME


def _db_value(value: object) -> object:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class SearchIndexer:
    """Indexes each written batch for search. Outside a transaction the batches are committed,
    so a second thread (with its own connection) indexes one batch while the next is parsed
    and written: on PostgreSQL the database builds the text index while Python parses. Inside
    a caller's transaction the rows are visible to this connection only: indexed inline."""

    def __init__(self) -> None:
        self.pool: ThreadPoolExecutor | None = None
        self.pending: Future | None = None

    def __enter__(self) -> SearchIndexer:
        if not connection.in_atomic_block:
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-index")
        return self

    def index(self, job_ids: list[int]) -> None:
        if self.pool is None:
            job_search_sync(job_ids=job_ids)
            return
        self.wait()  # at most one batch waits, which bounds memory and keeps the order
        self.pending = self.pool.submit(job_search_sync, job_ids=job_ids)

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is None:
            return
        try:
            self.wait()
        finally:
            # The worker's own connection: `connection.close` looked up here would be ours.
            self.pool.submit(lambda: connection.close()).result()
            self.pool.shutdown()


class JobTable:
    """Rows of jobs_job written with one COPY or executemany each: Django's bulk_create and
    bulk_update prepare every field of every object, which was most of an import's time."""

    def __init__(self, *, now: datetime) -> None:
        self.now = now
        self.fields = {f.attname: f for f in Job._meta.concrete_fields if not f.primary_key}

    def insert(
        self, rows: list[dict[str, object]], *, source: str, external_ids: list[str]
    ) -> None:
        if not rows:
            return
        fixed = {
            "status": Job.Status.PUBLISHED,
            "expires_at": self.now + JOB_LIFETIME,
            "created_at": self.now,
            "updated_at": self.now,
            "external_source": source,
        }
        # Every other column gets the field's default, as a model instance would.
        defaults = {
            name: field.get_db_prep_save(field.get_default(), connection)
            for name, field in self.fields.items()
            if name not in rows[0] and name not in fixed and name != "external_id"
        }
        names = [*rows[0], *fixed, *defaults, "external_id"]
        constant = [_db_value(value) for value in fixed.values()] + list(defaults.values())
        insert_rows(
            Job._meta.db_table,
            [str(self.fields[name].column) for name in names],
            (
                [*(_db_value(value) for value in row.values()), *constant, external_id]
                for row, external_id in zip(rows, external_ids, strict=True)
            ),
        )

    def update(self, rows: list[tuple[int | None, dict[str, object]]]) -> None:
        """New content for existing jobs; a job staff ended stays ended, the others are live
        for another 30 days."""
        if not rows:
            return
        names = [*rows[0][1], "updated_at"]
        assignments = ", ".join(
            f"{connection.ops.quote_name(str(self.fields[name].column))} = %s" for name in names
        )
        table = Job._meta.db_table
        params: list[Any] = [
            [*(_db_value(v) for v in values.values()), _db_value(self.now), job_id]
            for job_id, values in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", params)  # noqa: S608
        Job.objects.filter(pk__in=[job_id for job_id, _ in rows]).exclude(
            status__in=[Job.Status.FILLED, Job.Status.CLOSED, Job.Status.REJECTED]
        ).update(status=Job.Status.PUBLISHED, expires_at=self.now + JOB_LIFETIME)


def insert_rows(table: str, columns: list[str], rows: Iterable[Sequence[object]]) -> None:
    """COPY on PostgreSQL (several times faster than INSERTs), executemany elsewhere."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY runs on psycopg's own cursor: Django's wrapper turns its errors into
            # django.db's, which the importer catches to skip only the refused rows.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            params: list[Any] = list(rows)
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", params)  # noqa: S608
