"""How many attempts each action allows (docs/security.md, "Rate limits")."""

from __future__ import annotations

from dataclasses import dataclass

from careerboard.core.ratelimit import ratelimit_enforce


@dataclass(frozen=True)
class Limit:
    limit: int
    window_seconds: int


LOGIN_PER_IP = Limit(30, 5 * 60)
LOGIN_FAILURES_PER_EMAIL = Limit(5, 15 * 60)
TWO_FACTOR_FAILURES_PER_USER = Limit(5, 15 * 60)
SIGNUP_PER_IP = Limit(10, 60 * 60)
PASSWORD_RESET_PER_IP = Limit(10, 60 * 60)
PASSWORD_RESET_PER_EMAIL = Limit(3, 60 * 60)
VERIFICATION_MAIL_PER_USER = Limit(3, 60 * 60)
EMAIL_CHANGE_PER_USER = Limit(5, 60 * 60)


def limit_enforce(*, key: str, limit: Limit, message: str) -> None:
    """Count one attempt under `key`; RateLimited with `message` once over `limit`."""
    ratelimit_enforce(
        key=key, limit=limit.limit, window_seconds=limit.window_seconds, message=message
    )
