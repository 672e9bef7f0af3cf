"""Every change to accounts: sign-up, verification, log-in, two-factor, sessions, tokens, deletion."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from careerboard.accounts import tasks
from careerboard.accounts.models import (
    NOTIFICATIONS,
    AccessToken,
    RecoveryCode,
    User,
    UserSession,
)
from careerboard.accounts.selectors import TWO_FACTOR_PENDING_KEY, session_is_alive, session_store
from careerboard.accounts.tokens import (
    CHANGE_EMAIL_SALT,
    VERIFY_EMAIL_SALT,
    InvalidLink,
    link_payload,
)
from careerboard.companies.services import company_create
from careerboard.core.outbox import outbox_enqueue
from careerboard.core.ratelimit import (
    RateLimited,
    client_ip,
    hashed_key_part,
    ratelimit_clear,
    ratelimit_enforce,
    ratelimit_hit,
    ratelimit_peek,
)
from careerboard.core.text import ascii_int


@dataclass(frozen=True)
class Limit:
    limit: int
    window_seconds: int


# How many attempts each action allows (docs/security.md, "Rate limits").
LOGIN_PER_IP = Limit(30, 5 * 60)
LOGIN_FAILURES_PER_EMAIL = Limit(5, 15 * 60)
TWO_FACTOR_FAILURES_PER_USER = Limit(5, 15 * 60)
SIGNUP_PER_IP = Limit(10, 60 * 60)
PASSWORD_RESET_PER_IP = Limit(10, 60 * 60)
PASSWORD_RESET_PER_EMAIL = Limit(3, 60 * 60)
VERIFICATION_MAIL_PER_USER = Limit(3, 60 * 60)
EMAIL_CHANGE_PER_USER = Limit(5, 60 * 60)

# A password that was right leaves the person this long to type the second factor.
TWO_FACTOR_PENDING_SECONDS = 5 * 60
RECOVERY_CODE_COUNT = 10


class InvalidCredentials(Exception):
    """The email and password (or the second-factor code) do not match."""


def _limit(key: str, limit: Limit, message: str) -> None:
    ratelimit_enforce(
        key=key, limit=limit.limit, window_seconds=limit.window_seconds, message=message
    )


def _minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


# --- Sign-up and email verification ---------------------------------------------------------


def user_create(
    *, email: str, password: str | None, role: str = User.Role.SEEKER, name: str = ""
) -> User:
    """Create a person's account. Staff accounts are made with is_staff set."""
    return User.objects.create_user(
        email, password, role=role, name=name, is_staff=role == User.Role.STAFF
    )


@transaction.atomic
def user_signup(
    *,
    ip: str,
    email: str,
    password: str,
    role: str,
    name: str = "",
    company_name: str = "",
    company_website: str = "",
) -> User:
    """A person signs up as a seeker or an employer (who brings a company); a verification mail
    goes out once the account is saved."""
    _limit(f"signup:ip:{ip}", SIGNUP_PER_IP, "Too many sign-ups from your network. Try later.")
    if role not in (User.Role.SEEKER, User.Role.EMPLOYER):
        raise ValidationError("Choose job seeker or employer.")
    if User.objects.filter(email=email.strip().lower()).exists():
        raise ValidationError("An account with this email address already exists.")
    try:
        with transaction.atomic():
            user = user_create(email=email, password=password, role=role, name=name)
    except IntegrityError as error:  # the same address signed up a moment ago
        raise ValidationError("An account with this email address already exists.") from error
    if role == User.Role.EMPLOYER:
        company_create(name=company_name, owner=user, website=company_website)
    outbox_enqueue(task=tasks.mail_email_verification, args=(user.pk,))
    return user


def email_verification_resend(*, user: User) -> None:
    _limit(
        f"verify-mail:user:{user.pk}",
        VERIFICATION_MAIL_PER_USER,
        "We have sent several verification mails already. Check your inbox, or try later.",
    )
    outbox_enqueue(task=tasks.mail_email_verification, args=(user.pk,))


def _link_user(token: str, *, salt: str) -> tuple[dict, User | None]:
    """A signed link's payload and its account, locked for the change the link confirms."""
    payload = link_payload(token, salt=salt)
    return payload, User.objects.select_for_update().filter(pk=payload.get("user") or 0).first()


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Mark the address in a verification link as verified (again is fine)."""
    payload, user = _link_user(token, salt=VERIFY_EMAIL_SALT)
    if user is None or user.email != payload.get("email"):
        raise InvalidLink("This link is for an address that is no longer on the account.")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


# --- Change of email ----------------------------------------------------------------------


def email_change_request(*, user: User, new_email: str) -> None:
    """Mail a confirmation link to the new address and a notice to the current one; the email
    changes only when the link is used, so a typo never locks anyone out."""
    _limit(
        f"email-change:user:{user.pk}",
        EMAIL_CHANGE_PER_USER,
        "Too many email changes. Try again later.",
    )
    new_email = new_email.strip().lower()
    if new_email == user.email:
        raise ValidationError("This is already your email address.")
    if User.objects.filter(email=new_email).exists():
        raise ValidationError("An account with this email address already exists.")
    outbox_enqueue(task=tasks.mail_email_change_confirmation, args=(user.pk, new_email))
    outbox_enqueue(
        task=tasks.mail_notice,
        args=(user.pk, "email_change_notice", {"new_email": new_email}),
    )


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    payload, user = _link_user(token, salt=CHANGE_EMAIL_SALT)
    # The link names the address it replaces, so once used (or overtaken) it stops working.
    if user is None or user.email != payload.get("old"):
        raise InvalidLink("This link was already used or is out of date.")
    new_email = str(payload.get("new", ""))
    if User.objects.filter(email=new_email).exists():
        raise InvalidLink("Another account uses this address now.")
    user.email = new_email
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "email_verified_at"])
    return user


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


# --- Log-in, lockout and two-factor -------------------------------------------------------


def _login_failures_key(email: str) -> str:
    return f"login-failures:{hashed_key_part(email)}"


def _lockout_message(retry_after: int) -> str:
    return (
        "Too many failed sign-in attempts for this account. Try again in "
        f"{_minutes(retry_after)}, or reset your password."
    )


def login_check_password(*, request: HttpRequest, email: str, password: str) -> User:
    """The account for this email and password, or InvalidCredentials; RateLimited when the
    network tries too often or the account is locked after repeated failures."""
    _limit(
        f"login:ip:{client_ip(request)}",
        LOGIN_PER_IP,
        "Too many sign-in attempts from your network. Wait a few minutes.",
    )
    failures_key = _login_failures_key(email)
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


def _totp_accept(*, user: User, code: str) -> bool:
    code = code.strip().replace(" ", "")
    step = _totp_step(user=user, code=code)
    if step is None:
        return False
    # A conditional update accepts each step once, even when two requests race with one code.
    return User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step) == 1


def _recovery_hash(code: str) -> str:
    normalized = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalized.encode()).hexdigest()


def _recovery_code_accept(*, user: User, code: str) -> bool:
    return (
        RecoveryCode.objects.filter(
            user=user, code_hash=_recovery_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        == 1
    )


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
    if _totp_accept(user=user, code=code) or _recovery_code_accept(user=user, code=code):
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


# --- Sessions -----------------------------------------------------------------------------


def session_record(*, request: HttpRequest, user: User) -> UserSession:
    """Called at every log-in (any login page, the admin's too) through user_logged_in."""
    if request.session.session_key is None:
        request.session.save()
    try:
        ip_address: str | None = str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        ip_address = None
    session, _ = UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": ip_address,
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )
    return session


def session_forget(*, session_key: str | None) -> None:
    """Called at log-out: the session is gone, so is its record."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def _sessions_end(sessions) -> int:  # type: ignore[no-untyped-def]
    ended = 0
    for session in list(sessions):
        session_store().delete(session.session_key)
        session.delete()
        ended += 1
    return ended


def session_revoke(*, user: User, session_id: int) -> None:
    """End one of the person's own sessions; other people's are not found."""
    sessions = UserSession.objects.filter(user=user, pk=session_id)
    if not _sessions_end(sessions):
        raise UserSession.DoesNotExist("No such session.")


def sessions_revoke_others(*, user: User, current_session_key: str | None) -> int:
    return _sessions_end(
        UserSession.objects.filter(user=user).exclude(session_key=current_session_key)
    )


def sessions_prune() -> int:
    """Drop the records of sessions that expired or were ended elsewhere."""
    dead = [s.pk for s in UserSession.objects.iterator() if not session_is_alive(session=s)]
    UserSession.objects.filter(pk__in=dead).delete()
    return len(dead)


# --- Passwords ----------------------------------------------------------------------------


def password_reset_request(*, ip: str, email: str) -> None:
    """Mail a reset link if an active account has this address. The answer is the same either
    way, so the form does not tell who has an account."""
    _limit(
        f"password-reset:ip:{ip}",
        PASSWORD_RESET_PER_IP,
        "Too many password reset requests from your network. Try again later.",
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
    _sessions_end(UserSession.objects.filter(user=user))
    revoked, _ = AccessToken.objects.filter(user=user).delete()
    if revoked:
        outbox_enqueue(task=tasks.mail_notice, args=(user.pk, "tokens_revoked", {"count": revoked}))
    ratelimit_clear(
        key=_login_failures_key(user.email),
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


# --- Personal access tokens ---------------------------------------------------------------


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


# Last use is written at most this often per token, not on every request.
TOKEN_LAST_USE_RESOLUTION = timedelta(minutes=1)


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


# --- Deletion -----------------------------------------------------------------------------


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
