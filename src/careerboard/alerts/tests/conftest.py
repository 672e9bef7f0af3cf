"""Fixtures of the alert tests: a Free seeker, a browser signed in as them."""

from __future__ import annotations

import pytest
from django.test import Client

from careerboard.accounts.tests.helpers import sign_in
from careerboard.core.tests.factories import UserFactory


@pytest.fixture
def seeker(db):
    return UserFactory(email="ada@example.com", name="Ada Lovelace")


@pytest.fixture
def signed_in(seeker) -> Client:
    return sign_in(Client(), seeker.email)
