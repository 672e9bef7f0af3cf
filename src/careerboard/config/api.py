"""The typed v1 API: one NinjaAPI, each domain adding its router, one error shape for all."""

from __future__ import annotations

import functools
import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation
from ninja.parser import Parser

from careerboard.accounts.api import router as accounts_router
from careerboard.alerts.api import router as alerts_router
from careerboard.applications.api import bookmarks_router
from careerboard.applications.api import router as applications_router
from careerboard.applications.pipeline_api import router as pipeline_router
from careerboard.companies.api import router as companies_router
from careerboard.consultant.api import router as consultant_router
from careerboard.core.ratelimit import RateLimited
from careerboard.core.views import RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, page_not_found
from careerboard.guides.api import router as guides_router
from careerboard.jobs.api import router as jobs_router
from careerboard.site import api as site_api  # noqa: F401  # adds /companies/{slug}
from careerboard.taxonomy.api import router as taxonomy_router

logger = logging.getLogger(__name__)

# The one error shape, as JSON Schema components: every error answer of every operation refers
# to `Error`, so a generated client has one error model, not one per operation and status.
ERROR_COMPONENTS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
    },
    "ErrorDetail": {
        "type": "object",
        "required": ["status", "code", "message", "fields"],
        "properties": {
            "status": {"type": "integer"},
            "code": {"type": "string"},
            "message": {"type": "string"},
            "fields": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorField"}},
        },
    },
    "ErrorField": {
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    },
}
ERROR_DESCRIPTIONS = {
    400: "Bad request: a cursor or query that cannot be read, or a body that is not JSON",
    401: "Not authenticated: no valid token or session",
    403: "Forbidden: the token's scope, the CSRF check or the caller's role does not allow it",
    404: "Not found, or not the caller's",
    409: "Conflict: the change is refused in the current state (closed, already applied, ...)",
    413: "The request body is too large",
    414: "The URL is too long (the server reads request lines of at most 8,190 bytes)",
    422: "Validation error: the fields that are invalid, each named",
    429: "Rate limited: retry after the seconds in Retry-After",
    503: "The database cannot be reached for a moment: retry after the seconds in Retry-After",
}


OPTIONAL_CREDENTIALS = (
    "No credentials needed. A caller who sends a token or a session is recognised, and sees "
    "what their role allows (a member, their company's drafts)."
)


def error_codes(method: str, operation: dict) -> list[int]:
    """The error statuses an operation can answer, from what it takes: every operation may
    refuse its input (400, 422), its URL's length (414), find nothing (404: no such id, or the
    caller's profile not made yet) or the database away (503); one that needs a caller, the
    caller (401, 403); one with a body, its size (413); a write, a refusal in the current state
    (409) and a rate limit (429)."""
    codes = [400, 404, 414, 422, 503]
    if operation.get("security"):
        codes += [401, 403]
    if "requestBody" in operation:
        codes.append(413)
    if method != "get":
        codes += [409, 429]
    return sorted(codes)


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class TextParser(Parser):
    """Refuses a NUL character anywhere in the input, as Django's form fields do on pages:
    nobody types one, and PostgreSQL text cannot store it (the write would fail with a 500).
    In a JSON body it is a 400 (the body cannot be read); in a query or form field, a 422
    naming the field."""

    def parse_body(self, request: HttpRequest) -> dict:
        data = super().parse_body(request)
        if _holds_nul(data):
            raise ValueError("the body holds a NUL character")
        # Every body of this API is an object; ninja would read [null, null] or 7 as {}.
        if not isinstance(data, dict):
            raise ValidationError([{"loc": ("body",), "msg": "The body must be a JSON object."}])
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict:
        for key, values in data.lists():
            if _holds_nul(key) or _holds_nul([v for v in values if isinstance(v, str)]):
                raise ValidationError(
                    [
                        {
                            "loc": (key.replace("\x00", ""),),
                            "msg": "Text may not hold NUL characters.",
                        }
                    ]
                )
        return super().parse_querydict(data, list_fields, request)


class CareerboardAPI(NinjaAPI):
    """The OpenAPI document a client generator reads well: operation ids are the handlers'
    names (`jobs_search`, `job_get`), the error answers of every operation are declared in one
    place and refer to one `Error` component (the errors come from the exception handlers
    below, not from the operations' return values, so declaring them in each operation's
    `response=` would change how ninja picks the status of a plain return value), and an
    operation anyone may call declares no security requirement. Such an operation still reads
    credentials when they are sent (a member sees their company's drafts); OpenAPI's way of
    saying so, `{}` among the requirements, makes client generators (openapi-python-client)
    demand credentials, so the description says it instead."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):  # type: ignore[no-untyped-def]
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"].update(ERROR_COMPONENTS)
        anonymous = self._anonymous_operation_ids()
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if operation["operationId"] in anonymous:
                    operation["security"] = []
                    operation["description"] = (
                        operation.get("description", "") + "\n\n" + OPTIONAL_CREDENTIALS
                    ).strip()
                for code in error_codes(method, operation):
                    operation["responses"].setdefault(
                        code,
                        {
                            "description": ERROR_DESCRIPTIONS[code],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    )
        return schema

    def _anonymous_operation_ids(self) -> set[str]:
        return {
            self.get_openapi_operation_id(operation)
            for router in self._get_bound_routers()
            for path_view in router.path_operations.values()
            for operation in path_view.operations
            if any(getattr(auth, "allows_anonymous", False) for auth in operation.auth_callbacks)
        }

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        return [_with_json_405(pattern) for pattern in super()._get_urls()]


def _with_json_405(pattern: URLResolver | URLPattern) -> URLResolver | URLPattern:
    """ninja answers a method a path does not take with Django's plain-text 405; this gives it
    the error shape, keeping its Allow header."""
    if not isinstance(pattern, URLPattern):
        return pattern
    view = pattern.callback

    @functools.wraps(view)
    def json_405(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        refused = error_response(
            request,
            status=405,
            code="method_not_allowed",
            message=f"{request.method} is not allowed here. Allowed: {response['Allow']}.",
        )
        refused["Allow"] = response["Allow"]
        return refused

    return URLPattern(pattern.pattern, json_405, pattern.default_args, pattern.name)


api = CareerboardAPI(
    parser=TextParser(),
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
api.add_router("/applications/jobs", pipeline_router)
api.add_router("/alerts", alerts_router)
api.add_router("/consultant", consultant_router)


def error_response(
    request: HttpRequest, *, status: int, code: str, message: str, fields: list | None = None
) -> HttpResponse:
    body = {"error": {"status": status, "code": code, "message": message, "fields": fields or []}}
    return api.create_response(request, body, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404 handler: a URL under the API that matches no operation (an id the path
    converter refuses, say a negative one) gets the API's error shape, not the HTML page."""
    if request.path.startswith("/api/v1/"):
        return error_response(request, status=404, code="not_found", message="Not found.")
    return page_not_found(request, exception)


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


@api.exception_handler(MultiPartParserError)
def on_unreadable_multipart(request: HttpRequest, error: MultiPartParserError) -> HttpResponse:
    """A multipart body without a boundary, or with a part's headers over Django's limit (a
    file name of thousands of characters): a 400, as Django answers it on a page."""
    return error_response(
        request, status=400, code="bad_request", message=f"The body cannot be read: {error}"
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
    # ninja turns whatever the parser raises into a 400; a body of the wrong shape is a 422.
    if isinstance(error.__cause__, ValidationError):
        return on_validation_error(request, error.__cause__)
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
