"""People for the employer-page tests: an employer, a rival employer, a seeker, staff."""

from __future__ import annotations

import pytest
from django.test import Client

from careerboard.accounts.models import User
from careerboard.core.tests.factories import MembershipFactory, UserFactory

DESCRIPTION = "<p>Build and run the payment APIs that thousands of shops rely on every day.</p>"


@pytest.fixture
def employer(db) -> User:
    return MembershipFactory(
        company__name="Acme", company__slug="acme", company__website="https://acme.example"
    ).user


@pytest.fixture
def company(employer):
    return employer.memberships.get().company


@pytest.fixture
def rival(db) -> User:
    """An employer of another company."""
    return MembershipFactory(company__name="Rival", company__slug="rival").user


@pytest.fixture
def seeker(db) -> User:
    return UserFactory()


@pytest.fixture
def staff(db) -> User:
    return UserFactory(role=User.Role.STAFF, is_staff=True)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_employer(employer) -> Client:
    return client_for(employer)


def job_form_data(company_slug: str = "acme", **overrides) -> dict:
    """What a person fills in on the job form: every field, as a browser posts it."""
    return {
        "company": company_slug,
        "title": "Payments Engineer",
        "description": DESCRIPTION,
        "industries": ["engineering"],
        "job_types": ["full-time"],
        "levels": ["senior"],
        "regions": ["europe", "uk"],
        "timezone_min": "-1",
        "timezone_max": "5.5",
        "salary_min": "90000",
        "salary_max": "120000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "apply_method": "url",
        "apply_url": "https://acme.example/jobs/payments",
        "apply_email": "",
        **overrides,
    }
