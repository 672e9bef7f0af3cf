"""The supervisor of `manage.py serve` (core/supervisor.py) with real child processes and a
clock of the test's own; tests/test_embedded_server.py kills a real worker under `serve`."""

from __future__ import annotations

import os
import sys

from careerboard.core.supervisor import MAX_QUICK_DEATHS, STABLE_AFTER, Supervisor


def test_a_dying_child_comes_back_after_a_growing_backoff_until_it_is_hopeless():
    now = [0.0]
    logs: list[str] = []
    supervisor = Supervisor(
        {"flaky": [sys.executable, "-c", "raise SystemExit(3)"]},
        env=os.environ,
        log=logs.append,
        clock=lambda: now[0],
    )
    supervisor.start()
    [child] = supervisor.children
    delays, pids = [], []
    while True:
        assert child.process is not None
        pids.append(child.process.pid)
        child.process.wait()
        supervisor.check()  # notices the death
        if supervisor.gave_up:
            break
        assert child.restart_at is not None
        delays.append(child.restart_at - now[0])
        supervisor.check()
        assert child.process.pid == pids[-1]  # not before its time
        now[0] = child.restart_at
        supervisor.check()  # starts it again
    assert delays == [1, 2, 4, 8, 16][:MAX_QUICK_DEATHS]
    assert len(set(pids)) == MAX_QUICK_DEATHS + 1
    assert "flaky (pid" in logs[0] and "exited with 3" in logs[0]
    assert logs[-1] == "flaky keeps dying right after it starts; giving up"


def test_a_child_that_ran_for_a_while_comes_back_at_once():
    now = [0.0]
    supervisor = Supervisor(
        {"steady": [sys.executable, "-c", "pass"]},
        env=os.environ,
        log=lambda _: None,
        clock=lambda: now[0],
    )
    supervisor.start()
    [child] = supervisor.children
    for _ in range(MAX_QUICK_DEATHS + 2):
        assert child.process is not None
        child.process.wait()
        now[0] += STABLE_AFTER + 1
        supervisor.check()
        assert child.restart_at == now[0] + 1
        now[0] = child.restart_at
        supervisor.check()
    assert not supervisor.gave_up
    supervisor.stop()
