"""Password reset (by a mailed link) and change (from the account page)."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest

from careerboard.accounts import tasks
from careerboard.accounts.models import AccessToken, User, UserSession
from careerboard.accounts.services.authentication import login_failures_key
from careerboard.accounts.services.limits import (
    LOGIN_FAILURES_PER_EMAIL,
    PASSWORD_RESET_PER_EMAIL,
    PASSWORD_RESET_PER_IP,
    limit_enforce,
)
from careerboard.accounts.services.user_sessions import sessions_end, sessions_revoke_others
from careerboard.core.outbox import outbox_enqueue
from careerboard.core.ratelimit import hashed_key_part, ratelimit_clear, ratelimit_hit


def password_reset_request(*, ip: str, email: str) -> None:
    """Mail a reset link if an active account has this address. The answer is the same either
    way, so the form does not tell who has an account."""
    limit_enforce(
        key=f"password-reset:ip:{ip}",
        limit=PASSWORD_RESET_PER_IP,
        message="Too many password reset requests from your network. Try again later.",
    )
    per_email = ratelimit_hit(
        key=f"password-reset:email:{hashed_key_part(email)}",
        limit=PASSWORD_RESET_PER_EMAIL.limit,
        window_seconds=PASSWORD_RESET_PER_EMAIL.window_seconds,
    )
    # Over the per-address limit nothing more is sent, silently: saying so would tell the
    # asker that the address has an account.
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if per_email.allowed and user is not None:
        outbox_enqueue(task=tasks.mail_password_reset, args=(user.pk,))


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> None:
    """A new password from a reset link: every session ends, every personal access token is
    revoked (whoever took over the account may have made one; the person is told by mail) and
    the log-in lockout lifts."""
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions_end(UserSession.objects.filter(user=user))
    revoked, _ = AccessToken.objects.filter(user=user).delete()
    if revoked:
        outbox_enqueue(task=tasks.mail_notice, args=(user.pk, "tokens_revoked", {"count": revoked}))
    ratelimit_clear(
        key=login_failures_key(user.email),
        window_seconds=LOGIN_FAILURES_PER_EMAIL.window_seconds,
    )


@transaction.atomic
def password_change(*, request: HttpRequest, user: User, password: str) -> None:
    """A new password from the account page: this session stays, every other one ends."""
    user.set_password(password)
    user.save(update_fields=["password"])
    old_key = request.session.session_key
    update_session_auth_hash(request, user)  # a new session key for this browser
    UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
    sessions_revoke_others(user=user, current_session_key=request.session.session_key)
