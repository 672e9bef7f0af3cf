"""Alert mails to a real SMTP server: instant alerts batched per person, daily and weekly
digests and their limits, one-click unsubscribe, and retries while the server is down."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careerboard.alerts import delivery
from careerboard.alerts.models import Alert, AlertMail, SentJob
from careerboard.alerts.tests.helpers import live_job, make_alert
from careerboard.billing.services import local_checkout_complete
from careerboard.core.schedule import PERIODIC_COMMANDS
from careerboard.core.tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.smtp]
SEND_TASK = "careerboard.alerts.tasks.send_alert_mails"


class Clock:
    """Django's clock, moved forward by the test (the worker's run_after checks read it too)."""

    def __init__(self) -> None:
        self.real_now = timezone.now
        self.offset = timedelta(0)

    def now(self):  # type: ignore[no-untyped-def]
        return self.real_now() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)

    def next_utc_day(self, hour: int) -> None:
        """Move to `hour` o'clock (UTC) of the next day."""
        now = self.now()
        target = (now + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)
        self.offset += target - now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def run_command(name: str, *args: str) -> None:
    call_command(name, *args, stdout=StringIO())


def text_of(message) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(message.get_body(("plain",)).get_content().splitlines())


def titles_in(message) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r"^(.+) at Company \d+$", text_of(message), re.M)


def test_instant_alerts_mail_each_new_job_once_in_one_mail_per_person(
    seeker, smtp_server, run_tasks
):
    local_checkout_complete(user=seeker, price_key="plus-month")
    make_alert(seeker, "q=python", frequency="instant")
    make_alert(seeker, "q=rust&region=germany", frequency="instant")
    make_alert(UserFactory(email="bob@example.com"), "q=designer", frequency="instant")
    make_alert(UserFactory(email="eve@example.com"), "q=python", frequency="daily")
    live_job(title="Python Developer")
    live_job(title="Rust Engineer", regions=["europe"])  # open to Germany too
    live_job(title="Rust Engineer", regions=["usa"], slug="rust-usa")
    live_job(title="Product Designer")

    run_command("send_instant_alerts")
    run_tasks()
    by_address = {message["To"]: message for message in smtp_server.messages}
    assert set(by_address) == {"ada@example.com", "bob@example.com"}
    ada = by_address["ada@example.com"]
    assert ada["Subject"] == "2 new jobs for your alerts"
    assert sorted(titles_in(ada)) == ["Python Developer", "Rust Engineer"]
    assert "Rust Engineer" in ada.get_body(("html",)).get_content()
    assert by_address["bob@example.com"]["Subject"] == "1 new job for “designer”"

    # Each job arrives once: the next runs find nothing new, then only the newer job.
    run_command("send_instant_alerts")
    run_tasks()
    assert len(smtp_server.messages) == 2
    live_job(title="Python Engineer", slug="python-2")
    run_command("send_instant_alerts")
    run_tasks()
    assert len(smtp_server.messages) == 3
    assert titles_in(smtp_server.messages[-1]) == ["Python Engineer"]
    assert SentJob.objects.filter(alert__user=seeker).count() == 3


def test_a_digest_holds_at_most_10_jobs_and_2_per_company_and_goes_once_a_day(
    seeker, smtp_server, run_tasks, clock
):
    make_alert(seeker, "q=engineer", frequency="daily")
    companies = [CompanyFactory() for _ in range(7)]
    for number in range(17):  # 5 from the first company, 2 from each of the others
        live_job(title=f"Engineer {number}", company=companies[max(0, number - 3) // 2])
    live_job(title="Product Designer", company=companies[1])

    run_command("send_alert_digests", "--frequency", "daily")
    run_tasks()
    assert smtp_server.messages == []  # the alert was made today: its first digest is tomorrow

    clock.next_utc_day(hour=1)
    run_command("send_alert_digests", "--frequency", "daily")
    run_tasks()
    [digest] = smtp_server.messages
    assert digest["Subject"] == "10 new jobs today for “engineer”"
    shown = titles_in(digest)
    assert len(shown) == 10 and "Product Designer" not in shown
    per_company = Counter(re.findall(r"^.+ at (Company \d+)$", text_of(digest), re.M))
    assert max(per_company.values()) == 2 and len(per_company) == 7 - 2
    assert "7 more matching jobs did not fit in this mail." in text_of(digest)

    # Idempotent: later runs of the same day send nothing.
    clock.advance(hours=5)
    run_command("send_alert_digests", "--frequency", "daily")
    run_tasks()
    assert len(smtp_server.messages) == 1

    # The next day brings only what arrived since; nothing goes twice.
    live_job(title="Engineer 99", company=companies[6])
    clock.next_utc_day(hour=1)
    run_command("send_alert_digests", "--frequency", "daily")
    run_tasks()
    assert titles_in(smtp_server.messages[-1]) == ["Engineer 99"]
    sent = SentJob.objects.values_list("job_id", flat=True)
    assert len(sent) == len(set(sent)) == 11


def test_nothing_is_sent_when_nothing_matches(seeker, smtp_server, run_tasks, clock):
    alert = make_alert(seeker, "q=astronaut", frequency="weekly")
    live_job(title="Python Developer")
    clock.advance(days=8)
    run_command("send_alert_digests", "--frequency", "weekly")
    run_tasks()
    assert smtp_server.messages == [] and not AlertMail.objects.exists()
    alert.refresh_from_db()
    assert alert.digest_through > alert.created_at + timedelta(days=7)  # this week is done


def test_one_click_unsubscribe_from_the_mail(seeker, smtp_server, run_tasks, settings):
    settings.SITE_URL = "https://careerboard.example"
    alert = make_alert(seeker, "q=python", frequency="instant")
    live_job(title="Python Developer")
    run_command("send_instant_alerts")
    run_tasks()
    [message] = smtp_server.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(
        # A long header may be folded onto its next line: mail clients unfold it.
        r"<(https://careerboard\.example/alerts/unsubscribe/\S+)>",
        message["List-Unsubscribe"].strip(),
    ).group(1)
    edit_link = f"https://careerboard.example/alerts/{alert.pk}/edit"
    assert edit_link in text_of(message)
    assert edit_link in message.get_body(("html",)).get_content()

    path = urlparse(url).path
    # Opening the link (a mail scanner does) only asks to confirm.
    confirm = Client().get(path)
    assert confirm.status_code == 200 and "python" in confirm.content.decode()
    alert.refresh_from_db()
    assert not alert.paused
    # What the mail client sends: a POST with no cookie and no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.paused and not alert.paused_by_plan  # paused, not deleted

    live_job(title="Python Engineer", slug="python-2")
    run_command("send_instant_alerts")
    run_tasks()
    assert len(smtp_server.messages) == 1
    assert Client().post(path[:-3] + "xyz").status_code == 404
    assert Client().get("/alerts/unsubscribe/forged").status_code == 404


def test_while_the_smtp_server_is_down_nothing_is_lost_and_nothing_goes_twice(
    seeker, smtp_server, run_tasks, clock
):
    make_alert(seeker, "q=python", frequency="instant")
    make_alert(UserFactory(email="bob@example.com"), "q=designer", frequency="instant")
    smtp_server.stop()
    live_job(title="Python Developer")
    live_job(title="Product Designer")

    run_command("send_instant_alerts")
    assert run_tasks() == 1
    mails = AlertMail.objects.all()
    assert [(m.status, m.attempts) for m in mails] == [("pending", 1)] * 2
    assert all("Connection refused" in m.last_error for m in mails)
    # Retried with backoff: the task enqueued itself to run a minute later.
    [retry] = DBTaskResult.objects.filter(task_path=SEND_TASK, status="READY")
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(minutes=1)
    assert run_tasks() == 0

    clock.advance(minutes=1, seconds=5)
    assert run_tasks() == 1  # still down: the second attempt fails too, two minutes to the next
    assert {m.attempts for m in AlertMail.objects.all()} == {2}
    assert smtp_server.messages == []

    smtp_server.restart()
    clock.advance(minutes=2, seconds=5)
    assert run_tasks() == 1
    assert sorted(m["To"] for m in smtp_server.messages) == ["ada@example.com", "bob@example.com"]
    assert {(m.status, m.attempts) for m in AlertMail.objects.all()} == {("sent", 3)}

    # Later runs, the sweep of stalled mails included, send nothing again.
    clock.advance(hours=1)
    run_command("send_instant_alerts")
    run_tasks()
    assert len(smtp_server.messages) == 2
    assert Alert.objects.filter(last_sent_at__isnull=True).count() == 0


def test_a_mail_whose_task_was_lost_is_queued_again(seeker, smtp_server, run_tasks, clock):
    make_alert(seeker, "q=python", frequency="instant")
    live_job(title="Python Developer")
    run_command("send_instant_alerts")
    DBTaskResult.objects.filter(task_path=SEND_TASK).delete()  # the queue lost it

    clock.advance(minutes=5)
    run_command("send_instant_alerts")
    run_tasks()
    assert smtp_server.messages == []  # not yet: its task may still be waiting in a long queue
    clock.advance(minutes=15)
    run_command("send_instant_alerts")
    run_tasks()
    assert len(smtp_server.messages) == 1


def test_a_worker_killed_mid_send_leaves_its_mails_for_two_minutes_and_they_go_once(
    seeker, smtp_server, run_tasks, clock
):
    make_alert(seeker, "q=python", frequency="instant")
    make_alert(UserFactory(email="bob@example.com"), "q=designer", frequency="instant")
    live_job(title="Python Developer")
    live_job(title="Product Designer")
    run_command("send_instant_alerts")
    # A worker takes both mails, then is killed (SIGKILL: none of our code runs) with its task.
    mail_ids = list(AlertMail.objects.values_list("pk", flat=True))
    assert delivery.alert_mails_claim(mail_ids=mail_ids, now=timezone.now()) == sorted(mail_ids)
    DBTaskResult.objects.filter(task_path=SEND_TASK).delete()

    clock.advance(minutes=1)
    run_command("send_instant_alerts")
    run_tasks()
    assert smtp_server.messages == []  # within the lease the worker may still be sending
    clock.advance(minutes=1, seconds=30)
    run_command("send_instant_alerts")  # 2.5 minutes on, no longer 10.5
    run_tasks()
    assert sorted(m["To"] for m in smtp_server.messages) == ["ada@example.com", "bob@example.com"]
    clock.advance(minutes=15)
    run_command("send_instant_alerts")
    run_tasks()
    assert len(smtp_server.messages) == 2


def test_a_live_worker_keeps_its_mails_by_renewing_the_lease(seeker, smtp_server, run_tasks, clock):
    make_alert(seeker, "q=python", frequency="instant")
    live_job(title="Python Developer")
    run_command("send_instant_alerts")
    [mail_id] = AlertMail.objects.values_list("pk", flat=True)
    delivery.alert_mails_claim(mail_ids=[mail_id], now=timezone.now())
    DBTaskResult.objects.filter(task_path=SEND_TASK).delete()
    for _ in range(4):  # a long batch: the worker renews before each mail
        clock.advance(seconds=90)
        delivery.alert_mails_still_sending(mail_ids=[mail_id], now=timezone.now())
        assert delivery.alert_mails_requeue_stalled() == 0
    assert AlertMail.objects.get().status == "sending"
    assert smtp_server.messages == []


def test_a_mail_is_given_up_after_the_last_attempt(
    seeker, smtp_server, run_tasks, clock, monkeypatch
):
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 2)
    make_alert(seeker, "q=python", frequency="instant")
    live_job(title="Python Developer")
    smtp_server.stop()
    run_command("send_instant_alerts")
    run_tasks()
    clock.advance(minutes=2)
    run_tasks()
    mail = AlertMail.objects.get()
    assert (mail.status, mail.attempts) == ("failed", 2)
    assert not DBTaskResult.objects.filter(task_path=SEND_TASK, status="READY").exists()
    smtp_server.restart()


def test_retries_back_off_up_to_two_hours():
    assert [delivery.retry_delay(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert delivery.retry_delay(11) == timedelta(hours=2)


def test_the_scheduler_runs_the_alert_commands():
    instant = PERIODIC_COMMANDS["send_instant_alerts"]
    assert instant.command == "send_instant_alerts" and instant.every <= timedelta(seconds=30)
    for frequency in ("daily", "weekly"):
        digest = PERIODIC_COMMANDS[f"send_{frequency}_alert_digests"]
        assert digest.command == "send_alert_digests"
        assert digest.args == ("--frequency", frequency)
        assert digest.every <= timedelta(hours=1)
