"""Keep a few long-running processes up: the supervisor of `manage.py serve`.

Each child runs in a process group of its own, so everything it starts (gunicorn's workers,
the RQ worker's scheduler process) can be ended with it. A child that dies is restarted after
a backoff (1, 2, 4 … at most 30 seconds; back to 1 once a child has run for a minute), and
the others keep running: a killed task worker does not take the web server down. Before the
restart, what is left of the dead child's group gets SIGTERM, and SIGKILL after STOP_GRACE,
so no orphan (an RQ scheduler holding its Redis lock, say) outlives it. A child that dies
again and again right after starting (a port in use, a broken configuration) is hopeless:
after MAX_QUICK_DEATHS the supervisor gives up and stops everything. No Django here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass

BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
# A child that ran this long was healthy: its next death starts the backoff afresh.
STABLE_AFTER = 60.0
MAX_QUICK_DEATHS = 5
# How long a group has between SIGTERM and SIGKILL.
STOP_GRACE = 10.0


def _stop_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when the supervisor dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _signal_group(pgid: int, signum: int) -> bool:
    """Send `signum` to a process group; False when nothing is left in it."""
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        return False
    return True


@dataclass
class Child:
    name: str
    command: Sequence[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    # Set while dead: when it starts again, and when what is left of its group is killed.
    restart_at: float | None = None
    kill_at: float = 0.0


class Supervisor:
    def __init__(
        self,
        commands: Mapping[str, Sequence[str]],
        *,
        env: Mapping[str, str],
        log: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.children = [Child(name, command) for name, command in commands.items()]
        self.env = dict(env)
        self.log = log
        self.clock = clock
        self.gave_up = False

    def start(self) -> None:
        for child in self.children:
            self._spawn(child)

    def _spawn(self, child: Child) -> None:
        # Our own fixed command lines: nothing from a user reaches them.
        child.process = subprocess.Popen(  # noqa: S603
            child.command, env=self.env, process_group=0, preexec_fn=_stop_with_parent
        )
        child.started_at = self.clock()
        child.restart_at = None

    def check(self) -> None:
        """Notice dead children and restart those whose backoff is over; call every moment."""
        now = self.clock()
        for child in self.children:
            process = child.process
            if child.restart_at is None and process is not None and process.poll() is not None:
                self._died(child, process, now)
            if child.restart_at is not None and now >= child.restart_at:
                self._restart(child, now)

    def _died(self, child: Child, process: subprocess.Popen, now: float) -> None:
        ran = now - child.started_at
        child.quick_deaths = child.quick_deaths + 1 if ran < STABLE_AFTER else 1
        if child.quick_deaths > MAX_QUICK_DEATHS:
            self.log(f"{child.name} keeps dying right after it starts; giving up")
            self.gave_up = True
            return
        delay = min(BACKOFF_FIRST * 2 ** (child.quick_deaths - 1), BACKOFF_MAX)
        self.log(
            f"{child.name} (pid {process.pid}) exited with {process.returncode} after "
            f"{ran:.0f} s; restarting it in {delay:.0f} s"
        )
        # Whatever it started goes too: asked now, forced before the restart.
        _signal_group(process.pid, signal.SIGTERM)
        child.kill_at = now + STOP_GRACE
        child.restart_at = now + delay

    def _restart(self, child: Child, now: float) -> None:
        assert child.process is not None
        pgid = child.process.pid
        if _signal_group(pgid, 0) and now < child.kill_at:
            return  # its leftovers are still stopping
        _signal_group(pgid, signal.SIGKILL)
        self._spawn(child)
        self.log(f"{child.name} restarted (pid {child.process.pid})")

    def stop(self) -> None:
        """End every child's whole process group: SIGTERM, then SIGKILL after STOP_GRACE."""
        groups = [child.process.pid for child in self.children if child.process is not None]
        for pgid in groups:
            _signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for child in self.children:
            if child.process is not None:
                with suppress(subprocess.TimeoutExpired):
                    child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        while any(_signal_group(pgid, 0) for pgid in groups) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pgid in groups:
            _signal_group(pgid, signal.SIGKILL)
        for child in self.children:
            if child.process is not None:
                child.process.wait()
