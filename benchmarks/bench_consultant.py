"""The career consultant on a large board: one person's report with job recommendations.

BENCH_CONSULTANT_JOBS jobs (default 100,000) from the shared loader (benchmarks/jobdata.py), on
DATABASE_URL if set (an empty database is loaded; one that holds exactly that many jobs is used
as it is; any other is refused), else on a fresh SQLite file. The jobs' skill sets are found
by the product's own command (consultant_index_jobs), timed.

Measured: GET /api/v1/consultant/report (the level, gaps, salary and ten recommendations ranked
over every live job) for three fixed profiles in turn, with this process's job index built
(budget: p95 <= 300 ms at 100,000 jobs), with the CPU time of the thread (on SQLite it includes
the database's work; on PostgreSQL that is in the server); and the first report of a process,
which builds the index (later rebuilds run in a thread beside the reports).
"""

from __future__ import annotations

import json
import os
import time

from benchmarks.common import setup_django, summary, timings_ms

PROFILES = [
    {
        "target_role": "backend-developer",
        "years_experience": 4,
        "skills": ["Python", "SQL", "git", "postgres", "Docker", "REST API", "CI/CD"],
        "regions": ["germany"],
        "salary_expectation_usd": 110_000,
        "job_type": "full-time",
    },
    {
        "target_role": "data-scientist",
        "years_experience": 2,
        "skills": ["Python", "SQL", "machine learning", "statistics", "pandas"],
        "regions": [],
        "salary_expectation_usd": 95_000,
    },
    {
        "target_role": "frontend-developer",
        "years_experience": 7,
        "skills": ["JavaScript", "TypeScript", "React", "CSS", "HTML", "git"],
        "regions": ["usa"],
        "salary_expectation_usd": 150_000,
        "job_type": "contract",
    },
]


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks import jobdata
    from careerboard.accounts.models import User
    from careerboard.billing.entitlements import entitlement_allows
    from careerboard.billing.services import local_checkout_complete
    from careerboard.consultant.index import job_index_forget
    from careerboard.consultant.models import JobSkillSet
    from careerboard.guides.services import guide_market_refresh

    jobs = int(os.environ.get("BENCH_CONSULTANT_JOBS", "100000"))
    jobdata.kept_board(jobs)
    jobdata.ensure_indexed()
    call_command("sync_guides", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not JobSkillSet.objects.exists():
        started = time.perf_counter()
        call_command("consultant_index_jobs", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"skill sets of {jobs:,} jobs: {time.perf_counter() - started:.0f} s", flush=True)
    guide_market_refresh()  # the salary ranges a report compares with

    user, _ = User.objects.get_or_create(
        email="bench-consultant@example.com", defaults={"name": "Bench"}
    )
    if not entitlement_allows(user=user, feature="career_consultant"):  # a kept database
        local_checkout_complete(user=user, price_key="plus-month")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def put(profile: dict) -> None:
        response = client.put(
            "/api/v1/consultant/profile", json.dumps(profile), content_type="application/json"
        )
        assert response.status_code == 200, response.content

    def report() -> dict:
        response = client.get("/api/v1/consultant/report")
        assert response.status_code == 200, response.content
        return response.json()

    put(PROFILES[0])
    job_index_forget()
    started = time.perf_counter()
    first = report()
    print(
        f"database: {connection.vendor}; {jobs:,} jobs; first report of a process (builds the "
        f"index): {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    print(
        f"  {first['level']['stage']['title']}; top job: {first['recommendations'][0]['title']} "
        f"({first['recommendations'][0]['fit_percent']}%)"
    )
    for number, profile in enumerate(PROFILES, start=1):
        put(profile)
        cpu: list[float] = []

        def timed_report(cpu: list[float] = cpu) -> None:
            started = time.thread_time()
            report()
            cpu.append((time.thread_time() - started) * 1000)

        label = f"report, profile {number} ({profile['target_role']})"
        print(summary(label, timings_ms(timed_report, repeat=60)))
        print("  " + summary("CPU time of this thread", cpu[3:]))
