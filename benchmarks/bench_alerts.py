"""Job alerts at scale: matching 100,000 alerts against 10,000 new jobs, against the naive way
(each alert as a database query over the new jobs), and 10,000 digest mails rendered and
handed to a local SMTP server.

Data: BENCH_ALERT_JOBS generated jobs (default 10,000: demo generator, 300-800 words each) as
the new jobs, and BENCH_ALERTS alerts (default 100,000) of BENCH_ALERT_PEOPLE people (default
10,000), saved from realistic searches: keywords drawn from the generated titles and skills
(words, "phrases", OR, -exclusions, or none) and 0-3 filters, compiled by the product's own
alerts.searches. On DATABASE_URL if set, else a fresh SQLite file.

Budget: every match found in at most 10 s on one core, and at least 20x faster than the naive
way measured in the same run; the naive way is timed on BENCH_NAIVE_SAMPLE alerts (default
500) through the search backend's own statement and extrapolated to every alert. 10,000
digest mails rendered and handed to SMTP in at most 60 s, by BENCH_MAIL_WORKERS worker
processes (default 2, one per core) sending to an aiosmtpd server in a process of its own.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta

from benchmarks.common import ROOT, setup_django

JOBS = int(os.environ.get("BENCH_ALERT_JOBS", "10000"))
ALERTS = int(os.environ.get("BENCH_ALERTS", "100000"))
PEOPLE = int(os.environ.get("BENCH_ALERT_PEOPLE", "10000"))
NAIVE_SAMPLE = int(os.environ.get("BENCH_NAIVE_SAMPLE", "500"))
MAIL_WORKERS = int(os.environ.get("BENCH_MAIL_WORKERS", "2"))

# An SMTP server in its own process (the benchmark process is busy rendering): it takes every
# mail, counts them, and prints the count when its standard input closes.
SMTP_SINK = """
import sys
from aiosmtpd.controller import Controller

class Counter:
    received = 0

    async def handle_DATA(self, server, session, envelope):
        Counter.received += 1
        return "250 OK"

controller = Controller(Counter(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
print(Counter.received, flush=True)
"""


def search_params(rng: random.Random, titles: list[str], skills: list[str], companies: list[str]):  # type: ignore[no-untyped-def]
    """A search people save: keywords from titles and skills, then 0-3 filters."""
    from careerboard.demo.generate import AREAS, COUNTRIES
    from careerboard.taxonomy.data import INDUSTRIES, JOB_TYPES, LEVELS

    params: dict[str, str | list[str]] = {}
    roll = rng.random()
    if roll < 0.35:
        params["q"] = rng.choice(skills)
    elif roll < 0.55:
        params["q"] = rng.choice(titles)
    elif roll < 0.65:
        params["q"] = f'"{rng.choice(titles)}"'
    elif roll < 0.75:
        params["q"] = f"{rng.choice(skills)} OR {rng.choice(skills)}"
    elif roll < 0.85:
        params["q"] = f"{rng.choice(titles)} -{rng.choice(['senior', 'junior', 'lead'])}"
    filters = rng.sample(
        ["industry", "type", "level", "region", "salary", "featured", "tz", "company"],
        rng.choice([0, 1, 1, 2, 2, 3]) if "q" in params else rng.choice([1, 2, 3]),
    )
    for name in filters:
        if name == "industry":
            params["industry"] = [slug for slug, _ in rng.sample(INDUSTRIES, rng.choice([1, 2]))]
        elif name == "type":
            params["type"] = rng.choice(JOB_TYPES)[0]
        elif name == "level":
            params["level"] = rng.choice(LEVELS)[0]
        elif name == "region":
            params["region"] = rng.choice(COUNTRIES + AREAS)
        elif name == "salary":
            params["salary_min"] = str(rng.choice([50, 70, 90, 110, 130, 150]) * 1000)
        elif name == "featured":
            params["featured"] = "1"
        elif name == "tz":
            low = rng.randrange(-8, 6)
            params["tz_min"], params["tz_max"] = str(low), str(low + rng.choice([2, 4, 6]))
        else:
            params["company"] = rng.choice(companies)
    return params


def create_alerts(now):  # type: ignore[no-untyped-def]
    """PEOPLE people with ALERTS daily alerts between them, last digest yesterday."""
    from django.contrib.auth.hashers import make_password
    from django.http import QueryDict

    from careerboard.accounts.models import User
    from careerboard.alerts.models import Alert
    from careerboard.alerts.searches import saved_search
    from careerboard.companies.models import Company
    from careerboard.demo import generate

    rng = random.Random(6)
    sample = list(generate.jobs(2000, companies_count=100, now=now, seed=3))
    titles = sorted({job.title for job in sample})
    skills = sorted({skill for job in sample for skill in job.skills})
    companies = list(Company.objects.values_list("slug", flat=True)[:200])
    User.objects.filter(email__endswith="@bench.example").delete()
    users = User.objects.bulk_create(
        User(email=f"person{n}@bench.example", password=make_password(None)) for n in range(PEOPLE)
    )
    compiled: dict[str, tuple[str, dict]] = {}
    alerts = []
    for number in range(ALERTS):
        query = QueryDict(mutable=True)
        # Each person's first alert is one skill alone, so everybody has a digest to get.
        found = (
            {"q": rng.choice(skills)}
            if number < PEOPLE
            else search_params(rng, titles, skills, companies)
        )
        for name, value in found.items():
            query.setlist(name, value if isinstance(value, list) else [value])
        key = query.urlencode()
        if key not in compiled:
            search = saved_search(query)
            compiled[key] = (search.params, search.criteria.to_json())
        params, criteria = compiled[key]
        alerts.append(
            Alert(
                user=users[number % PEOPLE],
                name=params[:200] or "all",
                params=params,
                criteria=criteria,
                frequency=Alert.Frequency.DAILY,
                digest_through=now - timedelta(days=1),
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=5000)
    return len(compiled)


def naive_seconds(sample: list[int], *, now: datetime) -> tuple[float, dict[int, set[int]]]:
    """Each sampled alert as the search's own database statement over the new jobs (all the
    jobs of this database): its matching job ids, live at `now`, the moment the engine's jobs
    were read at (a job expiring between the two readings would otherwise count as a
    disagreement: 20 of 500 alerts in the run of 2026-12-02)."""
    from django.http import QueryDict

    from careerboard.alerts.models import Alert
    from careerboard.companies.selectors import company_ids_by_slug
    from careerboard.search.backends import search_backend
    from careerboard.search.filters import build_filters
    from careerboard.search.params import query_from_params
    from careerboard.search.query import parse_text

    params = dict(Alert.objects.filter(pk__in=sample).values_list("pk", "params"))
    backend = search_backend()
    found = {}
    started = time.perf_counter()
    for alert_id in sample:
        query = query_from_params(QueryDict(params[alert_id]))
        result = backend.search(
            parse_text(query.text),
            query.text,
            build_filters(
                query, now=now, company_ids_by_slug=company_ids_by_slug(slugs=query.companies)
            ),
            sort="newest",
            offset=0,
            limit=JOBS,
            cap=JOBS + 1,
            sample=JOBS + 1,  # every match, in order: the naive way's answer is exact
        )
        found[alert_id] = set(result.page_ids)
    return time.perf_counter() - started, found


def naive_disagreements(sample: list[int], naive: dict[int, set[int]], matches) -> list[str]:  # type: ignore[no-untyped-def]
    """The sampled alerts for which the engine and the database found other jobs, and which."""
    found = []
    for alert_id in sample:
        engine = {job.job_id for job in matches.jobs_of(alert_id)}
        if engine != naive[alert_id]:
            found.append(
                f"alert {alert_id}: only the engine {sorted(engine - naive[alert_id])[:5]}, "
                f"only the database {sorted(naive[alert_id] - engine)[:5]}"
            )
    return found


def run_sink() -> tuple[subprocess.Popen, int]:
    from tests.helpers import free_port

    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-c", SMTP_SINK, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None and sink.stdout.readline().strip() == "ready"
    return sink, port


def main() -> None:
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from benchmarks import jobdata
    from careerboard.alerts import selectors, services
    from careerboard.alerts.matching import match
    from careerboard.alerts.models import Alert, AlertMail, JobArrival, SentJob
    from careerboard.jobs.models import Job

    now = timezone.now()
    if jobdata.job_count() != JOBS:
        print(f"loading {JOBS:,} jobs into {connection.vendor}...", flush=True)
        jobdata.load_jobs(JOBS)
    jobdata.keep_fresh()
    for model in (SentJob, AlertMail, JobArrival, Alert):
        model.objects.all().delete()
    started = time.perf_counter()
    distinct = create_alerts(now)
    print(
        f"{ALERTS:,} alerts ({distinct:,} distinct searches) of {PEOPLE:,} people created in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )

    # --- Matching ---------------------------------------------------------------------------
    started = time.perf_counter()
    specs = selectors.alert_specs(frequency=Alert.Frequency.DAILY)
    load_alerts = time.perf_counter() - started
    started = time.perf_counter()
    jobs = selectors.job_facts(job_ids=Job.objects.values_list("pk", flat=True), now=now)
    load_jobs = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    matches = match(((spec.id, spec.criteria) for spec in specs), jobs)
    engine_wall, engine_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    pairs = matches.total()
    print(
        f"database: {connection.vendor}; {len(jobs):,} new jobs, {len(specs):,} alerts; "
        f"read alerts {load_alerts:.1f} s, read jobs {load_jobs:.1f} s",
        flush=True,
    )
    print(
        f"engine: every match ({pairs:,} alert-job pairs, {len(matches.bitmaps):,} alerts with "
        f"one) in {engine_cpu:.2f} s CPU ({engine_wall:.2f} s wall)",
        flush=True,
    )

    sample = random.Random(7).sample([spec.id for spec in specs], min(NAIVE_SAMPLE, len(specs)))
    naive_wall, naive_found = naive_seconds(sample, now=now)
    naive_all = naive_wall / len(sample) * len(specs)
    differ = naive_disagreements(sample, naive_found, matches)
    agree = len(sample) - len(differ)
    print(
        f"naive: {len(sample)} alerts as database queries in {naive_wall:.1f} s, "
        f"{naive_all:.0f} s extrapolated to {len(specs):,}: the engine is "
        f"{naive_all / engine_wall:.0f}x faster; same jobs for {agree} of {len(sample)} alerts",
        flush=True,
    )
    for line in differ[:5]:
        print(f"  differs: {line}", flush=True)

    # --- Digests ------------------------------------------------------------------------------
    sink, port = run_sink()
    started = time.perf_counter()
    queued = services.alerts_send_digests(frequency=Alert.Frequency.DAILY, now=now)
    compose = time.perf_counter() - started
    # The queued tasks are sent by worker processes, as in production (`manage.py db_worker`).
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "db_worker",
        "--batch",
        "--interval=0",
        "-v0",
    ]
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    workers = [subprocess.Popen(command, env=env, cwd=ROOT) for _ in range(MAIL_WORKERS)]
    for worker in workers:
        worker.wait(timeout=600)
    send_wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    send_cpu = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    assert sink.stdout is not None
    sink.stdin.close()  # type: ignore[union-attr]
    received = int(sink.stdout.readline())
    sink.wait(timeout=30)
    sent = AlertMail.objects.filter(status=AlertMail.Status.SENT).count()
    jobs_per_mail = SentJob.objects.values("job_id", "mail_id").distinct().count() / max(sent, 1)
    print(
        f"digests: {queued:,} mails queued (matching and composing) in {compose:.1f} s; "
        f"{sent:,} rendered and handed to SMTP by {MAIL_WORKERS} worker process(es) in "
        f"{send_wall:.1f} s ({send_cpu:.1f} s CPU, {sent / send_wall:.0f} mails/s, "
        f"{jobs_per_mail:.1f} jobs each); the server received {received:,}",
        flush=True,
    )
