"""The typed v1 API: one NinjaAPI, each domain adding its router, one error shape for all."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from careerboard.accounts.api import router as accounts_router
from careerboard.alerts.api import router as alerts_router
from careerboard.applications.api import bookmarks_router
from careerboard.applications.api import router as applications_router
from careerboard.companies.api import router as companies_router
from careerboard.core.ratelimit import RateLimited
from careerboard.core.views import RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE
from careerboard.guides.api import router as guides_router
from careerboard.jobs.api import router as jobs_router
from careerboard.taxonomy.api import router as taxonomy_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="careerboard API",
    version="1",
    description=(
        "The typed API of careerboard. Every error has the shape "
        '`{"error": {"status": int, "code": str, "message": str, "fields": [{"field", "message"}]}}`.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/me", accounts_router)
api.add_router("/guides", guides_router)
api.add_router("/jobs", jobs_router)
api.add_router("/companies", companies_router)
api.add_router("/taxonomies", taxonomy_router)
api.add_router("/bookmarks", bookmarks_router)
api.add_router("/applications", applications_router)
api.add_router("/alerts", alerts_router)


def error_response(
    request: HttpRequest, *, status: int, code: str, message: str, fields: list | None = None
) -> HttpResponse:
    body = {"error": {"status": status, "code": code, "message": message, "fields": fields or []}}
    return api.create_response(request, body, status=status)


def _field_name(location: list) -> str:
    # ninja reports ("body", "payload", "salary_min"); people want "salary_min".
    parts = [str(p) for p in location if p not in ("body", "query", "path", "form", "payload")]
    return ".".join(parts) or ".".join(str(p) for p in location)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = [
        {"field": _field_name(list(item.get("loc", []))), "message": item.get("msg", "invalid")}
        for item in error.errors
    ]
    return error_response(
        request,
        status=422,
        code="validation_error",
        message="Some fields are invalid.",
        fields=fields,
    )


@api.exception_handler(DjangoValidationError)
def on_service_validation_error(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
    """A service refused the input: with a field dict, each field is named."""
    if hasattr(error, "error_dict"):
        fields = [
            {"field": "" if name == "__all__" else name, "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
        message = "Some fields are invalid."
    else:
        fields, message = [], " ".join(error.messages)
    return error_response(
        request, status=422, code="validation_error", message=message, fields=fields
    )


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return error_response(
        request, status=413, code="too_large", message="The request body is too large."
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return error_response(
        request, status=401, code="not_authenticated", message="Authentication is required."
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    codes = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        429: "rate_limited",
    }
    return error_response(
        request,
        status=error.status_code,
        code=codes.get(error.status_code, "error"),
        message=str(error),
    )


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = error_response(request, status=429, code="rate_limited", message=error.message)
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(request, status=404, code="not_found", message=str(error) or "Not found.")


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    message = str(error) or "You may not do this."
    return error_response(request, status=403, code="forbidden", message=message)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """The database cannot be reached (a restart, a failover): retry, as the page 503 says."""
    logger.warning("database unavailable: %s", error, extra={"path": request.path})
    response = error_response(request, status=503, code="unavailable", message=UNAVAILABLE_MESSAGE)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("unhandled API error", extra={"path": request.path})
    return error_response(
        request, status=500, code="server_error", message="Something went wrong on our side."
    )
