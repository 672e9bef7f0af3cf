"""Password reset by mail (one use, expiring) and change of password."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from careerboard.accounts.models import AccessToken, User
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.accounts.services.limits import LOGIN_FAILURES_PER_EMAIL, PASSWORD_RESET_PER_IP
from careerboard.accounts.tests.helpers import PASSWORD, link_in, sign_in

pytestmark = pytest.mark.django_db
mails = pytest.mark.django_db(transaction=True)
NEW = {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"}


def ask_reset(client: Client, email: str):
    return client.post("/account/password-reset/", {"email": email})


@mails
def test_reset_by_mail_works_once_and_ends_the_lockout_and_sessions(
    client, person, smtp_server, run_tasks
):
    elsewhere = sign_in(Client(), person.email)
    for _ in range(LOGIN_FAILURES_PER_EMAIL.limit):
        client.post("/account/login/", {"email": person.email, "password": "nope"})

    response = ask_reset(client, person.email)
    assert response.status_code == 200
    assert "Check your mail" in response.content.decode()
    run_tasks()
    [mail] = smtp_server.messages
    assert mail["To"] == person.email
    link = link_in(mail, "/account/password-reset/")

    bad = client.post(link, {"new_password1": "abc", "new_password2": "abd"})
    assert bad.status_code == 400
    assert "The two password fields didn" in bad.content.decode()
    assert client.post(link, NEW)["Location"] == "/account/login/"
    assert elsewhere.get("/account/").status_code == 302  # every session ended
    sign_in(client, person.email, NEW["new_password1"])  # and the lockout is lifted

    used = Client().get(link)
    assert used.status_code == 400
    assert "expired or was already used" in used.content.decode()


@mails
def test_a_reset_revokes_the_api_tokens_and_says_so_by_mail(client, person, smtp_server, run_tasks):
    _, raw = access_token_create(user=person, name="laptop", scope="write", expires_in_days=None)
    access_token_create(user=person, name="ci", scope="read", expires_in_days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/me").status_code == 200
    ask_reset(client, person.email)
    run_tasks()
    link = link_in(smtp_server.messages[0], "/account/password-reset/")
    assert client.post(link, NEW)["Location"] == "/account/login/"

    assert api.get("/api/v1/me").status_code == 401
    assert not AccessToken.objects.filter(user=person).exists()
    run_tasks()
    notice = smtp_server.messages[1]
    assert notice["To"] == person.email
    assert notice["Subject"] == "Your careerboard API tokens were revoked"
    text = " ".join(notice.get_body(("plain",)).get_content().split())
    assert "your 2 personal access tokens for the API were revoked" in text
    assert "/account/tokens/" in text


@mails
def test_reset_answers_the_same_for_unknown_addresses_and_mails_nothing(
    client, smtp_server, run_tasks
):
    response = ask_reset(client, "nobody@example.com")
    assert response.status_code == 200
    assert "If an account uses nobody@example.com" in response.content.decode()
    assert run_tasks() == 0
    assert smtp_server.messages == []


@mails
def test_reset_mails_to_one_address_are_capped_silently(client, person, smtp_server, run_tasks):
    for _ in range(5):
        assert ask_reset(client, person.email).status_code == 200
    run_tasks()
    assert len(smtp_server.messages) == 3


def test_reset_requests_are_rate_limited_per_network(client):
    for n in range(PASSWORD_RESET_PER_IP.limit):
        ask_reset(client, f"p{n}@example.com")
    response = ask_reset(client, "one-more@example.com")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()


def test_an_expired_or_forged_reset_link_is_refused(client, person, settings):
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    assert client.get(f"/account/password-reset/{uid}/{token}/").status_code == 200
    for path in (
        f"/account/password-reset/{uid}/{token[:-2]}xx/",
        f"/account/password-reset/!!/{token}/",
    ):
        assert client.get(path).status_code == 400
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is now older than allowed
    assert client.post(f"/account/password-reset/{uid}/{token}/", NEW).status_code == 400
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_change_of_password_checks_the_old_one(signed_in, person):
    wrong = signed_in.post("/account/password/", {"old_password": "nope", **NEW})
    assert wrong.status_code == 400
    assert 'id="id_old_password_error"' in wrong.content.decode()
    weak = signed_in.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert weak.status_code == 400
    assert User.objects.get(pk=person.pk).check_password(PASSWORD)
    assert (
        signed_in.post("/account/password/", {"old_password": PASSWORD, **NEW}).status_code == 302
    )
    assert User.objects.get(pk=person.pk).check_password(NEW["new_password1"])
