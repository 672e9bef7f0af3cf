"""Sign-up as a seeker or an employer, and confirming the email address by the mailed link."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from careerboard.accounts.models import User
from careerboard.accounts.services.limits import SIGNUP_PER_IP
from careerboard.accounts.tests.helpers import link_in
from careerboard.companies.models import Membership

pytestmark = pytest.mark.django_db
# Mail is enqueued after the transaction commits, so tests that read mail commit for real.
mails = pytest.mark.django_db(transaction=True)

SEEKER = {
    "role": "seeker",
    "name": "Grace Hopper",
    "email": "Grace@Example.com",
    "password": "a long and unusual passphrase",
}


@mails
def test_seeker_signs_up_is_signed_in_and_confirms_the_mailed_link(client, smtp_server, run_tasks):
    response = client.post("/account/signup/", SEEKER)
    assert response.status_code == 302
    user = User.objects.get(email="grace@example.com")
    assert user.role == "seeker" and not user.email_verified
    assert user.password.startswith(("md5$", "argon2"))  # hashed, never plain
    page = client.get("/account/").content.decode()
    assert "not confirmed yet" in page

    assert run_tasks() == 1
    [mail] = smtp_server.messages
    assert mail["To"] == "grace@example.com"
    link = link_in(mail, "/account/verify-email/")

    # Opening the link changes nothing (a mail scanner may fetch it); the button does.
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert not user.email_verified
    response = client.post(link)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified
    assert "confirmed" in client.get("/account/").content.decode()


def test_employer_signs_up_with_a_company(client, smtp_server, run_tasks):
    response = client.post(
        "/account/signup/",
        {
            "role": "employer",
            "email": "hiring@acme.example",
            "password": "a long and unusual passphrase",
            "company_name": "Acme Remote",
            "company_website": "https://acme.example",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.select_related("company", "user").get()
    assert membership.user.role == "employer"
    assert membership.role == Membership.Role.OWNER
    assert membership.company.name == "Acme Remote"
    assert membership.company.website == "https://acme.example"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": "employer"}, "company_name", "Employers need a company name."),
        ({"password": "12345678"}, "password", "This password is too common."),
        ({"password": "short"}, "password", "This password is too short."),
        ({"email": "not an email"}, "email", "Enter a valid email address."),
        ({"role": "staff"}, "role", "Select a valid choice."),
        ({"company_website": "javascript:alert(1)"}, "company_website", "Enter a valid URL."),
    ],
)
def test_bad_sign_up_input_shows_the_error_next_to_the_field(client, changes, field, message):
    response = client.post("/account/signup/", {**SEEKER, **changes})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not User.objects.exists()


def test_an_email_address_signs_up_once(client, person):
    response = client.post("/account/signup/", {**SEEKER, "email": "ADA@example.com"})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_sign_ups_are_rate_limited_per_network(client):
    for n in range(SIGNUP_PER_IP.limit):
        response = client.post("/account/signup/", {**SEEKER, "email": f"p{n}@example.com"})
        assert response.status_code == 302
        client.post("/account/logout/")
    response = client.post("/account/signup/", {**SEEKER, "email": "one-more@example.com"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many sign-ups" in response.content.decode()
    assert not User.objects.filter(email="one-more@example.com").exists()


def test_signed_in_people_are_sent_from_sign_up_to_their_account(signed_in):
    assert signed_in.get("/account/signup/")["Location"] == "/account/"


def _verification_link_of(client, smtp_server, run_tasks) -> str:
    client.post("/account/signup/", SEEKER)
    run_tasks()
    return link_in(smtp_server.messages[-1], "/account/verify-email/")


@mails
def test_a_tampered_link_is_refused(client, smtp_server, run_tasks):
    link = _verification_link_of(client, smtp_server, run_tasks)
    token = link.split("/")[-2]
    payload = signing.loads(token, salt="accounts.verify-email")
    forged = signing.dumps({**payload, "email": "other@example.com"}, salt="wrong-salt")
    for bad in (link[:-4] + "abc/", f"/account/verify-email/{forged}/"):
        response = client.post(bad)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert not User.objects.get().email_verified


@mails
def test_an_expired_link_is_refused_with_a_way_to_get_a_new_one(
    client, smtp_server, run_tasks, monkeypatch
):
    link = _verification_link_of(client, smtp_server, run_tasks)
    four_days_later = time.time() + 4 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: four_days_later)
    response = client.post(link)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not User.objects.get().email_verified

    monkeypatch.undo()
    assert client.post("/account/verify-email/resend/").status_code == 302
    run_tasks()
    fresh = link_in(smtp_server.messages[-1], "/account/verify-email/")
    assert client.post(fresh).status_code == 302
    assert User.objects.get().email_verified


@mails
def test_resending_the_link_is_rate_limited(signed_in, smtp_server, run_tasks):
    for _ in range(3):
        signed_in.post("/account/verify-email/resend/")
    response = signed_in.post("/account/verify-email/resend/", follow=True)
    assert "sent several verification mails" in response.content.decode()
    assert run_tasks() == 3
