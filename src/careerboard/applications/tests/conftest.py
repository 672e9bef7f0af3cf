"""People, jobs and files for the applications tests: a seeker and another seeker, an employer
of Acme (whose jobs they apply to) and one of a rival company; résumés built in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careerboard.accounts.models import User
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.applications.services import applying
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.jobs.models import Job

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(*, with_document: bool = True) -> bytes:
    """A minimal Word document: a zip archive holding word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def upload(content: bytes = PDF, name: str = "Ada CV.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path) -> Path:
    """Résumés go to a fresh directory for each test; returned so tests can look inside."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    return location


def stored_files(location: Path) -> list[Path]:
    return sorted(p for p in location.rglob("*") if p.is_file()) if location.exists() else []


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def bearer(user: User, scope: str = "write") -> dict:
    _, raw = access_token_create(user=user, name="test", scope=scope, expires_in_days=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def seeker(db) -> User:
    return UserFactory(email="ada@example.com", name="Ada Lovelace")


@pytest.fixture
def other_seeker(db) -> User:
    return UserFactory(email="grace@example.com", name="Grace Hopper")


@pytest.fixture
def employer(db) -> User:
    return MembershipFactory(
        user__email="hiring@acme.example", company__name="Acme", company__slug="acme"
    ).user


@pytest.fixture
def rival(db) -> User:
    return MembershipFactory(
        user__email="hiring@rival.example", company__name="Rival", company__slug="rival"
    ).user


@pytest.fixture
def job(employer) -> Job:
    return JobFactory(company=employer.memberships.get().company, title="Payments Engineer")


@pytest.fixture
def url_job(employer) -> Job:
    return JobFactory(
        company=employer.memberships.get().company,
        title="Data Engineer",
        apply_method=Job.ApplyMethod.URL,
        apply_url="https://acme.example/careers/data",
    )


@pytest.fixture
def email_job(employer) -> Job:
    return JobFactory(
        company=employer.memberships.get().company,
        title="Support Lead",
        apply_method=Job.ApplyMethod.EMAIL,
        apply_email="jobs@acme.example",
    )


def apply_form(**overrides) -> dict:
    """What a person fills in on the apply form."""
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "+44 20 7946 0000",
        "location": "London, UK",
        "links": "https://ada.example\nhttps://github.com/ada",
        "cover_letter": "I have built analytical engines.",
        "resume": upload(),
        **overrides,
    }


def applied(user: User, job: Job, **profile):  # type: ignore[no-untyped-def]
    """An on-site application made through the service."""
    return applying.application_apply(
        user=user,
        job=job,
        profile=applying.ApplicantProfile(
            name=profile.get("name", user.name or "Someone"),
            email=user.email,
            location=profile.get("location", "Lisbon"),
        ),
        resume=upload(),
        cover_letter="Hello.",
    )
