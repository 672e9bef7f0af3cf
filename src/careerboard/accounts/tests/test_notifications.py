"""Notification settings: which application mails a person gets, per kind of account, on
until they are turned off; kept in the data export. (The mails themselves obey them:
applications/tests/test_notification_mails.py.)"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from careerboard.accounts.models import User
from careerboard.accounts.services.profile import notifications_update
from careerboard.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def page_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/account/notifications/").content.decode()


def test_a_seeker_chooses_receipts_and_status_mails_both_on_at_first():
    seeker = UserFactory()
    page = page_of(seeker)
    assert "A receipt each time I apply on careerboard" in page
    assert "When a company moves my application" in page
    assert "When someone applies" not in page
    assert page.count('type="checkbox"') == 2 and page.count("checked") == 2
    assert "your job alerts" in page  # alert mails are set per alert


def test_an_employer_chooses_new_applicant_mails_and_staff_have_nothing_to_choose():
    employer = MembershipFactory().user
    page = page_of(employer)
    assert "When someone applies to my company&#x27;s jobs" in page
    assert page.count('type="checkbox"') == 1 and "receipt" not in page
    staff = UserFactory(role=User.Role.STAFF, is_staff=True)
    assert "nothing to choose" in page_of(staff)


def test_turning_a_mail_off_saves_and_shows_it_off():
    seeker = UserFactory()
    client = Client()
    client.force_login(seeker)
    # An unticked box is not posted; a field of another kind of account is ignored.
    response = client.post(
        "/account/notifications/",
        {"notify_application_status": "on", "notify_new_applicant": ""},
        follow=True,
    )
    assert "Your notification settings are saved." in response.content.decode()
    seeker.refresh_from_db()
    assert not seeker.notify_application_receipt
    assert seeker.notify_application_status and seeker.notify_new_applicant
    assert page_of(seeker).count("checked") == 1


def test_the_service_refuses_a_mail_the_account_does_not_get():
    employer = MembershipFactory().user
    with pytest.raises(ValidationError, match="notify_application_receipt"):
        notifications_update(user=employer, choices={"notify_application_receipt": False})
    notifications_update(user=employer, choices={"notify_new_applicant": False})
    employer.refresh_from_db()
    assert not employer.notify_new_applicant


def test_the_account_page_links_to_the_settings_and_the_export_holds_them():
    seeker = UserFactory(notify_application_status=False)
    client = Client()
    client.force_login(seeker)
    assert 'href="/account/notifications/"' in client.get("/account/").content.decode()
    profile = json.loads(client.get("/account/export.json").content)["sections"]["profile"]
    assert profile["notifications"] == {
        "notify_application_receipt": True,
        "notify_application_status": False,
        "notify_new_applicant": True,
    }


def test_signed_out_people_are_sent_to_log_in():
    response = Client().get("/account/notifications/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
