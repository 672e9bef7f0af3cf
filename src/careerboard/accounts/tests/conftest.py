"""Helpers for the account tests: people, signed-in clients and the links in sent mail."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from careerboard.core.tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def person(db):
    return UserFactory(email="ada@example.com", name="Ada Lovelace")


@pytest.fixture
def signed_in(person) -> Client:
    """A browser signed in as `person` through the login page."""
    return sign_in(Client(), "ada@example.com")


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Client:
    response = client.post("/account/login/", {"email": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in a mail that starts with `path_prefix`."""
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", body)
    assert match, body
    return match.group(1)
