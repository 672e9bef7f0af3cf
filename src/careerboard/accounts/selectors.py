from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from careerboard.accounts.models import (
    NOTIFICATION_FIELDS,
    AccessToken,
    RecoveryCode,
    User,
    UserSession,
)

# Where a half-way log-in (password right, second factor still to come) waits in the session.
TWO_FACTOR_PENDING_KEY = "accounts.two_factor_pending"


def session_store(session_key: str | None = None):  # type: ignore[no-untyped-def]
    """A session of the configured engine (database or cache), whichever is in use."""
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def session_is_alive(*, session: UserSession) -> bool:
    """The session still exists and still belongs to its person (not expired, not ended)."""
    data = session_store(session.session_key).load()
    return data.get(SESSION_KEY) == str(session.user_id)


def two_factor_pending_user(*, request: HttpRequest) -> User | None:
    pending = request.session.get(TWO_FACTOR_PENDING_KEY)
    if not pending or pending.get("until", 0) < time.time():
        return None
    return User.objects.filter(pk=pending.get("user"), is_active=True).first()


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email=email.strip().lower()).first()


def user_sessions_active(*, user: User) -> list[UserSession]:
    """The person's signed-in browsers, newest first (records of ended sessions left out)."""
    return [s for s in UserSession.objects.filter(user=user) if session_is_alive(session=s)]


def access_tokens_of(*, user: User) -> list[AccessToken]:
    return list(AccessToken.objects.filter(user=user))


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def password_reset_user(*, uidb64: str, token: str) -> User | None:
    """The person a reset link is for, while the link is valid (unused and not expired)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def profile_for_export(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "date_joined": user.date_joined,
        "email_verified_at": user.email_verified_at,
        "last_login": user.last_login,
        "two_factor_enabled": user.two_factor_enabled,
        "notifications": {name: getattr(user, name) for name in NOTIFICATION_FIELDS},
    }


def sessions_for_export(user: User) -> list[dict[str, Any]]:
    return [
        {"signed_in_at": s.created_at, "ip_address": s.ip_address, "user_agent": s.user_agent}
        for s in UserSession.objects.filter(user=user)
    ]


def access_tokens_for_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "starts_with": t.hint,
            "scope": t.scope,
            "created_at": t.created_at,
            "expires_at": t.expires_at,
            "last_used_at": t.last_used_at,
        }
        for t in AccessToken.objects.filter(user=user)
    ]
