"""The load benchmark in small (benchmarks/bench_load.py): the production server on a tiny
board, a few seconds of the mixed read workload and a burst of concurrent writes, with no
errors, nothing lost and the plan's limit kept. The figures come from `make bench`."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.bench_load import burst_findings, served, workload, write_burst
from benchmarks.loadclient import run_load

from tests.helpers import ROOT, embedded_env


def test_mixed_reads_and_a_write_burst_on_the_real_server(tmp_path):
    env = embedded_env(tmp_path, LOG_LEVEL="WARNING")
    people_file = tmp_path / "people.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_load", "smoke", str(people_file)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    prepared = json.loads(people_file.read_text())

    with served(env, workers=2) as base:
        paths = workload(base, size=300)
        assert {p.split("?")[0].split("/")[1] for p in paths} >= {"jobs", "careers", "api"}
        reads = run_load(base, paths, rate=40, seconds=3)
        assert reads.sent == 120
        assert reads.failed == 0, reads.summary()

        burst = write_burst(base, prepared["people"], prepared["job_ids"], total=40)
        assert burst_findings(burst, total=40) == [], burst
