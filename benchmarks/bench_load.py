"""Load on the production server: a mixed read workload at a fixed rate, the highest rate the
machine sustains, and write bursts.

The server is `manage.py serve` (gunicorn, its worker and scheduler; DEBUG off) on PostgreSQL
(BENCH_LOAD_DATABASE_URL, default a `careerboard_bench_load` database on the local server, kept
between runs) holding BENCH_LOAD_JOBS generated jobs (default 100,000). The client
(benchmarks/loadclient.py) runs in this process, on loopback.

1. Reads: search pages, job pages, guide pages, the v1 API (search and job) and the Jobicy API,
   at BENCH_LOAD_RATE requests a second (default 200) for BENCH_LOAD_SECONDS (default 60).
   Budget: no errors, p95 <= 100 ms.
2. The highest sustainable rate: steps of BENCH_LOAD_STEP_SECONDS (default 15) at rising rates
   from 25 requests a second
   until one has errors, a p95 above 100 ms or falls behind its schedule.
3. The client's own limits, against a stub server that answers at once.
4. Write bursts: BENCH_LOAD_BURST (default 1,000) on-site applications with a résumé and as many
   alert creations, all sent at once by 250 Free seekers; every application answered 201 must
   be stored with its file, none twice, and each seeker ends with exactly one active alert.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.common import ROOT, setup_django

BUDGET_P95_MS = 100
SEARCHES = [
    {"q": "python", "industry": "engineering", "region": "europe"},
    {"q": "senior engineer", "type": "full-time"},
    {"q": "react developer", "region": "usa"},
    {"q": "kubernetes", "salary_min": "100000"},
    {"q": "designer -graphic", "region": "emea"},
    {"q": "data", "posted_within": "7"},
    {"q": "customer onboarding"},
    {"q": "sql", "level": "senior"},
    {"q": "rust"},
    {"industry": "marketing"},
    {"region": "germany", "type": "contract"},
    {},
]
JOBICY = [{"count": "20"}, {"count": "20", "tag": "python"}, {"geo": "europe", "count": "10"}]
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BURST_PEOPLE = 250


def _get_json(url: str, *, token: str = "") -> object:
    request = urllib.request.Request(url)  # noqa: S310 - loopback only
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def workload(base: str, *, size: int = 2000, seed: int = 1) -> list[str]:
    """The mixed read paths, in a fixed random order: search pages 30%, job pages 30%, guide
    pages 10%, v1 search 15%, v1 job 5%, Jobicy 10%. Jobs and guides are found through the API,
    so the same code drives any server."""
    jobs, cursor = [], None
    while len(jobs) < 300:
        page = _get_json(
            f"{base}/api/v1/jobs?"
            + urlencode({"limit": 100, **({"cursor": cursor} if cursor else {})})
        )
        jobs += page["jobs"]  # type: ignore[index]
        cursor = page["next_cursor"]  # type: ignore[index]
        if not cursor:
            break
    guides = [g["url"] for g in _get_json(f"{base}/api/v1/guides")]  # type: ignore[union-attr]
    rng = random.Random(seed)
    kinds = [
        (30, lambda: "/jobs?" + urlencode(rng.choice(SEARCHES))),
        (30, lambda: _path(rng.choice(jobs)["url"])),
        (10, lambda: _path(rng.choice(guides)) if guides else "/careers/"),
        (15, lambda: "/api/v1/jobs?" + urlencode(rng.choice(SEARCHES))),
        (5, lambda: f"/api/v1/jobs/{rng.choice(jobs)['id']}"),
        (10, lambda: "/api/v2/remote-jobs?" + urlencode(rng.choice(JOBICY))),
    ]
    makers = [make for weight, make in kinds for _ in range(weight)]
    return [rng.choice(makers)() for _ in range(size)]


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[1] if "://" in url else url


# --- Write bursts -------------------------------------------------------------------------------


class Refused(Exception):
    """The server said no with a 4xx that the burst expects (a plan's limit)."""


def _post(base: str, path: str, *, token: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + path,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=180) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _multipart(fields: dict[str, str], *, resume: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="cv.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + resume
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def write_burst(base: str, people: list[dict], job_ids: list[int], *, total: int) -> dict:
    """`total` applications and `total` alert creations, each set sent at once (one thread per
    request, released together), spread over `people`; then what the server stored, read back
    through the API. Returns the outcomes and the checks' findings."""
    from careerboard.core.tests.concurrency import run_at_once

    people = people[: max(1, total // 4)]  # four applications and four alerts each
    applications = [
        (people[n % len(people)], job_ids[(n // len(people) + n) % len(job_ids)])
        for n in range(total)
    ]
    assert len(set((p["token"], j) for p, j in applications)) == total, "pairs must be distinct"

    def apply(number: int) -> None:
        person, job_id = applications[number]
        body, content_type = _multipart(
            {
                "job_id": str(job_id),
                "name": "Load Test",
                "email": person["email"],
                "location": "Lisbon",
            },
            resume=PDF,
        )
        status, answer = _post(
            base,
            "/api/v1/applications",
            token=person["token"],
            body=body,
            content_type=content_type,
        )
        if status != 201:
            raise RuntimeError(f"{status} {answer[:200]!r}")

    def create_alert(number: int) -> None:
        person = people[number % len(people)]
        body = json.dumps({"search": {"q": f"word{number}"}, "frequency": "daily"}).encode()
        status, answer = _post(
            base,
            "/api/v1/alerts",
            token=person["token"],
            body=body,
            content_type="application/json",
        )
        if status == 422 and b"plan" in answer.lower():
            raise Refused
        if status != 201:
            raise RuntimeError(f"{status} {answer[:200]!r}")

    started = time.perf_counter()
    applied = run_at_once(apply, times=total, timeout=600)
    applications_seconds = time.perf_counter() - started
    started = time.perf_counter()
    alerted = run_at_once(create_alert, times=total, refused=(Refused,), timeout=600)
    alerts_seconds = time.perf_counter() - started

    stored_applications = 0
    alert_counts = []
    for person in people:
        mine = _get_json(f"{base}/api/v1/applications?limit=100", token=person["token"])
        stored_applications += sum(1 for a in mine if a["channel"] == "onsite")  # type: ignore[union-attr]
        alerts = _get_json(f"{base}/api/v1/alerts", token=person["token"])
        alert_counts.append(sum(1 for a in alerts if a["active"]))  # type: ignore[union-attr]
    return {
        "applications": dict(_count(applied)),
        "applications_seconds": round(applications_seconds, 1),
        "applications_stored": stored_applications,
        "alerts": dict(_count(alerted)),
        "alerts_seconds": round(alerts_seconds, 1),
        "active_alerts_per_person": sorted(set(alert_counts)),
        "people": len(people),
    }


def _count(outcomes: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def burst_findings(result: dict, *, total: int) -> list[str]:
    """What is wrong with a burst's result: lost or extra rows, a broken quota, errors."""
    problems = []
    if result["applications"].get("done", 0) != total:
        problems.append(f"applications not all accepted: {result['applications']}")
    if result["applications_stored"] != result["applications"].get("done", 0):
        problems.append(
            f"{result['applications_stored']} applications stored for "
            f"{result['applications'].get('done', 0)} accepted"
        )
    people = result["people"]
    if result["alerts"].get("done", 0) != people or set(result["alerts"]) - {"done", "refused"}:
        problems.append(f"alert outcomes {result['alerts']}, expected {people} created (Free: 1)")
    if result["active_alerts_per_person"] != [1]:
        problems.append(f"active alerts per person {result['active_alerts_per_person']}")
    return problems


def prepare_burst_people(count: int, *, jobs: int = 50) -> dict:
    """Fresh Free seekers with write tokens, and on-site jobs to apply to (run inside Django on
    the server's database). Earlier burst people go first, with everything they made."""
    from careerboard.accounts.models import User
    from careerboard.accounts.services.access_tokens import access_token_create
    from careerboard.jobs.models import Job

    User.objects.filter(email__endswith="@burst.bench.example").delete()
    people = []
    for number in range(count):
        user = User.objects.create_user(
            email=f"seeker{number}@burst.bench.example", password=None, role=User.Role.SEEKER
        )
        _, raw = access_token_create(user=user, name="burst", scope="write", expires_in_days=1)
        people.append({"email": user.email, "token": raw})
    job_ids = list(
        Job.objects.filter(status=Job.Status.PUBLISHED, apply_method=Job.ApplyMethod.ON_SITE)
        .order_by("-published_at")
        .values_list("id", flat=True)[:jobs]
    )
    return {"people": people, "job_ids": job_ids}


# --- The server -------------------------------------------------------------------------------


@contextmanager
def served(env: dict[str, str], *, workers: int | None = None):
    """`manage.py serve` on a free loopback port; yields its base URL, stops it afterwards.
    Its output goes to server.log in the environment's VAR_DIR."""
    from tests.helpers import free_port

    from benchmarks.loadclient import wait_until_up

    port = free_port()
    command = [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    with open(Path(env["VAR_DIR"]) / "server.log", "ab") as log:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            SERVER_GROUPS[base] = process.pid  # the session leader: its id is the group's
            yield base
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


SERVER_GROUPS: dict[str, int] = {}


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _group_pids(group: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2]) == group:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def cost_per_kind(base: str, paths: list[str], *, database_url: str, each: int = 30) -> list[str]:
    """CPU time per request of each kind of page, one request at a time: the server's processes
    (from /proc) and PostgreSQL's backends for the database. CPU time, unlike latency, is
    little changed by other work on a shared machine, so it tells what 200 requests a second
    cost in cores. Linux only."""
    import psycopg

    kinds: dict[str, list[str]] = {}
    for path in paths:
        kind = path.split("?")[0]
        for prefix in ("/jobs/", "/careers/", "/api/v1/jobs/"):
            kind = prefix + "…" if path.startswith(prefix) else kind
        kinds.setdefault(kind, []).append(path)
    kinds["/healthz"] = ["/healthz"] * each
    out = []
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        name = database_url.rsplit("/", 1)[1]
        for kind, kind_paths in kinds.items():
            chosen = kind_paths[:each]
            backends = [
                row[0]
                for row in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )
            ]
            server = _group_pids(SERVER_GROUPS[base])
            app, database = _cpu_seconds(server), _cpu_seconds(backends)
            for path in chosen:
                with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                    response.read()
            app, database = _cpu_seconds(server) - app, _cpu_seconds(backends) - database
            out.append(
                f"{kind}: app {1000 * app / len(chosen):.1f} ms, "
                f"PostgreSQL {1000 * database / len(chosen):.1f} ms CPU a request"
            )
    return out


def server_env(*, database_url: str, var_dir: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "REDIS_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL=database_url,
        VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="careerboard.config.settings",
        LOG_LEVEL="WARNING",
    )
    if os.environ.get("BENCH_LOAD_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_LOAD_REDIS_URL"]
    return env


def _prepare(jobs: int, out: Path) -> None:
    """In the child on the benchmark database: the jobs, the guides, every periodic command run
    once, and the burst's people. After a bulk load the periodic commands have one-time catch-up
    work (alert arrivals and the consultant's skills of 100,000 new jobs); run here, it is not
    measured as part of the load."""
    from django.core.management import call_command

    from benchmarks import jobdata
    from careerboard.core.schedule import PERIODIC_COMMANDS

    if jobdata.job_count() != jobs:
        print(f"  loading {jobs:,} jobs...", flush=True)
        jobdata.load_jobs(jobs)
    jobdata.ensure_indexed()
    jobdata.keep_fresh()
    call_command("sync_guides", verbosity=0)
    for periodic in PERIODIC_COMMANDS.values():
        call_command(periodic.command, *periodic.args)
    out.write_text(json.dumps(prepare_burst_people(BURST_PEOPLE)))


def main() -> None:
    import psycopg

    url = os.environ.get(
        "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careerboard_bench_load"
    )
    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not reachable ({error}); skipping the load benchmark")
        return
    jobs = int(os.environ.get("BENCH_LOAD_JOBS", "100000"))
    rate = float(os.environ.get("BENCH_LOAD_RATE", "200"))
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    step_seconds = float(os.environ.get("BENCH_LOAD_STEP_SECONDS", "15"))
    burst = int(os.environ.get("BENCH_LOAD_BURST", "1000"))
    var_dir = tempfile.mkdtemp(prefix="careerboard-bench-load-")
    env = server_env(database_url=url, var_dir=var_dir)
    prepared = Path(var_dir) / "burst.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_load", "prepare", str(jobs), str(prepared)],
        env=env,
        check=True,
    )
    from benchmarks.loadclient import client_ceiling, run_load

    print(f"  {jobs:,} jobs on PostgreSQL; load average {os.getloadavg()}", flush=True)
    with served(env) as base:
        paths = workload(base)
        run_load(base, paths[:200], rate=50, seconds=4)  # warm the caches and connections
        for line in cost_per_kind(base, paths, database_url=url):
            print(f"  cost {line}", flush=True)
        result = run_load(base, paths, rate=rate, seconds=seconds)
        verdict = (
            "met" if not result.failed and result.percentile(0.95) <= BUDGET_P95_MS else "MISSED"
        )
        print(f"  reads: {result.summary()}; budget {verdict}", flush=True)
        print(f"  load average after: {os.getloadavg()}", flush=True)

        best = None
        for step in (25, 50, 100, 150, 200, 300, 400, 500, 650, 800, 1000):
            stepped = run_load(base, paths, rate=step, seconds=step_seconds)
            ok = (
                not stepped.failed
                and stepped.percentile(0.95) <= BUDGET_P95_MS
                and stepped.sent / stepped.elapsed >= 0.95 * step
            )
            print(f"  step {'ok ' if ok else 'FAIL'} {stepped.summary()}", flush=True)
            if not ok:
                break
            best = step
        print(f"  highest sustained rate: {best} req/s (p95 <= {BUDGET_P95_MS} ms, no errors)")

        data = json.loads(prepared.read_text())
        outcome = write_burst(base, data["people"], data["job_ids"], total=burst)
        problems = burst_findings(outcome, total=burst)
        print(f"  write burst: {outcome}; {'; '.join(problems) or 'nothing lost, quota kept'}")
    from tests.helpers import free_port

    for line in client_ceiling(port=free_port()):
        print(f"  client alone vs stub server: {line}")


if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    setup_django(var_dir=os.environ.get("VAR_DIR"))
    _prepare(int(sys.argv[2]), Path(sys.argv[3]))
elif __name__ == "__main__" and sys.argv[1:2] == ["smoke"]:
    # The CI smoke test's board, in one process: the demo data in small, guides, 10 people.
    setup_django(var_dir=os.environ.get("VAR_DIR"))
    from django.core.management import call_command

    call_command("sync_guides", verbosity=0)
    call_command("seed_demo", companies=10, jobs=120, verbosity=0)
    Path(sys.argv[2]).write_text(json.dumps(prepare_burst_people(10)))
