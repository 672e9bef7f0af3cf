"""Control characters and line breaks from outside: cleaned at every way in (a page's form, the
API, the importer, any model save), harmless in feeds and mails when older rows hold them."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.alerts.tests.helpers import make_alert
from careerboard.alerts.tokens import feed_token
from careerboard.companies.models import Company
from careerboard.core.tests.factories import JobFactory, MembershipFactory
from careerboard.core.text import ascii_int, clean_line, clean_text, xml_text
from careerboard.employers.tests.conftest import client_for, job_form_data
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.models import Job
from careerboard.jobs.tests.test_import import jobicy_job

pytestmark = pytest.mark.django_db

HOSTILE = "Rust\r\nEngineer\x0b\x1b[31m\x00\x7f\x85\x9b\ud800\ufffe\u2028now\tquick"


def test_a_line_loses_breaks_and_controls_and_a_text_keeps_its_lines():
    assert clean_line(HOSTILE) == "Rust Engineer [31m now quick"
    assert clean_line(" \tPayments\r\n\x1b\r\nEngineer\x0b ") == "Payments Engineer"
    assert clean_text("a\r\nb\rc\x0bd\x1b\te\x00") == "a\nb\nc\nd\te"
    assert clean_line("Ünïcödé — 東京 \u202eevil") == "Ünïcödé — 東京 \u202eevil"
    assert xml_text("a\x0b\x1bb\n\tc") == "ab\n\tc"


@pytest.mark.parametrize(
    ("raw", "number"),
    [("0", 0), ("42", 42), ("²", None), ("١٢", None), ("\uff11", None), ("1_000", None),
     (" 7", None), ("-1", None), ("+1", None), ("", None), ("9" * 19, None)],
)  # fmt: skip
def test_ascii_int_reads_only_ascii_digits(raw, number):
    assert ascii_int(raw) == number


def test_a_job_and_company_from_the_pages_are_single_line_without_controls(db):
    membership = MembershipFactory(company__name="Acme", company__slug="acme")
    page = client_for(membership.user)
    response = page.post("/employer/jobs/new", job_form_data(title="Payments\r\nEngineer\x1b"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Job.objects.get().title == "Payments Engineer"
    response = page.post(
        "/employer/companies/acme/edit",
        {"name": "Acme\x0bCorp\r\n", "description": "Line one\r\nLine two\x1b", "website": ""},
    )
    assert response.status_code == 302
    company = Company.objects.get()
    assert (company.name, company.description) == ("Acme Corp", "Line one\nLine two")


def test_a_job_from_the_api_is_single_line_without_controls(client):
    member = MembershipFactory(company__slug="acme").user
    _, raw = access_token_create(user=member, name="t", scope="write", expires_in_days=None)
    body = {
        "company": "acme",
        "title": "Payments\r\nEngineer\x0b\x1b",
        "description": "<p>Build and run the payment APIs that shops rely on.\x1b</p>",
    }
    response = client.post(
        "/api/v1/jobs",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    job = Job.objects.get()
    assert job.title == "Payments Engineer" and "\x1b" not in job.description


def test_an_imported_job_is_single_line_without_controls(tmp_path):
    path = tmp_path / "jobs.json"
    row = jobicy_job(1, jobTitle="Payments\r\nEngineer\x0b", companyName="Acme\x1b Ltd")
    path.write_text(json.dumps({"jobs": [row]}))
    call_command("import_jobs", str(path), "--no-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    job = Job.objects.get()
    assert (job.title, job.company.name) == ("Payments Engineer", "Acme Ltd")


@pytest.fixture
def stored_before_cleaning(db):
    """A live job whose title and company name hold control characters, as rows saved before
    every write was cleaned do (written with update(), which skips the cleaning)."""
    poster = MembershipFactory().user
    job = JobFactory(title="Payments Engineer", slug="payments-engineer", posted_by=poster)
    Job.objects.filter(pk=job.pk).update(title="Payments\r\nEngineer\x0b\x1b")
    Company.objects.filter(pk=job.company_id).update(name="Acme\x0b\x1b")
    job_search_rebuild()
    return job


def test_feeds_leave_out_what_xml_cannot_carry(stored_before_cleaning):
    alert = make_alert(MembershipFactory().user, params="")
    client = Client(raise_request_exception=False)
    for url in (
        "/jobs/feed",
        "/jobs/feed/atom",
        "/feed/job_feed",
        f"/alerts/feed/{feed_token(alert_id=alert.pk)}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)  # noqa: S314 - our own feed, well-formed XML
        assert b"Payments" in response.content, url


def test_the_job_is_live_mail_has_a_one_line_subject(stored_before_cleaning, settings):
    from careerboard.jobs.tasks import job_mail_poster

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = stored_before_cleaning
    job_mail_poster.call(job.pk, "approved")
    assert len(mail.outbox) == 1
    subject = mail.outbox[0].subject
    assert "\n" not in subject and "\r" not in subject and "Payments Engineer" in subject
