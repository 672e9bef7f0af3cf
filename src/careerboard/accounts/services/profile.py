"""The person's own account: their name, which mails they get, and deleting it all."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from careerboard.accounts.models import NOTIFICATIONS, User, UserSession
from careerboard.accounts.selectors import session_store


def profile_update(*, user: User, name: str) -> User:
    user.name = name.strip()
    user.save(update_fields=["name"])
    return user


def notifications_update(*, user: User, choices: Mapping[str, bool]) -> User:
    """Turn the application mails in `choices` on or off: only those the person's kind of
    account gets (models.NOTIFICATIONS); the others keep their value."""
    allowed = NOTIFICATIONS.get(user.role, ())
    unknown = sorted(set(choices) - set(allowed))
    if unknown:
        raise ValidationError(f"No such notification for this account: {', '.join(unknown)}.")
    for name, on in choices.items():
        setattr(user, name, bool(on))
    user.save(update_fields=list(choices))
    return user


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account and, through the database's cascades, every row that is only about
    this person (docs/privacy.md says what other domains keep and why). Another domain may
    refuse with a ValidationError (billing, when the paid subscription cannot be ended); then
    nothing is deleted and the person stays signed in."""
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    user.delete()
    # Only once the account is gone: a refused deletion leaves the person signed in.
    for session_key in session_keys:
        session_store().delete(session_key)
