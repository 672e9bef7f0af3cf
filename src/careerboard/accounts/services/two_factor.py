"""Two-factor authentication: the time-based codes of an authenticator app, turning it on and
off, and the recovery codes (stored only as hashes)."""

from __future__ import annotations

import hashlib
import secrets

import pyotp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careerboard.accounts.models import RecoveryCode, User
from careerboard.accounts.services.user_sessions import sessions_revoke_others
from careerboard.core.text import ascii_int

RECOVERY_CODE_COUNT = 10


def _totp_step(*, user: User, code: str) -> int | None:
    """The time step `code` belongs to (this one or a neighbour, for clock drift), or None."""
    # Six ASCII digits: compare_digest raises on other characters ("²" is a digit to isdigit).
    if len(code) != 6 or ascii_int(code) is None:
        return None
    totp = pyotp.TOTP(user.totp_secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def totp_accept(*, user: User, code: str) -> bool:
    """Whether `code` is the app's current code, used for the first time."""
    code = code.strip().replace(" ", "")
    step = _totp_step(user=user, code=code)
    if step is None:
        return False
    # A conditional update accepts each step once, even when two requests race with one code.
    return User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step) == 1


def _recovery_hash(code: str) -> str:
    normalized = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalized.encode()).hexdigest()


def recovery_code_accept(*, user: User, code: str) -> bool:
    """Whether `code` is one of the person's unused recovery codes; it is used up."""
    return (
        RecoveryCode.objects.filter(
            user=user, code_hash=_recovery_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        == 1
    )


def _recovery_codes_issue(*, user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "-".join(secrets.token_hex(4)[i : i + 4] for i in (0, 4)) + "-" + secrets.token_hex(2)
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(code)) for code in codes
    )
    return codes


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_provisioning_uri(*, user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="careerboard")


@transaction.atomic
def two_factor_enable(
    *, user: User, secret: str, code: str, current_session_key: str | None
) -> list[str]:
    """Turn on two-factor authentication once the person shows their app has `secret`;
    returns the recovery codes, which are shown this once and stored only as hashes. Every
    other session ends: one signed in with the password alone (perhaps a thief's, the reason
    to turn it on) must not outlive the second factor."""
    user.totp_secret = secret
    user.totp_last_step = 0
    if _totp_step(user=user, code=code.strip().replace(" ", "")) is None:
        raise ValidationError("That code is not right. Check the time on your phone and retry.")
    user.save(update_fields=["totp_secret", "totp_last_step"])
    sessions_revoke_others(user=user, current_session_key=current_session_key)
    return _recovery_codes_issue(user=user)


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    user.totp_secret = ""
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_last_step"])
    RecoveryCode.objects.filter(user=user).delete()


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    if not user.two_factor_enabled:
        raise ValidationError("Two-factor authentication is off.")
    return _recovery_codes_issue(user=user)
