"""Sign-up, email verification and change of email."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careerboard.accounts import tasks
from careerboard.accounts.models import User
from careerboard.accounts.services.limits import (
    EMAIL_CHANGE_PER_USER,
    SIGNUP_PER_IP,
    VERIFICATION_MAIL_PER_USER,
    limit_enforce,
)
from careerboard.accounts.tokens import (
    CHANGE_EMAIL_SALT,
    VERIFY_EMAIL_SALT,
    InvalidLink,
    link_payload,
)
from careerboard.companies.services import company_create
from careerboard.core.outbox import outbox_enqueue

ADDRESS_TAKEN = "An account with this email address already exists."


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
    limit_enforce(
        key=f"signup:ip:{ip}",
        limit=SIGNUP_PER_IP,
        message="Too many sign-ups from your network. Try later.",
    )
    if role not in (User.Role.SEEKER, User.Role.EMPLOYER):
        raise ValidationError("Choose job seeker or employer.")
    if User.objects.filter(email=email.strip().lower()).exists():
        raise ValidationError(ADDRESS_TAKEN)
    try:
        with transaction.atomic():
            user = user_create(email=email, password=password, role=role, name=name)
    except IntegrityError as error:  # the same address signed up a moment ago
        raise ValidationError(ADDRESS_TAKEN) from error
    if role == User.Role.EMPLOYER:
        company_create(name=company_name, owner=user, website=company_website)
    outbox_enqueue(task=tasks.mail_email_verification, args=(user.pk,))
    return user


def email_verification_resend(*, user: User) -> None:
    limit_enforce(
        key=f"verify-mail:user:{user.pk}",
        limit=VERIFICATION_MAIL_PER_USER,
        message="We have sent several verification mails already. Check your inbox, or try later.",
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


def email_change_request(*, user: User, new_email: str) -> None:
    """Mail a confirmation link to the new address and a notice to the current one; the email
    changes only when the link is used, so a typo never locks anyone out."""
    limit_enforce(
        key=f"email-change:user:{user.pk}",
        limit=EMAIL_CHANGE_PER_USER,
        message="Too many email changes. Try again later.",
    )
    new_email = new_email.strip().lower()
    if new_email == user.email:
        raise ValidationError("This is already your email address.")
    if User.objects.filter(email=new_email).exists():
        raise ValidationError(ADDRESS_TAKEN)
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
