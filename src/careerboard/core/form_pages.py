"""What the domains' form pages share: reading a posted form, answering with the status its
errors call for, a refusal over a rate limit, and a `next` address that stays on this site."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from careerboard.core.ratelimit import RateLimited

GET_POST = require_http_methods(["GET", "POST"])


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so it shows "required"), None for a GET."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest, template: str, form: Form, *, status: int | None = None, **context: Any
) -> HttpResponse:
    """A page with `form`; unless `status` says otherwise, a form that was posted and has
    errors answers 400."""
    if status is None:
        status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def rate_limited_form_page(
    request: HttpRequest, template: str, form: Form, error: RateLimited, **context: Any
) -> HttpResponse:
    """The form page again with the limit's message on it: 429, and when to retry."""
    form.add_error(None, error.message)
    response = form_page(request, template, form, status=429, **context)
    response["Retry-After"] = str(error.retry_after)
    return response


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` when it is a page of this site, else "" (the caller's own fallback)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
