"""How the v1 API knows who calls: a personal access token (apps, scripts) or the browser's
session (pages calling the API, with Django's CSRF check on unsafe methods).

A router that needs a caller:

    from careerboard.accounts.auth import api_auth, require_scope
    router = Router(tags=["alerts"], auth=api_auth)

    @router.post("/")
    def create(request, payload: AlertIn):
        require_scope(request, "write")  # a read-only token gets 403
        ...

In both cases `request.auth` is the User. A token's scope is on `request.access_token`; a
session carries every scope, because it is the person at their own browser.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from careerboard.accounts.models import AccessToken
from careerboard.accounts.services.access_tokens import access_token_use


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cb_pat_…`: a live personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        access_token = access_token_use(raw=token.strip())
        if access_token is None:
            return None
        request.access_token = access_token  # type: ignore[attr-defined]
        return access_token.user


class SessionAuth(NinjaSessionAuth):
    """The browser's session cookie. The CSRF check applies only when a session cookie is sent,
    so a call with no credentials at all is told 401, not 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


# A valid token is tried first; a request with neither a valid token nor a session gets 401.
api_auth = [TokenAuth(), SessionAuth()]


class Anonymous:
    """Last in an auth list: a call without (valid) credentials goes on as anonymous. The
    OpenAPI document declares such an operation as needing no credentials (config/api.py)."""

    allows_anonymous = True

    def __call__(self, request: HttpRequest) -> AnonymousUser:
        return AnonymousUser()


# Reads anyone may make, in which a caller who sends credentials sees more (their drafts).
optional_api_auth = [*api_auth, Anonymous()]


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403) a token that lacks `scope`; sessions have every scope."""
    access_token: AccessToken | None = getattr(request, "access_token", None)
    if access_token is not None and not access_token.has_scope(scope):
        raise HttpError(403, f"This token does not have the {scope} scope.")
