"""gunicorn's threaded worker, answering in the API's error shape what gunicorn refuses before
Django sees it: a request line longer than `limit_request_line` (414) or headers over gunicorn's
limits (431). gunicorn itself answers these with an HTML page, which an API client cannot read.

The request line was not read, so which API was called is unknown: the answer is the v1 shape
`{"error": {"status", "code", "message", "fields"}}` for every path.
"""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

REFUSALS = (
    (LimitRequestLine, 414, "URI Too Long", "uri_too_long", "The URL is too long."),
    (
        LimitRequestHeaders,
        431,
        "Request Header Fields Too Large",
        "headers_too_large",
        "The request headers are too large.",
    ),
)


def refusal(status: int, reason: str, code: str, message: str) -> bytes:
    """The whole HTTP answer; the connection closes after it."""
    body = json.dumps(
        {"error": {"status": status, "code": code, "message": message, "fields": []}}
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class JsonErrorWorker(ThreadWorker):
    def handle_error(self, req, client, addr, exc):  # type: ignore[no-untyped-def]
        for kind, status, reason, code, message in REFUSALS:
            if isinstance(exc, kind):
                self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
                try:
                    util.write_nonblock(client, refusal(status, reason, code, message))
                except OSError:
                    self.log.debug("Failed to send error message.")
                return
        super().handle_error(req, client, addr, exc)
