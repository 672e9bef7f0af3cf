"""The application mails obey the people's notification settings, as they stand when the mail
is sent (real SMTP through the task worker): the seeker's receipt and status mails, and each
hiring member's new-applicant mail."""

from __future__ import annotations

import pytest

from careerboard.accounts.services.profile import notifications_update
from careerboard.applications.models import Application
from careerboard.applications.services import hiring
from careerboard.applications.tests.conftest import applied, client_for
from careerboard.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def recipients(smtp_server) -> list[str]:
    return sorted(message["To"] for message in smtp_server.messages)


@pytest.fixture
def colleague(employer):
    """A second member of Acme, who keeps the new-applicant mails on."""
    company = employer.memberships.get().company
    return MembershipFactory(user__email="cto@acme.example", company=company).user


def test_a_seeker_who_turned_receipts_off_gets_none_and_the_company_still_hears(
    seeker, job, employer, smtp_server, run_tasks
):
    applied(seeker, job)
    # Turned off after applying, before the worker sends: the setting at sending time counts.
    notifications_update(user=seeker, choices={"notify_application_receipt": False})
    assert run_tasks() == 1
    assert recipients(smtp_server) == ["hiring@acme.example"]
    assert smtp_server.messages[0]["Subject"].startswith("New applicant for Payments Engineer")


def test_only_the_members_who_want_new_applicant_mails_get_them(
    seeker, job, employer, colleague, smtp_server, run_tasks
):
    notifications_update(user=employer, choices={"notify_new_applicant": False})
    applied(seeker, job)
    run_tasks()
    # The seeker's receipt, and the new-applicant mail to the colleague only.
    assert recipients(smtp_server) == ["ada@example.com", "cto@acme.example"]


def test_with_every_mail_off_applying_sends_nothing(seeker, job, employer, smtp_server, run_tasks):
    client_for(employer).post("/account/notifications/", {})
    client_for(seeker).post("/account/notifications/", {"notify_application_status": "on"})
    applied(seeker, job)
    assert run_tasks() == 1
    assert smtp_server.messages == []
    assert Application.objects.get().status == "applied"


def test_status_mails_stop_when_turned_off_and_the_tracker_still_shows_the_move(
    seeker, job, employer, smtp_server, run_tasks
):
    application = applied(seeker, job)
    run_tasks()
    smtp_server.messages.clear()
    hiring.application_move(application=application, by=employer, status="interview")
    run_tasks()
    assert recipients(smtp_server) == ["ada@example.com"]  # on by default

    smtp_server.messages.clear()
    notifications_update(user=seeker, choices={"notify_application_status": False})
    hiring.application_move(application=application, by=employer, status="offer")
    run_tasks()
    assert smtp_server.messages == []
    tracker = client_for(seeker).get(f"/applications/{application.pk}/").content.decode()
    assert 'id="application-status">Offer<' in tracker
