"""The home page at demo size (300 companies, 3,000 jobs), rendered in process with DEBUG off."""

from __future__ import annotations

from benchmarks.common import setup_django, summary, timings_ms


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("seed_demo", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")

    def home() -> None:
        assert client.get("/").status_code == 200

    with CaptureQueriesContext(connection) as queries:
        home()
    print(f"database: {connection.vendor}; queries per home page: {len(queries)}")
    print(summary("home page", timings_ms(home, repeat=200)))
