"""Posting and running jobs from the employer pages: form, preview, review, and the actions each
status allows; with who may do what."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.employers.forms import JobForm
from careerboard.employers.tests.conftest import DESCRIPTION, client_for, job_form_data
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_post_a_job_preview_it_and_send_it_to_review(as_employer, employer, company):
    form = as_employer.get("/employer/jobs/new")
    assert form.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()

    response = as_employer.post("/employer/jobs/new", job_form_data())
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/employer/jobs/{job.pk}/preview"
    assert (job.status, job.company, job.posted_by) == (Job.Status.DRAFT, company, employer)
    assert (job.timezone_min, job.timezone_max) == (-60, 330)
    assert (job.salary_min, job.salary_max, job.salary_currency) == (90_000, 120_000, "EUR")
    assert job.apply_url == "https://acme.example/jobs/payments"
    assert sorted(job.regions.values_list("slug", flat=True)) == ["europe", "uk"]
    assert list(job.levels.values_list("slug", flat=True)) == ["senior"]

    preview = as_employer.get(response["Location"]).content.decode()
    for shown in (
        "Payments Engineer",
        "Acme",
        "Europe, United Kingdom",
        "Full-Time",
        "Senior",
        "Software Engineering",
        "UTC-1 to UTC+5:30",
        "EUR 90000\u2013120000 per year",
        "https://acme.example/jobs/payments",
        "thousands of shops",
        "Submit for review",
    ):
        assert shown in preview, shown

    submitted = as_employer.post(f"/employer/jobs/{job.pk}/submit", follow=True)
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert "is waiting for review" in submitted.content.decode()
    assert "In review" in submitted.content.decode()


def test_the_description_is_sanitized_before_anyone_sees_it(as_employer):
    description = DESCRIPTION + '<script>alert(1)</script><p onclick="x()">Click</p>'
    as_employer.post("/employer/jobs/new", job_form_data(description=description))
    job = Job.objects.get()
    preview = as_employer.get(f"/employer/jobs/{job.pk}/preview").content.decode()
    assert "<script>alert(1)" not in preview
    assert "onclick" not in preview
    assert "thousands of shops" in preview


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "x"}, "title", "at least 3 characters"),
        ({"description": "<p>Too short</p>"}, "description", "at least 30 characters"),
        ({"salary_min": "150000"}, "salary_max", "must not be below the minimum"),
        ({"salary_period": ""}, "salary_period", "per hour, month or year"),
        ({"salary_min": "-5"}, "salary_min", "greater than or equal to 0"),
        ({"apply_url": ""}, "apply_url", "Give the address where people apply"),
        ({"apply_method": "email", "apply_email": "nope"}, "apply_email", "valid email"),
        ({"timezone_max": ""}, "timezone_max", "Give both ends"),
        ({"timezone_min": "3", "timezone_max": "1"}, "timezone_max", "end after it starts"),
        ({"timezone_min": "20"}, "timezone_min", "less than or equal to 14"),
        ({"regions": ["atlantis"]}, "regions", "Select a valid choice"),
        ({"salary_currency": "XXX"}, "salary_currency", "Select a valid choice"),
        ({"company": "rival"}, "company", "Select a valid choice"),
    ],
)
def test_bad_input_shows_the_error_next_to_the_field_and_stores_nothing(
    as_employer, rival, overrides, field, message
):
    response = as_employer.post("/employer/jobs/new", job_form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    error_list = html.split(f'id="id_{field}_error"', 1)[1].split("</ul>", 1)[0]
    assert message in error_list
    assert Job.objects.count() == 0


def test_an_empty_post_says_what_is_required(as_employer):
    response = as_employer.post("/employer/jobs/new", {})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") >= 3
    assert Job.objects.count() == 0


def test_an_employer_without_a_company_is_sent_to_add_one(db):
    lone = UserFactory(role="employer")
    response = client_for(lone).get("/employer/jobs/new")
    assert response.status_code == 302
    assert response["Location"] == "/employer/companies/new"


def test_a_member_of_two_companies_chooses_which_one_posts(as_employer, employer):
    other = MembershipFactory(user=employer, company__name="Beta", company__slug="beta").company
    page = as_employer.get("/employer/jobs/new?company=beta").content.decode()
    assert '<option value="beta" selected>Beta</option>' in page
    as_employer.post("/employer/jobs/new", job_form_data("beta"))
    assert Job.objects.get().company == other


def test_editing_a_draft_keeps_it_a_draft_and_shows_the_preview(as_employer, company, employer):
    job = JobFactory(company=company, posted_by=employer, status=Job.Status.DRAFT)
    page = as_employer.get(f"/employer/jobs/{job.pk}/edit").content.decode()
    assert 'value="Backend Engineer"' in page
    response = as_employer.post(
        f"/employer/jobs/{job.pk}/edit", job_form_data(title="Platform Engineer")
    )
    assert response["Location"] == f"/employer/jobs/{job.pk}/preview"
    job.refresh_from_db()
    assert (job.title, job.status) == ("Platform Engineer", Job.Status.DRAFT)


def test_editing_a_live_job_sends_it_back_to_review(as_employer, company):
    job = JobFactory(company=company)
    page = as_employer.get(f"/employer/jobs/{job.pk}/edit").content.decode()
    assert "Saving sends the job to review again" in page
    response = as_employer.post(
        f"/employer/jobs/{job.pk}/edit", job_form_data(title="Payments Lead"), follow=True
    )
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert "waiting for review" in response.content.decode()


def test_a_rejected_job_shows_the_reason_and_can_be_edited_into_review(as_employer, company):
    job = JobFactory(
        company=company, status=Job.Status.REJECTED, rejection_reason="Please add a salary."
    )
    dashboard = as_employer.get("/employer/").content.decode()
    assert "Please add a salary." in dashboard
    as_employer.post(f"/employer/jobs/{job.pk}/edit", job_form_data())
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING


def test_bad_edit_changes_nothing(as_employer, company):
    job = JobFactory(company=company, title="Backend Engineer")
    response = as_employer.post(f"/employer/jobs/{job.pk}/edit", job_form_data(title=""))
    assert response.status_code == 400
    job.refresh_from_db()
    assert (job.title, job.status) == ("Backend Engineer", Job.Status.PUBLISHED)


@pytest.mark.parametrize("status", [Job.Status.FILLED, Job.Status.CLOSED, Job.Status.EXPIRED])
def test_an_ended_or_expired_job_cannot_be_edited(as_employer, company, status):
    job = JobFactory(company=company, status=status)
    response = as_employer.post(
        f"/employer/jobs/{job.pk}/edit", job_form_data(title="Changed"), follow=True
    )
    assert f"That is not possible for a job that is {job.get_status_display().lower()}" in (
        response.content.decode()
    )
    job.refresh_from_db()
    assert job.title == "Backend Engineer"


def test_extend_relist_fill_and_close(as_employer, company):
    live = JobFactory(company=company, title="Live job")
    expires = live.expires_at
    as_employer.post(f"/employer/jobs/{live.pk}/extend")
    live.refresh_from_db()
    assert live.expires_at == expires + timedelta(days=30)

    expired = JobFactory(
        company=company,
        title="Old job",
        status=Job.Status.EXPIRED,
        published_at=timezone.now() - timedelta(days=40),
    )
    as_employer.post(f"/employer/jobs/{expired.pk}/relist")
    expired.refresh_from_db()
    assert expired.status == Job.Status.PUBLISHED
    assert expired.expires_at > timezone.now() + timedelta(days=29)

    as_employer.post(f"/employer/jobs/{live.pk}/fill")
    as_employer.post(f"/employer/jobs/{expired.pk}/close")
    live.refresh_from_db()
    expired.refresh_from_db()
    assert (live.status, expired.status) == (Job.Status.FILLED, Job.Status.CLOSED)
    dashboard = as_employer.get("/employer/").content.decode()
    assert "Filled" in dashboard and "Closed" in dashboard


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(as_employer, company):
    draft = JobFactory(company=company, status=Job.Status.DRAFT)
    response = as_employer.post(f"/employer/jobs/{draft.pk}/extend", follow=True)
    assert response.status_code == 200
    assert "That is not possible for a job that is draft." in response.content.decode()
    as_employer.post(f"/employer/jobs/{draft.pk}/close")
    draft.refresh_from_db()
    assert draft.status == Job.Status.DRAFT
    assert client_for(None).get(f"/jobs/{draft.pk}-{draft.slug}").status_code == 404
    assert as_employer.post(f"/employer/jobs/{draft.pk}/explode").status_code == 404
    assert as_employer.get(f"/employer/jobs/{draft.pk}/submit").status_code == 405


def test_changes_need_the_csrf_token(employer, company):
    job = JobFactory(company=company, status=Job.Status.DRAFT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(employer)
    assert client.post(f"/employer/jobs/{job.pk}/submit").status_code == 403
    assert client.post("/employer/jobs/new", job_form_data()).status_code == 403
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT
    assert Job.objects.count() == 1


def test_the_dashboard_groups_jobs_by_status_with_their_actions(as_employer, company, employer):
    JobFactory(company=company, title="A draft", status=Job.Status.DRAFT)
    JobFactory(
        company=company,
        title="A flagged one",
        status=Job.Status.PENDING,
        spam_flags=["Banned phrases: “processing fee”."],
    )
    live = JobFactory(company=company, title="A live one")
    JobFactory(company=company, title="An old one", status=Job.Status.EXPIRED)
    JobFactory(title="Somebody else's job")
    html = as_employer.get("/employer/").content.decode()
    for heading in ("Drafts", "In review", "Live", "Expired"):
        assert f">{heading} <span" in html, heading
    assert "Somebody else" not in html
    assert "processing fee" not in html  # the spam checks' reasons are for staff
    assert f'Live until <time datetime="{live.expires_at:%Y-%m-%d}' in html
    assert f"/employer/jobs/{live.pk}/extend" in html
    assert f"/employer/jobs/{live.pk}/relist" not in html
    assert html.count("csrfmiddlewaretoken") >= 6

    employer.is_staff = True
    employer.save()
    assert "processing fee" in as_employer.get("/employer/").content.decode()


EMPLOYER_GETS = ["/employer/", "/employer/jobs/new"]
JOB_GETS = ["preview", "edit"]
JOB_POSTS = ["submit", "extend", "relist", "fill", "close", "edit"]


@pytest.mark.parametrize("who", ["rival", "seeker", "staff"])
def test_other_people_get_404_and_change_nothing(who, request, company):
    job = JobFactory(company=company, status=Job.Status.DRAFT)
    person = request.getfixturevalue(who)
    client = client_for(person)
    for suffix in JOB_GETS:
        assert client.get(f"/employer/jobs/{job.pk}/{suffix}").status_code == 404, suffix
    for action in JOB_POSTS:
        response = client.post(f"/employer/jobs/{job.pk}/{action}", job_form_data(title="Mine"))
        assert response.status_code == 404, action
    job.refresh_from_db()
    assert (job.title, job.status) == ("Backend Engineer", Job.Status.DRAFT)
    expected_dashboard = 200 if who == "rival" else 404
    assert client.get("/employer/").status_code == expected_dashboard


def test_anonymous_visitors_are_sent_to_log_in(company):
    job = JobFactory(company=company, status=Job.Status.DRAFT)
    client = client_for(None)
    paths = [*EMPLOYER_GETS, *(f"/employer/jobs/{job.pk}/{suffix}" for suffix in JOB_GETS)]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")
    assert client.post(f"/employer/jobs/{job.pk}/submit").status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT


quarter_hours = st.integers(min_value=-48, max_value=56).map(lambda n: Decimal(n) / 4)


@given(start=quarter_hours, end=quarter_hours)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_working_hours_typed_in_hours_are_stored_in_minutes_and_shown_back(db, start, end):
    start, end = sorted((start, end))
    data = job_form_data(timezone_min=str(start), timezone_max=str(end))
    form = JobForm(data, companies=[("acme", "Acme")])
    assert form.is_valid(), form.errors
    job_input = form.job_input()
    assert (job_input.timezone_min, job_input.timezone_max) == (int(start * 60), int(end * 60))
    shown = JobForm.for_job(
        JobFactory(timezone_min=job_input.timezone_min, timezone_max=job_input.timezone_max)
    ).initial
    assert (shown["timezone_min"], shown["timezone_max"]) == (start, end)
