from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from careerboard.core.metrics import observe_request
from careerboard.core.text import clean_line, holds_control

request_log = logging.getLogger("careerboard.request")

# A caller's id (a proxy's, say) is kept when it looks like an id, so one id follows a request
# across systems; anything else is replaced rather than written to our logs.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def content_security_policy(media_url: str) -> str:
    """The pages' policy; images may also come from MEDIA_URL's origin when it has one."""
    media = urlparse(media_url)
    media_origin = f" {media.scheme}://{media.netloc}" if media.netloc else ""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # Django admin still sets a few style attributes; no page of ours needs inline script.
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data:{media_origin}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "manifest-src 'self'",
        ]
    )


class RequestIdLogMiddleware:
    """Gives each request an id (X-Request-ID), writes one JSON log line when it ends and
    records its time in the request histogram of /metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        seconds = time.perf_counter() - started
        observe_request(request, response.status_code, seconds)
        user = getattr(request, "user", None)
        request_log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 2),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP and Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.content_security_policy = content_security_policy(settings.MEDIA_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.content_security_policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class RefuseControlCharactersMiddleware:
    """A query parameter (name or value) holding a control character (core/text.py; tab and
    line breaks are allowed) is a 400 for every page and API, before any view: nobody types
    one, PostgreSQL refuses NUL in a query, and XML cannot carry most of them. Under /api/ the
    answer has the API's error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if holds_control(name) or any(holds_control(value) for value in values):
                return self.refuse(request, clean_line(name))
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, name: str) -> HttpResponse:
        message = f"The parameter {name} holds a control character."
        if request.path.startswith("/api/"):
            field = {"field": name, "message": "Control characters are not allowed."}
            error = {"status": 400, "code": "bad_request", "message": message, "fields": [field]}
            return JsonResponse({"error": error}, status=400)
        return HttpResponseBadRequest(f"{message}\n", content_type="text/plain; charset=utf-8")
