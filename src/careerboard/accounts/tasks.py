"""Account mails, sent by the worker. Tasks take ids, not links: each link is signed when the
mail is sent, so no secret sits in the task queue. A mail the SMTP server does not take is
tried again later (core.mail.smtp_retry)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from careerboard.accounts.models import User
from careerboard.accounts.tokens import email_change_token, email_verification_token
from careerboard.core.mail import smtp_retry


def _send(*, template: str, subject: str, to: str, context: dict) -> None:
    body = render_to_string(
        f"accounts/email/{template}.txt", {**context, "SITE_URL": settings.SITE_URL}
    )
    send_mail(subject, body, None, [to])


def _link(name: str, **kwargs: str) -> str:
    return settings.SITE_URL + reverse(f"accounts:{name}", kwargs=kwargs)


@task()
def mail_email_verification(user_id: int, attempt: int = 0) -> None:
    user = User.objects.filter(pk=user_id, email_verified_at__isnull=True).first()
    if user is None:  # deleted, or verified since
        return
    with smtp_retry(mail_email_verification, user_id, attempt=attempt):
        _send(
            template="verify_email",
            subject="Confirm your email address for careerboard",
            to=user.email,
            context={
                "user": user,
                "link": _link("verify_email", token=email_verification_token(user=user)),
            },
        )


@task()
def mail_password_reset(user_id: int, attempt: int = 0) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    # Made at each attempt: a mail delayed by an outage still carries a link of full validity.
    link = _link(
        "password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    with smtp_retry(mail_password_reset, user_id, attempt=attempt):
        _send(
            template="password_reset",
            subject="Reset your careerboard password",
            to=user.email,
            context={"user": user, "link": link, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
        )


@task()
def mail_email_change_confirmation(user_id: int, new_email: str, attempt: int = 0) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    token = email_change_token(user=user, new_email=new_email)
    with smtp_retry(mail_email_change_confirmation, user_id, new_email, attempt=attempt):
        _send(
            template="email_change_confirm",
            subject="Confirm your new email address for careerboard",
            to=new_email,
            context={
                "user": user,
                "new_email": new_email,
                "link": _link("email_change_confirm", token=token),
            },
        )


# Mails that tell a person what was done on their account: the user and a few values, no link.
NOTICES = {
    "email_change_notice": "A change of email address was asked for on your careerboard account",
    "tokens_revoked": "Your careerboard API tokens were revoked",
}


@task()
def mail_notice(user_id: int, template: str, context: dict[str, Any], attempt: int = 0) -> None:
    """The notice `template` (a key of NOTICES), its template given `context` and the user."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    with smtp_retry(mail_notice, user_id, template, context, attempt=attempt):
        _send(
            template=template,
            subject=NOTICES[template],
            to=user.email,
            context={**context, "user": user},
        )
