"""Change of email: confirmed from the new address, announced to the old one."""

from __future__ import annotations

import pytest
from django.test import Client

from careerboard.accounts.models import User
from careerboard.accounts.tests.helpers import PASSWORD, link_in, sign_in
from careerboard.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_new_address_confirms_the_change(signed_in, person, smtp_server, run_tasks):
    response = signed_in.post(
        "/account/email/", {"new_email": "Ada@Analytical.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).email == "ada@example.com"  # not until confirmed
    run_tasks()
    by_address = {m["To"]: m for m in smtp_server.messages}
    assert set(by_address) == {"ada@analytical.example", "ada@example.com"}
    assert "ada@analytical.example" in by_address["ada@example.com"].get_body().get_content()
    link = link_in(by_address["ada@analytical.example"], "/account/email/confirm/")

    assert "ada@analytical.example" in signed_in.get(link).content.decode()
    assert signed_in.post(link).status_code == 302
    person.refresh_from_db()
    assert person.email == "ada@analytical.example" and person.email_verified
    sign_in(Client(), "ada@analytical.example")

    used = signed_in.post(link)
    assert used.status_code == 400
    assert "already used" in used.content.decode()


def test_bad_change_requests_are_form_errors(signed_in, person, smtp_server, run_tasks):
    UserFactory(email="taken@example.com")
    cases = [
        ({"new_email": "new@example.com", "password": "wrong"}, "password"),
        ({"new_email": "taken@example.com", "password": PASSWORD}, "new_email"),
        ({"new_email": "ada@example.com", "password": PASSWORD}, "new_email"),
        ({"new_email": "nope", "password": PASSWORD}, "new_email"),
    ]
    for data, field in cases:
        response = signed_in.post("/account/email/", data)
        assert response.status_code == 400, data
        assert f'id="id_{field}_error"' in response.content.decode()
    assert run_tasks() == 0


def test_an_address_taken_meanwhile_is_not_stolen(signed_in, person, smtp_server, run_tasks):
    signed_in.post("/account/email/", {"new_email": "new@example.com", "password": PASSWORD})
    run_tasks()
    link = link_in(
        next(m for m in smtp_server.messages if m["To"] == "new@example.com"),
        "/account/email/confirm/",
    )
    UserFactory(email="new@example.com")
    assert signed_in.post(link).status_code == 400
    assert User.objects.get(pk=person.pk).email == "ada@example.com"
