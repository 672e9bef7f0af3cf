"""Signed, expiring links for email verification and change of email: the link carries what it
confirms (account and address), signed with SECRET_KEY, so nothing is stored until it is used."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from careerboard.accounts.models import User

EMAIL_LINK_MAX_AGE = timedelta(days=3)
VERIFY_EMAIL_SALT = "accounts.verify-email"
CHANGE_EMAIL_SALT = "accounts.change-email"


class InvalidLink(Exception):
    """A signed link that was tampered with, has expired, or was already used."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.expired = expired


def email_verification_token(*, user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_EMAIL_SALT)


def email_change_token(*, user: User, new_email: str) -> str:
    return signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email}, salt=CHANGE_EMAIL_SALT
    )


def link_payload(token: str, *, salt: str) -> dict:
    """What a signed link says, or InvalidLink when it is expired or not ours."""
    try:
        payload = signing.loads(token, salt=salt, max_age=EMAIL_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidLink("This link has expired.", expired=True) from error
    except signing.BadSignature as error:
        raise InvalidLink("This link is not valid. Copy the whole link from the mail.") from error
    if not isinstance(payload, dict):
        raise InvalidLink("This link is not valid.")
    return payload
