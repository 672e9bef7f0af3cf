"""Applying on careerboard with a résumé, applying elsewhere, and who may read a résumé.

Résumés are recognised by their bytes: a PDF named .docx is a PDF (kept as .pdf), an executable
or a web page named .pdf is refused, and nothing is stored when anything is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.applications.models import Application, ApplicationEvent
from careerboard.applications.resumes import RESUME_MAX_BYTES
from careerboard.applications.tests.conftest import (
    PDF,
    applied,
    apply_form,
    bearer,
    client_for,
    docx_bytes,
    stored_files,
    upload,
)
from careerboard.core.tests.factories import UserFactory
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_apply_with_a_pdf_and_find_it_in_the_tracker(seeker, job, private_dir, settings):
    client = client_for(seeker)
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'href="/apply/{job.pk}/"' in page and "Apply now" in page
    form = client.get(f"/apply/{job.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in form and 'value="Ada Lovelace"' in form

    response = client.post(f"/apply/{job.pk}/", apply_form())
    application = Application.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/applications/{application.pk}/"
    )
    assert application.channel == "onsite" and application.status == "applied"
    assert (application.name, application.location) == ("Ada Lovelace", "London, UK")
    assert application.links == ["https://ada.example", "https://github.com/ada"]
    assert application.resume_type == "pdf" and application.resume_filename == "Ada_CV.pdf"
    assert [e.status for e in application.events.all()] == ["applied"]

    # Stored in the private storage under a random name; nothing under MEDIA_ROOT.
    (stored,) = stored_files(private_dir)
    assert stored.read_bytes() == PDF
    assert stored.suffix == ".pdf" and "Ada" not in stored.name and len(stored.stem) >= 32
    assert not stored_files(settings.MEDIA_ROOT)

    tracker = client.get("/applications/").content.decode()
    assert "Payments Engineer" in tracker and "Applied on careerboard" in tracker
    detail = client.get(f"/applications/{application.pk}/").content.decode()
    assert "I have built analytical engines." in detail and "Ada_CV.pdf" in detail
    # The job page now says so instead of offering to apply again.
    page = client.get(job.get_absolute_url()).content.decode()
    assert "You applied here" in page and f'href="/apply/{job.pk}/"' not in page


def test_a_second_application_to_the_same_job_is_refused(seeker, job, private_dir):
    client = client_for(seeker)
    client.post(f"/apply/{job.pk}/", apply_form())
    response = client.post(f"/apply/{job.pk}/", apply_form())
    assert response.status_code == 302  # to the existing application
    assert "already applied" in client.get(response["Location"]).content.decode()
    with pytest.raises(Exception, match="already applied"):
        applied(seeker, job)
    assert Application.objects.count() == 1 and len(stored_files(private_dir)) == 1
    response = Client().post(
        "/api/v1/applications",
        {**apply_form(), "job_id": job.pk, "resume": upload()},
        **bearer(seeker),
    )
    assert response.status_code == 409
    assert "already applied" in response.json()["error"]["message"]
    assert len(stored_files(private_dir)) == 1


def test_the_database_holds_one_application_per_person_and_job(seeker, job):
    from django.db import IntegrityError, transaction

    applied(seeker, job)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            user=seeker, job=job, channel="elsewhere", title="x", company_name="y"
        )


@pytest.mark.parametrize(
    ("content", "name", "content_type", "stored_as"),
    [
        (PDF, "cv.docx", DOCX_TYPE, "pdf"),  # a PDF renamed: a PDF, stored as .pdf
        (docx_bytes(), "cv.docx", DOCX_TYPE, "docx"),
        (docx_bytes(), "cv.pdf", "application/pdf", "docx"),
        (docx_bytes(), "cv", "application/octet-stream", "docx"),
    ],
)
def test_the_type_comes_from_the_content(
    seeker, job, private_dir, content, name, content_type, stored_as
):
    response = client_for(seeker).post(
        f"/apply/{job.pk}/", apply_form(resume=upload(content, name, content_type))
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resume_type == stored_as
    assert application.resume_filename == f"cv.{stored_as}"
    (stored,) = stored_files(private_dir)
    assert stored.suffix == f".{stored_as}" and stored.read_bytes() == content


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "cv.pdf", "application/pdf", "must be a PDF or"),
        (
            b"<html><script>alert(1)</script></html>",
            "cv.pdf",
            "application/pdf",
            "must be a PDF or",
        ),
        (docx_bytes(with_document=False), "cv.docx", DOCX_TYPE, "must be a PDF or"),
        (b"PK\x03\x04 not really a zip", "cv.docx", DOCX_TYPE, "must be a PDF or"),
        (b"", "cv.pdf", "application/pdf", "empty"),
        (
            PDF + b"0" * (RESUME_MAX_BYTES + 1 - len(PDF)),
            "cv.pdf",
            "application/pdf",
            "at most 5 MB",
        ),
    ],
    ids=["exe", "html", "xlsx-like-zip", "broken-zip", "empty", "5MB-plus-1"],
)
def test_refused_uploads_store_nothing(
    seeker, job, private_dir, content, name, content_type, message
):
    response = client_for(seeker).post(
        f"/apply/{job.pk}/", apply_form(resume=upload(content, name, content_type))
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()
    assert stored_files(private_dir) == []


def test_exactly_5_mb_is_accepted(seeker, job, private_dir):
    content = PDF + b"0" * (RESUME_MAX_BYTES - len(PDF))
    response = client_for(seeker).post(f"/apply/{job.pk}/", apply_form(resume=upload(content)))
    assert response.status_code == 302
    (stored,) = stored_files(private_dir)
    assert stored.stat().st_size == RESUME_MAX_BYTES


def test_bad_fields_are_shown_next_to_them_and_nothing_is_stored(seeker, job, private_dir):
    response = client_for(seeker).post(
        f"/apply/{job.pk}/",
        apply_form(name="", email="not-an-address", links="javascript:alert(1)"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body and "Enter a valid email address." in body
    assert "is not a web address" in body
    assert stored_files(private_dir) == []


def test_closed_jobs_other_apply_methods_and_employer_accounts_are_refused(
    seeker, employer, job, url_job, private_dir
):
    client = client_for(seeker)
    page = client.get(f"/apply/{url_job.pk}/").content.decode()
    assert "takes applications on the company" in page
    assert client.post(f"/apply/{url_job.pk}/", apply_form()).status_code == 400
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(f"/apply/{job.pk}/", apply_form())
    assert response.status_code == 400
    assert "no longer accepting applications" in response.content.decode()
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() + timedelta(days=3))
    response = client_for(employer).post(f"/apply/{job.pk}/", apply_form())
    assert response.status_code == 403
    assert "job seeker account" in response.content.decode()
    assert not Application.objects.exists() and stored_files(private_dir) == []


def test_a_draft_has_no_apply_page(seeker, job):
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DRAFT)
    assert client_for(seeker).get(f"/apply/{job.pk}/").status_code == 404


def test_signed_out_applying_asks_to_log_in(job):
    response = Client().get(f"/apply/{job.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next=/apply/{job.pk}/"


def test_the_resume_is_for_the_applicant_and_the_hiring_company_only(
    seeker, other_seeker, employer, rival, job
):
    application = applied(seeker, job)
    url = f"/applications/{application.pk}/resume"
    for reader in (seeker, employer):
        response = client_for(reader).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Ada_CV.pdf"'
        assert "no-store" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
    staff = UserFactory(role=User.Role.STAFF, is_staff=True)
    for outsider in (other_seeker, rival, staff):
        assert client_for(outsider).get(url).status_code == 404
    assert Client().get(url)["Location"].startswith("/account/login/")
    api = f"/api/v1/applications/{application.pk}/resume"
    assert Client().get(api, **bearer(employer, "read")).status_code == 200
    assert Client().get(api, **bearer(rival, "read")).status_code == 404
    assert Client().get(api).status_code == 401


def test_apply_elsewhere_records_the_click_and_sends_the_person_there(
    seeker, employer, url_job, email_job
):
    client = client_for(seeker)
    page = client.get(url_job.get_absolute_url()).content.decode()
    assert f'action="/apply/{url_job.pk}/elsewhere"' in page
    response = client.post(f"/apply/{url_job.pk}/elsewhere")
    assert (
        response.status_code == 302 and response["Location"] == "https://acme.example/careers/data"
    )
    response = client.post(f"/apply/{email_job.pk}/elsewhere")
    assert (
        response["Location"] == "mailto:jobs@acme.example?subject=Application%3A%20Support%20Lead"
    )
    client.post(f"/apply/{url_job.pk}/elsewhere")  # a second click keeps one record
    assert Application.objects.filter(channel="elsewhere").count() == 2
    tracker = client.get("/applications/").content.decode()
    assert tracker.count("Applied elsewhere") == 2
    page = client.get(url_job.get_absolute_url()).content.decode()
    assert "You went to apply on the company's site" in page
    # The company never sees clicks: they are the person's own records.
    pipeline = client_for(employer).get(f"/employer/jobs/{url_job.pk}/applicants")
    assert "Ada" not in pipeline.content.decode()


def test_signed_out_visitors_and_employers_get_the_plain_link(url_job, email_job, rival):
    employer_page = client_for(rival).get(url_job.get_absolute_url()).content.decode()
    assert 'href="https://acme.example/careers/data"' in employer_page
    assert (
        'href="https://acme.example/careers/data"'
        in Client().get(url_job.get_absolute_url()).content.decode()
    )
    assert (
        'href="mailto:jobs@acme.example?subject=Application%3A%20Support%20Lead"'
        in Client().get(email_job.get_absolute_url()).content.decode()
    )


def test_an_apply_url_that_is_not_a_web_address_is_never_followed(seeker, url_job):
    Job.objects.filter(pk=url_job.pk).update(apply_url="javascript:alert(1)")
    url_job.refresh_from_db()
    assert "javascript:" not in Client().get(url_job.get_absolute_url()).content.decode()
    response = client_for(seeker).post(f"/apply/{url_job.pk}/elsewhere")
    assert response["Location"] == url_job.get_absolute_url()
    assert not Application.objects.exists()


def test_apply_elsewhere_is_refused_for_on_site_jobs(seeker, job):
    response = client_for(seeker).post(f"/apply/{job.pk}/elsewhere")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert not Application.objects.exists()


def test_the_api_applies_with_multipart_and_records_elsewhere(seeker, job, url_job, private_dir):
    auth = bearer(seeker)
    response = Client().post(
        "/api/v1/applications",
        {
            "job_id": job.pk,
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "location": "London",
            "links": ["https://ada.example", "https://github.com/ada"],
            "cover_letter": "Hello",
            "resume": upload(docx_bytes(), "cv.docx", DOCX_TYPE),
        },
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "applied" and body["channel"] == "onsite"
    assert body["shared"]["links"] == ["https://ada.example", "https://github.com/ada"]
    assert body["shared"]["resume_type"] == "docx"
    assert body["shared"]["resume_url"].endswith(f"/api/v1/applications/{body['id']}/resume")
    assert [e["status"] for e in body["events"]] == ["applied"]

    response = Client().post(
        "/api/v1/applications/elsewhere", {"job_id": url_job.pk}, "application/json", **auth
    )
    assert response.status_code == 201
    assert response.json()["apply_to"] == "https://acme.example/careers/data"
    again = Client().post(
        "/api/v1/applications/elsewhere", {"job_id": url_job.pk}, "application/json", **auth
    )
    assert again.status_code == 200
    assert Application.objects.count() == 2


def test_the_api_refuses_bad_uploads_with_the_field_named(seeker, job, private_dir):
    response = Client().post(
        "/api/v1/applications",
        {
            "job_id": job.pk,
            "name": "Ada",
            "email": "ada@example.com",
            "location": "London",
            "resume": upload(b"<html></html>", "cv.pdf"),
        },
        **bearer(seeker),
    )
    assert response.status_code == 422
    fields = {f["field"]: f["message"] for f in response.json()["error"]["fields"]}
    assert "must be a PDF or" in fields["resume"]
    missing = Client().post("/api/v1/applications", {"job_id": job.pk}, **bearer(seeker))
    assert missing.status_code == 422
    assert stored_files(private_dir) == []
    assert Client().post("/api/v1/applications", {"job_id": job.pk}).status_code == 401


def test_an_application_event_is_dated(seeker, job):
    application = applied(seeker, job)
    event = ApplicationEvent.objects.get(application=application)
    assert abs((timezone.now() - event.created_at).total_seconds()) < 60


@pytest.mark.django_db(transaction=True)
def test_applying_mails_a_receipt_and_tells_the_company(
    seeker, job, private_dir, smtp_server, run_tasks
):
    response = client_for(seeker).post(f"/apply/{job.pk}/", apply_form())
    assert response.status_code == 302
    application = Application.objects.get()
    assert run_tasks() == 1
    receipt, news = smtp_server.messages
    assert receipt["To"] == seeker.email
    assert "We sent your application for Payments Engineer to Acme" in receipt["Subject"]
    assert f"/applications/{application.pk}/" in receipt.get_payload()
    assert news["To"] == "hiring@acme.example"
    assert news["Subject"] == "New applicant for Payments Engineer: Ada Lovelace"
    assert f"/employer/jobs/{job.pk}/applicants/{application.pk}" in news.get_payload()
