"""The demo board's applications: what the demo seeker's tracker and the demo employer's
pipeline show after `seed_demo`, and that seeding again adds nothing."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.applications.models import Application
from careerboard.demo.load import demo_load
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db

Status = Application.Status


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """The résumés the demo applicants send go to a fresh directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def columns(client: Client, path: str) -> dict[str, list[Application]]:
    response = client.get(path)
    assert response.status_code == 200
    return {column.status: column.applications for column in response.context["columns"]}


def test_the_demo_seeker_tracks_applications_in_every_stage():
    call_command("seed_demo", companies=12, jobs=200, verbosity=0)
    seeker = signed_in("seeker@careerboard.example")
    board = columns(seeker, "/applications/board")
    for status in (Status.APPLIED, Status.SCREENING, Status.INTERVIEW, Status.OFFER):
        assert board[status], f"nothing in {status}"
    assert board[Status.REJECTED] and board[Status.WITHDRAWN]
    channels = {a.channel for column in board.values() for a in column}
    assert channels == set(Application.Channel.values)
    assert "Saved (2)" in re.sub(r"<[^>]+>", "", seeker.get("/applications/board").content.decode())
    # The latest change first: the interview the employer moved, with the seeker's next step.
    latest = seeker.get("/applications/").content.decode()
    assert latest.index("Video call with the team") < latest.index("Tracked by hand")


def test_the_demo_employer_has_applicants_in_every_pipeline_stage():
    call_command("seed_demo", companies=12, jobs=200, verbosity=0)
    employer = signed_in("employer@careerboard.example")
    dashboard = employer.get("/employer/").content.decode()
    pipelines = re.findall(r'href="(/employer/jobs/\d+/applicants)"', dashboard)
    assert len(pipelines) >= 3
    first = columns(employer, pipelines[0] + "/board")
    assert all(first.values()), {status: len(column) for status, column in first.items()}
    # Every live job that takes applications here has a few applicants, at several stages.
    live = Job.objects.filter(
        company__memberships__user__email="employer@careerboard.example",
        status=Job.Status.PUBLISHED,
        apply_method=Job.ApplyMethod.ON_SITE,
    )
    assert live.count() >= 3
    for job in live:
        stages = columns(employer, f"/employer/jobs/{job.pk}/applicants/board")
        assert sum(map(len, stages.values())) >= 3
        assert sum(1 for column in stages.values() if column) >= 3
    applicant = first[Status.OFFER][0]
    detail = employer.get(f"{pipelines[0]}/{applicant.pk}").content.decode()
    assert applicant.name in detail and "Cover letter" in detail
    resume = employer.get(f"/applications/{applicant.pk}/resume")
    assert resume.status_code == 200
    assert b"".join(resume.streaming_content).startswith(b"%PDF-")


def test_seeding_again_adds_nothing_and_an_older_demo_board_gets_its_applications():
    demo_load(companies=12, jobs=200, now=timezone.now())  # the demo of an earlier version
    assert not Application.objects.exists()
    call_command("seed_demo", verbosity=0)
    count = Application.objects.count()
    assert count > 30
    call_command("seed_demo", verbosity=0)
    assert Application.objects.count() == count
