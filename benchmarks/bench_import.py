"""Importing a Jobicy-format file of BENCH_IMPORT_JOBS jobs (default 100,000) with import_jobs.

The file is made once from the demo generator (descriptions of 300 to 800 words), then imported
into a fresh SQLite file and, when the server is reachable, into a freshly created PostgreSQL
database (BENCH_IMPORT_DATABASE_URL, default `careerboard_bench_import` on the local server).
Budget: at most 2 minutes per import. BENCH_IMPORT_DB=sqlite or postgres runs one of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import setup_django

BUDGET_SECONDS = 120
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/careerboard_bench_import"


def write_jobicy_file(path: Path, count: int) -> None:
    """`count` generated jobs as a /api/v2/remote-jobs document (pure Python: Django is set up
    only in the child that imports them)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from careerboard.demo import generate
    from careerboard.taxonomy.data import INDUSTRIES, JOB_TYPES, LEVELS, REGIONS

    names = {slug: name for slug, name, *_ in (*INDUSTRIES, *JOB_TYPES, *LEVELS, *REGIONS)}
    companies = generate.companies(max(1, count // 100))
    now = datetime.now(UTC)

    def jobicy(number: int, job: generate.JobData) -> dict:
        return {
            "id": number,
            "url": f"https://feed.example/jobs/{number}-{job.slug}",
            "jobSlug": job.slug,
            "jobTitle": job.title,
            "companyName": companies[job.company_index].name,
            "companyLogo": False,
            "jobIndustry": [names[s] for s in job.industries],
            "jobType": [names[s] for s in job.job_types],
            "jobGeo": ", ".join(names[s] for s in job.regions) or "Anywhere",
            "jobLevel": ", ".join(names[s] for s in job.levels) or "Any",
            "jobDescription": job.description,
            "pubDate": job.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            # The generator gives both ends of a salary or neither.
            **(
                {}
                if job.salary_min is None
                else {
                    "salaryMin": job.salary_min,
                    "salaryMax": job.salary_max,
                    "salaryCurrency": job.salary_currency,
                    "salaryPeriod": job.salary_period,
                }
            ),
        }

    jobs = generate.jobs(
        count, companies_count=len(companies), now=now, min_words=300, max_words=800
    )
    with path.open("w") as handle:
        json.dump(
            {"apiVersion": "2", "jobs": [jobicy(n, job) for n, job in enumerate(jobs, start=1)]},
            handle,
        )


def child(path: Path) -> None:
    setup_django(var_dir=os.environ.get("VAR_DIR"))
    from django.db import connection

    from careerboard.jobs.importer import import_jobs
    from careerboard.jobs.models import Job

    started, cpu_started = time.perf_counter(), time.process_time()
    report = import_jobs(path)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    searchable = Job.objects.filter(status=Job.Status.PUBLISHED).count()
    verdict = "within" if seconds <= BUDGET_SECONDS else "OVER"
    print(
        f"{connection.vendor}: imported {report.created:,} created, {report.updated:,} updated, "
        f"{len(report.skipped):,} skipped in {seconds:.1f} s ({report.total / seconds:,.0f} rows/s; "
        f"{verdict} the {BUDGET_SECONDS} s budget); {searchable:,} published; this process used "
        f"{cpu_seconds:.1f} s of CPU; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )


def _fresh_postgres(url: str) -> bool:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
    try:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL unavailable ({error}); skipping the PostgreSQL import benchmark")
        return False
    return True


def main() -> None:
    count = int(os.environ.get("BENCH_IMPORT_JOBS", "100000"))
    with tempfile.TemporaryDirectory(prefix="careerboard-bench-import-") as workdir:
        path = Path(workdir) / "jobs.json"
        started = time.perf_counter()
        write_jobicy_file(path, count)
        size_mb = path.stat().st_size / 1e6
        print(
            f"wrote {count:,} jobs ({size_mb:,.0f} MB) in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        command = [sys.executable, "-m", "benchmarks.bench_import", "child", str(path)]
        target = os.environ.get("BENCH_IMPORT_DB", "both")
        if target in ("sqlite", "both"):
            sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            # The database holds a gigabyte once imported: it goes with the file.
            sqlite_env["VAR_DIR"] = workdir
            subprocess.run(command, env=sqlite_env, check=True)
        url = os.environ.get("BENCH_IMPORT_DATABASE_URL", DEFAULT_URL)
        if target in ("postgres", "both") and _fresh_postgres(url):
            subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    child(Path(sys.argv[2]))
