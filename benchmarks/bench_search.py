"""Job search over a large board: our search selector vs the same searches as raw SQL.

PostgreSQL (BENCH_DATABASE_URL, default a `careerboard_bench` database on the local server, kept
between runs) with BENCH_SEARCH_JOBS jobs (default 1,000,000), and SQLite (a fresh file, or the
one kept in BENCH_SQLITE_VAR_DIR) with BENCH_SQLITE_JOBS jobs (default 100,000). Each query is
keywords plus two filters, first page of 20 with the total and the facets. Budget: p95 <= 60 ms, and within 1.5x of raw SQL.

"Raw SQL" is the very statements the search issued for that query (recorded in a warm-up
round), replayed through a bare cursor: the database's share of the work, without our
parsing, Python, hydration or API layers.
"""

from __future__ import annotations

import os
import sys
import tempfile

from benchmarks.common import setup_django, summary

# URL parameters, as the web page and the v1 API take them: keywords plus two filters each.
QUERY_MIX = [
    {"q": "python", "industry": "engineering", "region": "europe"},
    {"q": "senior engineer", "type": "full-time", "level": "senior"},
    {"q": "react developer", "region": "usa", "type": "full-time"},
    {"q": '"product manager"', "type": "full-time", "region": "germany"},
    {"q": "kubernetes", "industry": "devops-sysadmin", "salary_min": "100000"},
    {"q": "designer -graphic", "region": "emea", "level": "midweight"},
    {"q": "data", "industry": "data-science", "posted_within": "7"},
    {"q": "customer onboarding", "industry": "customer-success", "region": "latam"},
    {"q": "sql", "level": "senior", "region": "germany"},
    {"q": "machine learning", "type": "full-time", "salary_min": "120000"},
    {"q": "engineer", "region": "india", "type": "contract"},
    {"q": "aws OR gcp", "industry": "devops-sysadmin", "level": "lead"},
    {"q": "rust", "region": "europe", "type": "full-time"},
    {"q": "marketing manager", "industry": "marketing", "region": "north-america"},
    {"q": "figma", "industry": "design-multimedia", "type": "freelance"},
    {"q": "accountant", "region": "uk", "type": "full-time"},
    {"q": "security", "level": "senior", "region": "anywhere"},
    {"q": "developr remote", "region": "europe", "type": "full-time"},
    {"q": "remote", "industry": "engineering", "level": "junior"},
    {"q": "benefits", "region": "canada", "type": "part-time"},
]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "8"))


def run(label: str, jobs: int) -> None:
    import time

    from django.db import connection
    from django.test import Client

    from benchmarks import jobdata
    from careerboard.search.params import query_from_params
    from careerboard.search.selectors import job_search

    if jobdata.job_count() != jobs:
        print(f"loading {jobs:,} jobs into {label}...", flush=True)
        jobdata.load_jobs(jobs)
    jobdata.ensure_indexed()
    jobdata.keep_fresh()

    client = Client(HTTP_HOST="127.0.0.1")
    recorded: dict[int, list[tuple[str, object]]] = {}

    def record(statements):
        def wrapper(execute, sql, params, many, context):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        return wrapper

    api: list[float] = []
    ours: list[float] = []
    raw: list[float] = []
    # CPU time of this thread: on SQLite it includes the database's own work and, unlike wall
    # time, not the time spent waiting for a core on a shared machine.
    api_cpu: list[float] = []
    # On a local PostgreSQL, the CPU time its backend process spent on the request too: with our
    # thread's, the request's cost in CPU, which a shared machine does not inflate as it does
    # wall time (scheduler statistics, in nanoseconds).
    database_cpu_ns = _server_cpu_reader(connection)
    api_total_cpu: list[float] = []
    for round_number in range(ROUNDS + 1):
        for index, params in enumerate(QUERY_MIX):
            query = query_from_params(params)
            started_database = database_cpu_ns() if database_cpu_ns else 0
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get("/api/v1/jobs", {**params, "limit": 20})
            api_ms = (time.perf_counter() - started) * 1000
            api_cpu_ms = (time.thread_time() - started_cpu) * 1000
            if database_cpu_ns:
                database_ms = (database_cpu_ns() - started_database) / 1e6
                if round_number:
                    api_total_cpu.append(api_cpu_ms + database_ms)
            assert response.status_code == 200, response.content[:300]

            if round_number == 0:
                statements: list[tuple[str, object]] = []
                with connection.execute_wrapper(record(statements)):
                    result = job_search(query=query, limit=20)
                recorded[index] = statements
            started = time.perf_counter()
            result = job_search(query=query, limit=20)
            ours_ms = (time.perf_counter() - started) * 1000

            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql, sql_params in recorded[index]:
                    cursor.execute(sql, sql_params)
                    cursor.fetchall()
            raw_ms = (time.perf_counter() - started) * 1000
            if round_number == 0:  # warm-up round
                print(
                    f"  {query.text!r:<24} total {result.total_display:>8}  statements {len(recorded[index])}  "
                    f"api {api_ms:6.1f} ms  selector {ours_ms:6.1f} ms  raw {raw_ms:6.1f} ms"
                )
                continue
            api.append(api_ms)
            api_cpu.append(api_cpu_ms)
            ours.append(ours_ms)
            raw.append(raw_ms)
    print(summary(f"{label} API handler (GET /api/v1/jobs in process)", api))
    print(summary(f"{label} API handler, CPU time of the process thread", api_cpu))
    if api_total_cpu:
        print(
            summary(
                f"{label} API handler, CPU time of the process thread + the PostgreSQL backend",
                api_total_cpu,
            )
        )
    print(summary(f"{label} search selector (page + total + facets)", ours))
    print(summary(f"{label} raw SQL (the same statements through a bare cursor)", raw))

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

    def p50(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    print(
        f"{label}: p95 ratio API/raw = {p95(api) / p95(raw):.2f}, selector/raw = {p95(ours) / p95(raw):.2f}; "
        f"p50 ratio API/raw = {p50(api) / p50(raw):.2f}, selector/raw = {p50(ours) / p50(raw):.2f}"
    )


def _server_cpu_reader(connection):  # type: ignore[no-untyped-def]
    """A function returning the CPU nanoseconds the connection's PostgreSQL backend has used,
    when that process is on this machine and readable; None otherwise."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = f"/proc/{cursor.fetchone()[0]}/schedstat"
    try:
        open(path).close()
    except OSError:
        return None

    def read() -> int:
        with open(path) as stats:
            return int(stats.read().split()[0])

    return read


def main() -> None:
    # The budget is the search itself, not a repeat served from the search cache.
    os.environ["SEARCH_CACHE_SECONDS"] = "0"
    target = os.environ.get("BENCH_SEARCH_DB", "both")
    if target in ("postgres", "both") and "--sqlite-child" not in sys.argv:
        _postgres()
    if target in ("sqlite", "both"):
        _sqlite()


def _postgres() -> None:
    import subprocess

    url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careerboard_bench"
    )
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    try:
        with psycopg.connect(
            server.replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not reachable ({error}); skipping the PostgreSQL search benchmark")
        return
    env = {**os.environ, "DATABASE_URL": url, "BENCH_SEARCH_DB": "postgres-child"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_search",
            "child",
            os.environ.get("BENCH_SEARCH_JOBS", "1000000"),
        ],
        env=env,
        check=True,
    )


def _sqlite() -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # BENCH_SQLITE_VAR_DIR keeps the loaded file for the next run; a fresh one otherwise.
    var_dir = os.environ.get("BENCH_SQLITE_VAR_DIR") or tempfile.mkdtemp(
        prefix="careerboard-bench-sqlite-"
    )
    env.update(VAR_DIR=var_dir, BENCH_SEARCH_DB="sqlite-child")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_search",
            "child",
            os.environ.get("BENCH_SQLITE_JOBS", "100000"),
        ],
        env=env,
        check=True,
    )


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    setup_django(var_dir=os.environ.get("VAR_DIR"))
    from django.db import connection

    run(f"{connection.vendor} {int(sys.argv[2]):,} jobs", int(sys.argv[2]))
