from __future__ import annotations

import smtplib
from contextlib import suppress

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from careerboard.alerts import delivery, selectors
from careerboard.alerts.mails import JobLines, alert_message
from careerboard.core.outbox import outbox_enqueue


@task()
def send_alert_mails(mail_ids: list[int]) -> None:
    """Hand queued alert mails to the SMTP server over one connection, marking each sent as
    soon as the server accepts it. Mails it does not accept are retried with backoff: this
    task enqueues itself again with `run_after` (django-tasks retries nothing by itself)."""
    now = timezone.now()
    claimed = delivery.alert_mails_claim(mail_ids=mail_ids, now=now)
    if not claimed:
        return
    contents = selectors.mail_contents(mail_ids=claimed)
    lines: dict[int, JobLines] = {}
    failures: dict[int, str] = {}
    sent: list[int] = []
    connection = get_connection()
    try:
        for position, mail_id in enumerate(claimed):
            delivery.alert_mails_still_sending(mail_ids=claimed[position:], now=timezone.now())
            message = alert_message(contents[mail_id], lines=lines)
            if message is None:
                delivery.alert_mail_cancelled(mail_id=mail_id)
                continue
            try:
                # Opened here rather than by send(), which would close it after each mail.
                connection.open()
                message.connection = connection
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                failures[mail_id] = repr(error)
                # The connection may be broken: the next mail opens a new one.
                _close_quietly(connection)
            else:
                delivery.alert_mail_sent(mail_id=mail_id, now=timezone.now())
                sent.append(mail_id)
    finally:
        _close_quietly(connection)
        delivery.alerts_mailed(mail_ids=sent, now=timezone.now())
    retries = delivery.alert_mails_failed(failures=failures, now=timezone.now())
    if send_alert_mails.get_backend().supports_defer:
        for run_after, retry_ids in retries.items():
            outbox_enqueue(task=send_alert_mails, args=(retry_ids,), run_after=run_after)
    # Without deferred tasks, the periodic send_instant_alerts requeues them when due.


def _close_quietly(connection) -> None:  # type: ignore[no-untyped-def]
    with suppress(smtplib.SMTPException, OSError):
        connection.close()
