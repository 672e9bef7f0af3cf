"""Personal access tokens for the API: made and revoked by their owner, looked up by secret."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from careerboard.accounts.models import AccessToken, User

# Last use is written at most this often per token, not on every request.
TOKEN_LAST_USE_RESOLUTION = timedelta(minutes=1)


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def access_token_create(
    *, user: User, name: str, scope: str, expires_in_days: int | None
) -> tuple[AccessToken, str]:
    """A new token and its secret, which is returned this once and stored only as a hash."""
    if scope not in AccessToken.Scope.values:
        raise ValidationError("Choose read or write.")
    raw = AccessToken.PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name.strip(),
        token_hash=_token_hash(raw),
        hint=raw[: len(AccessToken.PREFIX) + 4],
        scope=scope,
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    return token, raw


def access_token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of the person's own tokens; other people's are not found."""
    deleted, _ = AccessToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise AccessToken.DoesNotExist("No such token.")


def access_token_use(*, raw: str) -> AccessToken | None:
    """The live token for this secret, with its use recorded; None for an unknown, revoked or
    expired token or one whose owner is deactivated."""
    if not raw.startswith(AccessToken.PREFIX):
        return None
    now = timezone.now()
    token = (
        AccessToken.objects.select_related("user")
        .filter(token_hash=_token_hash(raw), user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or token.last_used_at < now - TOKEN_LAST_USE_RESOLUTION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
