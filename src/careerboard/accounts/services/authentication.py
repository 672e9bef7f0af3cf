"""Log-in: the password step, the lockout after repeated failures, and the second step of
two-factor authentication."""

from __future__ import annotations

import time

from django.contrib.auth import authenticate, login
from django.http import HttpRequest

from careerboard.accounts.models import User
from careerboard.accounts.selectors import TWO_FACTOR_PENDING_KEY
from careerboard.accounts.services.limits import (
    LOGIN_FAILURES_PER_EMAIL,
    LOGIN_PER_IP,
    TWO_FACTOR_FAILURES_PER_USER,
    limit_enforce,
)
from careerboard.accounts.services.two_factor import recovery_code_accept, totp_accept
from careerboard.core.ratelimit import (
    RateLimited,
    client_ip,
    hashed_key_part,
    ratelimit_clear,
    ratelimit_hit,
    ratelimit_peek,
)

# A password that was right leaves the person this long to type the second factor.
TWO_FACTOR_PENDING_SECONDS = 5 * 60


class InvalidCredentials(Exception):
    """The email and password (or the second-factor code) do not match."""


def _minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def login_failures_key(email: str) -> str:
    """The counter of failed passwords for an address (a reset clears it)."""
    return f"login-failures:{hashed_key_part(email)}"


def _lockout_message(retry_after: int) -> str:
    return (
        "Too many failed sign-in attempts for this account. Try again in "
        f"{_minutes(retry_after)}, or reset your password."
    )


def login_check_password(*, request: HttpRequest, email: str, password: str) -> User:
    """The account for this email and password, or InvalidCredentials; RateLimited when the
    network tries too often or the account is locked after repeated failures."""
    limit_enforce(
        key=f"login:ip:{client_ip(request)}",
        limit=LOGIN_PER_IP,
        message="Too many sign-in attempts from your network. Wait a few minutes.",
    )
    failures_key = login_failures_key(email)
    window = LOGIN_FAILURES_PER_EMAIL.window_seconds
    locked = ratelimit_peek(
        key=failures_key, limit=LOGIN_FAILURES_PER_EMAIL.limit, window_seconds=window
    )
    if not locked.allowed:
        raise RateLimited(_lockout_message(locked.retry_after), retry_after=locked.retry_after)
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None:
        failed = ratelimit_hit(
            key=failures_key, limit=LOGIN_FAILURES_PER_EMAIL.limit, window_seconds=window
        )
        if failed.remaining == 0:
            raise RateLimited(_lockout_message(failed.retry_after), retry_after=failed.retry_after)
        raise InvalidCredentials("The email address or the password is not right.")
    ratelimit_clear(key=failures_key, window_seconds=window)
    return user  # type: ignore[return-value]


def login_begin(*, request: HttpRequest, user: User) -> bool:
    """Log the person in, or, with two-factor authentication on, remember who is half-way and
    return True: the second step (two_factor_login) completes it."""
    if not user.two_factor_enabled:
        login(request, user)
        return False
    request.session[TWO_FACTOR_PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,  # type: ignore[attr-defined]  # set by authenticate()
        "until": time.time() + TWO_FACTOR_PENDING_SECONDS,
    }
    return True


def two_factor_login(*, request: HttpRequest, user: User, code: str) -> None:
    """Finish the half-way log-in of `user` (two_factor_pending_user) with a TOTP code or an
    unused recovery code. After TWO_FACTOR_FAILURES_PER_USER wrong codes the account's second
    step is locked for the rest of the window, whatever the session: a fresh password step
    gives no new guess, and even the right code is refused until the window ends."""
    failures_key = f"two-factor-failures:user:{user.pk}"
    limit, window = TWO_FACTOR_FAILURES_PER_USER.limit, TWO_FACTOR_FAILURES_PER_USER.window_seconds
    locked = ratelimit_peek(key=failures_key, limit=limit, window_seconds=window)
    if not locked.allowed:
        del request.session[TWO_FACTOR_PENDING_KEY]
        raise RateLimited(_lockout_message(locked.retry_after), retry_after=locked.retry_after)
    if totp_accept(user=user, code=code) or recovery_code_accept(user=user, code=code):
        ratelimit_clear(key=failures_key, window_seconds=window)
        backend = request.session[TWO_FACTOR_PENDING_KEY]["backend"]
        del request.session[TWO_FACTOR_PENDING_KEY]
        login(request, user, backend=backend)
        return
    failed = ratelimit_hit(key=failures_key, limit=limit, window_seconds=window)
    if failed.remaining == 0:
        # The password step must be passed again, and the second one stays locked meanwhile.
        del request.session[TWO_FACTOR_PENDING_KEY]
        raise RateLimited(_lockout_message(failed.retry_after), retry_after=failed.retry_after)
    raise InvalidCredentials("That code is not right. Use the current code from your app.")
