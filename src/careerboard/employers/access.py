"""Who may open a group of pages: the others are sent to log in, or get a 404, so the pages
do not show that they exist."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from careerboard.accounts.models import User

View = Callable[..., HttpResponse]


def pages_for(allowed: Callable[[User], bool], refusal: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
            if not allowed(request.user):  # type: ignore[arg-type]
                raise Http404(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


employer_page = pages_for(
    lambda user: user.role == User.Role.EMPLOYER, "Employer pages are for employer accounts."
)
staff_page = pages_for(lambda user: user.is_staff, "Staff pages are for staff.")
