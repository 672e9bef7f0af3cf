"""Spam limits (per account and per job, and on the apply form), unlimited applications on every
plan, the data export's sections, and what deleting an account removes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from careerboard.accounts.services.profile import account_delete
from careerboard.applications.models import Application, ApplicationEvent, Bookmark
from careerboard.applications.services import applying, hiring, rules
from careerboard.applications.tests.conftest import (
    applied,
    apply_form,
    bearer,
    client_for,
    stored_files,
    upload,
)
from careerboard.billing.entitlements import entitlement_limit
from careerboard.core.ratelimit import ratelimit_hit
from careerboard.core.tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_applying_is_unlimited_on_every_plan(seeker):
    assert entitlement_limit(user=seeker, feature="applies") is None


def test_at_most_30_applications_an_hour_per_account(seeker, job, private_dir):
    jobs = [JobFactory(company=job.company, title=f"Role {n}") for n in range(31)]
    for target in jobs[:30]:
        applied(seeker, target)
    client = client_for(seeker)
    response = client.post(f"/apply/{jobs[30].pk}/", apply_form())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "at most 30 applications an hour" in response.content.decode()
    assert Application.objects.count() == 30 and len(stored_files(private_dir)) == 30


def test_at_most_200_applications_an_hour_per_job(job, private_dir):
    # The job's window filled as 200 applicants would fill it; then one more person applies.
    for _ in range(applying.APPLY_LIMIT_PER_JOB):
        ratelimit_hit(key=f"apply:job:{job.pk}", limit=10**6, window_seconds=rules.HOUR)
    late = UserFactory(name="Late Comer")
    response = Client().post(
        "/api/v1/applications",
        {
            "job_id": job.pk,
            "name": "Late",
            "email": late.email,
            "location": "Oslo",
            "resume": upload(),
        },
        **bearer(late),
    )
    assert response.status_code == 429
    assert response["Retry-After"]
    assert response.json()["error"] == {
        "status": 429,
        "code": "rate_limited",
        "message": "This job has received very many applications in the last hour. Try again later.",
        "fields": [],
    }
    assert not Application.objects.exists() and stored_files(private_dir) == []


def test_the_apply_form_counts_every_submission(seeker, job, monkeypatch):
    monkeypatch.setattr(applying, "APPLY_FORM_LIMIT_PER_ACCOUNT", 3)
    client = client_for(seeker)
    for _ in range(3):
        assert client.post(f"/apply/{job.pk}/", apply_form(name="")).status_code == 400
    response = client.post(f"/apply/{job.pk}/", apply_form())
    assert response.status_code == 429
    assert "sent the application form many times" in response.content.decode()
    assert not Application.objects.exists()


def test_saving_and_tracking_have_a_limit_too(seeker, job, monkeypatch):
    monkeypatch.setattr(rules, "TRACK_LIMIT_PER_ACCOUNT", 1)
    client = client_for(seeker)
    other = JobFactory(company=job.company, title="Other")
    assert client.post(f"/saved/{job.pk}/add").status_code == 302
    response = client.post(f"/saved/{other.pk}/add")
    assert response.status_code == 429 and "at most 1 jobs an hour" in response.content.decode()
    htmx = client.post(f"/saved/{other.pk}/add", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and 'role="alert"' in htmx.content.decode()
    assert Bookmark.objects.count() == 1


def test_the_export_has_bookmarks_and_applications(seeker, employer, job):
    client = client_for(seeker)
    client.post(f"/saved/{job.pk}/add")
    client.post(f"/saved/{job.pk}/note", {"note": "Looks fun"})
    application = applied(seeker, job)
    hiring.application_move(
        application=application, by=employer, status="interview", message="Tuesday?"
    )
    hiring.application_employer_notes_update(
        application=application, by=employer, notes="Internal only"
    )
    sections = json.loads(client.get("/account/export.json").content)["sections"]
    assert sections["bookmarks"] == [
        {
            "job_id": job.pk,
            "job_title": "Payments Engineer",
            "company": "Acme",
            "note": "Looks fun",
            "saved_at": Bookmark.objects.get().created_at.isoformat(),
        }
    ]
    (exported,) = sections["applications"]
    assert exported["status"] == "interview"
    assert exported["shared_with_company"]["resume_filename"] == "Ada_CV.pdf"
    assert [(e["status"], e["message"]) for e in exported["timeline"]] == [
        ("applied", ""),
        ("interview", "Tuesday?"),
    ]
    assert "Internal only" not in json.dumps(sections)


def test_deleting_the_account_removes_bookmarks_applications_and_resume_files(
    seeker, employer, job, private_dir, django_capture_on_commit_callbacks
):
    client_for(seeker).post(f"/saved/{job.pk}/add")
    applied(seeker, job)
    assert len(stored_files(private_dir)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=seeker)
    assert not Bookmark.objects.exists()
    assert not Application.objects.exists() and not ApplicationEvent.objects.exists()
    assert stored_files(private_dir) == []
    assert client_for(employer).get(f"/employer/jobs/{job.pk}/applicants").status_code == 200


def test_deleting_an_employer_keeps_the_applications_to_the_company(seeker, employer, job):
    applied(seeker, job)
    account_delete(user=employer)
    assert Application.objects.get().job == job
