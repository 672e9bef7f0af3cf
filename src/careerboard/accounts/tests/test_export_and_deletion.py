"""Data export (one JSON file, extensible by other domains) and account deletion."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from careerboard.accounts import export
from careerboard.accounts.models import AccessToken, User, UserSession
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.accounts.tests.helpers import PASSWORD, sign_in
from careerboard.companies.models import Company, Membership
from careerboard.core.tests.factories import JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_section(monkeypatch):
    """A section another domain would register in its AppConfig.ready()."""
    monkeypatch.setattr(export, "_sections", dict(export._sections))
    export.register_export_section("example", lambda user: [{"query": f"python for {user.name}"}])


def test_the_export_holds_the_profile_sessions_tokens_and_other_domains_sections(
    signed_in, person, extra_section
):
    access_token_create(user=person, name="phone", scope="read", expires_in_days=None)
    response = signed_in.get("/account/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="careerboard-data-')
    data = json.loads(response.content)
    sections = data["sections"]
    assert sections["profile"]["email"] == "ada@example.com"
    assert sections["profile"]["name"] == "Ada Lovelace"
    assert len(sections["sessions"]) == 1
    [token] = sections["access_tokens"]
    assert token["name"] == "phone" and "token_hash" not in token
    assert AccessToken.objects.get().token_hash not in response.content.decode()
    assert sections["example"] == [{"query": "python for Ada Lovelace"}]
    assert "password" not in response.content.decode()


def test_one_name_is_one_section(extra_section):
    with pytest.raises(ValueError, match="already registered"):
        export.register_export_section("example", lambda user: [])


def test_export_and_deletion_need_a_signed_in_person(client):
    for path in ("/account/export/", "/account/export.json", "/account/delete/"):
        assert client.get(path)["Location"].startswith("/account/login/?next=")


def test_deletion_needs_the_password(signed_in, person):
    response = signed_in.post("/account/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert "not your current password" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_deletion_removes_the_person_and_keeps_the_company(person):
    company = MembershipFactory(user=person).company
    job = JobFactory(company=company, posted_by=person)
    laptop = sign_in(Client(), person.email)
    phone = sign_in(Client(), person.email)
    access_token_create(user=person, name="phone", scope="write", expires_in_days=30)

    response = laptop.post("/account/delete/", {"password": PASSWORD})
    assert response["Location"] == "/"
    assert not User.objects.filter(email="ada@example.com").exists()
    for model in (UserSession, AccessToken, Membership):
        assert not model.objects.exists()
    assert Company.objects.filter(pk=company.pk).exists()
    job.refresh_from_db()
    assert job.posted_by is None
    assert phone.get("/account/").status_code == 302
    assert "deleted" in laptop.get("/").content.decode()
    assert (
        Client().post("/account/login/", {"email": person.email, "password": PASSWORD}).status_code
        == 400
    )
