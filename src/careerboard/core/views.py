from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from careerboard.core.health import readiness
from careerboard.core.metrics import metrics_allowed, metrics_response
from careerboard.core.uploads import media_headers


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus figures for the scraper holding METRICS_TOKEN; a 404 for anyone else, so
    the address does not even show that it exists."""
    if not metrics_allowed(request):
        raise Http404
    return metrics_response()


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Which parts are ready. The errors of the failing ones go to the log, and to the holder
    of METRICS_TOKEN: they name internal hosts and ports."""
    checks = readiness()
    failing = sorted(name for name, state in checks.items() if state != "ok")
    if not metrics_allowed(request):
        checks = {name: "ok" if state == "ok" else "unavailable" for name, state in checks.items()}
    body = {"status": "ok" if not failing else "unavailable", "checks": checks, "failing": failing}
    return JsonResponse(body, status=503 if failing else 200)


@require_GET
@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    from django.templatetags.static import static

    return JsonResponse(
        {
            "name": "careerboard",
            "short_name": "careerboard",
            "description": "Remote jobs and career guides.",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1d4ed8",
            "icons": [
                {"src": static("core/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("core/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("core/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        content_type="application/manifest+json",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# The database cannot be reached (a restart, a failover, a connection cut): a 503 that asks to
# retry, not a 500. Django reconnects by itself at the next request (CONN_HEALTH_CHECKS).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
UNAVAILABLE_MESSAGE = "The service is briefly unavailable; please try again in a few seconds."
RETRY_AFTER_SECONDS = 10


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database.
    from django.template import loader

    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: under /api/ in the API's error shape, else a page that needs no
    database."""
    from django.template import loader

    if request.path.startswith("/api/"):
        error = {"status": 503, "code": "unavailable", "message": UNAVAILABLE_MESSAGE, "fields": []}
        response: HttpResponse = JsonResponse({"error": error}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Public uploads (company logos, re-encoded on upload) under MEDIA_ROOT, with the headers
    of core.uploads.media_headers: never a page or a script of ours, whatever a file holds.

    The embedded server has no web server in front of it; in production nginx serves /media/
    from the same directory with the same headers (docs/operations.md). Private files
    (resumes) live elsewhere.
    """
    from django.conf import settings
    from django.views.static import serve

    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    # serve() guesses a type, an encoding and a disposition from the name (.html, .js,
    # .svg.gz); ours replace them.
    for guessed in ("Content-Encoding", "Content-Disposition"):
        del response[guessed]
    for header, value in media_headers(path).items():
        response[header] = value
    return response
