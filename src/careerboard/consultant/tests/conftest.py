"""Fixtures of the consultant tests: the real guides, Plus and Free seekers, and a small board
of jobs whose skills, levels, regions and salaries the expected answers are written against."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from careerboard.accounts.tests.helpers import sign_in
from careerboard.billing.services import local_checkout_complete
from careerboard.consultant import index
from careerboard.core.tests.factories import JobFactory, UserFactory
from careerboard.guides.services import guides_sync
from careerboard.jobs.indexing import job_search_sync

CONTENT = Path(settings.BASE_DIR) / "content"


@pytest.fixture(autouse=True)
def _fresh_index(monkeypatch):
    """Each test sees the jobs it made: the index is rebuilt whenever they change."""
    monkeypatch.setattr(index, "STALE_SECONDS", 0)
    monkeypatch.setattr(index, "REBUILD_IN_BACKGROUND", False)
    index.job_index_forget()
    yield
    index.job_index_forget()


@pytest.fixture
def guides(db):
    return guides_sync(root=CONTENT)


@pytest.fixture
def plus_seeker(guides):
    user = UserFactory(email="grace@example.com", name="Grace Hopper")
    local_checkout_complete(user=user, price_key="plus-month")
    return user


@pytest.fixture
def free_seeker(guides):
    return UserFactory(email="ada@example.com", name="Ada Lovelace")


@pytest.fixture
def plus_client(plus_seeker) -> Client:
    return sign_in(Client(), plus_seeker.email)


@pytest.fixture
def free_client(free_seeker) -> Client:
    return sign_in(Client(), free_seeker.email)


def post_job(
    title: str,
    skills_text: str,
    *,
    levels: list[str] | None = None,
    regions: list[str] | None = None,
    job_types: list[str] | None = None,
    salary: tuple[int, int] | None = None,
    days_ago: int = 0,
):
    """A live job whose description names `skills_text`, in the search index."""
    published = timezone.now() - timedelta(days=days_ago)
    extra = {}
    if salary:
        extra = {
            "salary_min": salary[0],
            "salary_max": salary[1],
            "salary_currency": "USD",
            "salary_period": "year",
        }
    job = JobFactory(
        title=title,
        slug=slugify(title),
        description=f"<p>We are hiring. You will work with {skills_text}.</p>",
        levels=levels or [],
        regions=regions or [],
        job_types=job_types or [],
        published_at=published,
        expires_at=published + timedelta(days=30),
        **extra,
    )
    job_search_sync(job_ids=[job.pk])
    return job


@pytest.fixture
def board(guides):
    """Back-end jobs (and others) a mid-level back-end developer in Germany is matched with."""
    return {
        "fit": post_job(
            "Backend Engineer",
            "Python, PostgreSQL, Docker, REST APIs and CI/CD",
            levels=["midweight"],
            regions=["europe"],
            job_types=["full-time"],
            salary=(100_000, 120_000),
            days_ago=1,
        ),
        "stretch": post_job(
            "Senior Backend Engineer",
            "Python, microservices, Kubernetes and system design",
            levels=["senior"],
            job_types=["full-time"],
            salary=(150_000, 170_000),
            days_ago=2,
        ),
        "us_only": post_job(
            "Backend Developer",
            "Python, PostgreSQL, Docker and REST APIs",
            levels=["midweight"],
            regions=["usa"],
            salary=(110_000, 130_000),
        ),
        "older": post_job(
            "Backend Engineer, Payments",
            "Python, PostgreSQL, Docker and microservices",
            levels=["midweight"],
            regions=["germany"],
            days_ago=20,
        ),
        "data": post_job(
            "Data Scientist",
            "Python, machine learning and statistics",
            levels=["midweight"],
            salary=(90_000, 100_000),
        ),
        "junior": post_job(
            "Junior Backend Developer",
            "Python, SQL, git and unit testing",
            levels=["junior"],
            days_ago=3,
        ),
        "frontend": post_job("Frontend Developer", "React and CSS", levels=["midweight"]),
    }
