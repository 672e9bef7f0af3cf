"""Starting many callers at the same moment, as concurrent requests do, and collecting outcomes."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connection


def run_at_once(
    action: Callable[[int], object],
    *,
    times: int = 20,
    refused: tuple[type[BaseException], ...] = (),
    timeout: float = 120,
) -> list[str]:
    """Calls `action(0)` … `action(times - 1)`, each in its own thread, all released together by
    a barrier. Returns one outcome per call, sorted: "done", "refused" (it raised one of
    `refused`), or the repr of any other error (reported, not lost in the thread).

    Each thread is like a request: its own database connection, closed when it ends; so a
    test needs `django_db(transaction=True)` to see the threads' rows. (The load benchmark's
    write bursts use it for HTTP requests, where no Django is set up.)
    """
    start = threading.Barrier(times)
    outcomes: list[str] = []

    def call(number: int) -> None:
        try:
            start.wait()
            action(number)
            outcomes.append("done")
        except refused:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            if settings.configured:  # also used by benchmarks' HTTP clients, without Django
                connection.close()

    threads = [threading.Thread(target=call, args=(n,)) for n in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert len(outcomes) == times, f"{times - len(outcomes)} calls did not finish in {timeout}s"
    return sorted(outcomes)
