"""An open-loop HTTP/1.1 load generator on asyncio, for loopback load tests of the real server.

Requests are sent on a fixed schedule (`rate` a second) whatever the server does, over a pool
of keep-alive connections; each latency is measured from the moment the request was due, so
time spent waiting for a free connection counts (no coordinated omission). Pure standard
library, so the smoke test in CI needs nothing installed.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

REQUEST_TIMEOUT = 10.0


@dataclass
class LoadResult:
    rate: float
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    elapsed: float = 0.0
    client_cpu: float = 0.0

    @property
    def sent(self) -> int:
        return len(self.latencies_ms)

    @property
    def failed(self) -> int:
        """Transport errors and answers that are not 2xx or 3xx."""
        return sum(self.errors.values()) + sum(
            n for status, n in self.statuses.items() if status >= 400
        )

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, round(share * len(ordered)) - 1)] if ordered else 0.0

    def summary(self) -> str:
        return (
            f"target {self.rate:.0f} req/s for {self.seconds:.0f}s: sent {self.sent}, "
            f"achieved {self.sent / self.elapsed:.0f} req/s, failed {self.failed} "
            f"({dict(self.errors) or 'no transport errors'}; statuses {dict(self.statuses)}), "
            f"p50 {self.percentile(0.5):.1f} ms, p95 {self.percentile(0.95):.1f} ms, "
            f"p99 {self.percentile(0.99):.1f} ms, max {max(self.latencies_ms, default=0):.1f} ms; "
            f"client CPU {1000 * self.client_cpu / max(self.sent, 1):.2f} ms a request"
        )


class _Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept-Encoding: identity\r\n\r\n".encode()
        )
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed before answering")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value
            elif name == "connection":
                close = value == "close"
        if chunked:
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)  # the chunk and its CRLF
                if size == 0:
                    break
        elif length is not None:
            await self.reader.readexactly(length)
        else:
            await self.reader.read()
            close = True
        if close:
            self.close()
        return status


async def _run(base: str, paths: list[str], rate: float, seconds: float, connections: int):
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    pool: asyncio.Queue[_Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(_Connection(host, port))
    result = LoadResult(rate=rate, seconds=seconds)
    loop = asyncio.get_running_loop()

    async def one(path: str, due: float) -> None:
        try:
            # An overloaded server keeps every connection busy: waiting for one counts against
            # the request's time, so a run always ends soon after its last request is due.
            connection = await asyncio.wait_for(pool.get(), REQUEST_TIMEOUT)
        except TimeoutError:
            result.errors["NoFreeConnection"] += 1
            result.latencies_ms.append((loop.time() - due) * 1000)
            return
        try:
            for attempt in (1, 2):
                try:
                    status = await asyncio.wait_for(connection.get(path), REQUEST_TIMEOUT)
                    result.statuses[status] += 1
                    break
                except (ConnectionError, asyncio.IncompleteReadError) as error:
                    # The server may close an idle keep-alive connection just as we reuse it:
                    # a GET is retried once on a fresh one.
                    connection.close()
                    if attempt == 2:
                        result.errors[type(error).__name__] += 1
                except (TimeoutError, OSError, ValueError) as error:
                    connection.close()
                    result.errors[type(error).__name__] += 1
                    break
        finally:
            pool.put_nowait(connection)
            result.latencies_ms.append((loop.time() - due) * 1000)

    total = int(rate * seconds)
    cpu_before = sum(os.times()[:2])
    start = loop.time() + 0.05
    tasks = []
    for number in range(total):
        due = start + number / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(paths[number % len(paths)], due)))
    await asyncio.gather(*tasks)
    result.elapsed = loop.time() - start
    result.client_cpu = sum(os.times()[:2]) - cpu_before
    for _ in range(connections):
        (await pool.get()).close()
    return result


def run_load(
    base: str, paths: list[str], *, rate: float, seconds: float, connections: int = 64
) -> LoadResult:
    """GET `paths` in turn from `base` at `rate` requests a second for `seconds`. The event loop
    runs in a thread of its own: the caller's thread may already run one (Playwright's, in a
    test worker that ran a browser test)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, _run(base, paths, rate, seconds, connections)).result()


STUB_SERVER = """
import asyncio, sys
async def serve(reader, writer):
    try:
        while await reader.readuntil(b"\\r\\n\\r\\n"):
            writer.write(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok")
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]))
    print("ready", flush=True)
    await server.serve_forever()
asyncio.run(main())
"""


def client_ceiling(*, port: int, rates: tuple[int, ...] = (1000, 2000, 4000)) -> list[str]:
    """The client's own limits: the same run against a stub server that answers at once, so
    whatever is slow there is the client (it shares the 2 cores with the stub, as it does with
    the real server)."""
    stub = subprocess.Popen(
        [sys.executable, "-c", STUB_SERVER, str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert stub.stdout is not None and stub.stdout.readline().strip() == "ready"
        return [
            run_load(f"http://127.0.0.1:{port}", ["/"], rate=rate, seconds=3).summary()
            for rate in rates
        ]
    finally:
        stub.terminate()
        stub.wait()


def shuffled(paths: list[str], *, seed: int = 1) -> list[str]:
    out = list(paths)
    random.Random(seed).shuffle(out)
    return out


def wait_until_up(base: str, *, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base} did not come up in {timeout}s")
        time.sleep(0.3)
