"""Fixtures for the account tests: a person and a browser signed in as them."""

from __future__ import annotations

import pytest
from django.test import Client

from careerboard.accounts.tests.helpers import sign_in
from careerboard.core.tests.factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(email="ada@example.com", name="Ada Lovelace")


@pytest.fixture
def signed_in(person) -> Client:
    """A browser signed in as `person` through the login page."""
    return sign_in(Client(), "ada@example.com")
