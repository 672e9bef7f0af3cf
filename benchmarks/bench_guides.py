"""Career guides on a large board: refreshing every guide's market figures, and a guide page
rendered from a warm cache.

BENCH_GUIDE_JOBS jobs (default 100,000) from the shared loader (benchmarks/jobdata.py), on
DATABASE_URL if set (an empty database is loaded; one that holds exactly that many jobs is used
as it is; any other is refused), else on a fresh SQLite file. Budget, at 1,000,000 jobs on PostgreSQL: refresh of all guides
<= 2 minutes, guide page p95 <= 30 ms.
"""

from __future__ import annotations

import os
import time

from benchmarks.common import setup_django, summary, timings_ms


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks import jobdata
    from careerboard.guides.models import Guide
    from careerboard.guides.services import guide_market_refresh

    jobs = int(os.environ.get("BENCH_GUIDE_JOBS", "100000"))
    jobdata.kept_board(jobs)
    call_command("sync_guides", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    slugs = list(Guide.objects.values_list("slug", flat=True))

    refreshes = []
    for _ in range(2):
        started = time.perf_counter()
        guide_market_refresh()
        refreshes.append(time.perf_counter() - started)
    print(
        f"database: {connection.vendor}; {jobs:,} jobs; market refresh of {len(slugs)} guides: "
        + ", ".join(f"{seconds:.1f} s" for seconds in refreshes)
    )

    client = Client(HTTP_HOST="127.0.0.1")
    for slug in slugs:  # warm the cache of every guide
        assert client.get(f"/careers/{slug}").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/careers/backend-developer")
    print(f"queries per guide page from a warm cache: {len(queries)}")
    pages = iter(slugs * 100)

    def guide_page() -> None:
        assert client.get(f"/careers/{next(pages)}").status_code == 200

    print(summary("guide page (warm cache)", timings_ms(guide_page, repeat=400)))
