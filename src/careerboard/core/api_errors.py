"""How the v1 API answers a service's refusal; shared by every domain's router."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from ninja.errors import HttpError


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's field errors are a 422 naming the fields (config/api.py); a refusal of the
    whole change (the job is closed, already applied, already decided) is a 409."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise HttpError(409, " ".join(error.messages)) from error
