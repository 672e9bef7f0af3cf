"""A job's life: post, review, publish, extend, expire, relist, end; with who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.core.tests.factories import (
    CompanyFactory,
    JobFactory,
    MembershipFactory,
    UserFactory,
)
from careerboard.jobs import services
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search
from careerboard.jobs.services import JobInput
from careerboard.search.query import JobQuery

pytestmark = pytest.mark.django_db(transaction=True)

DESCRIPTION = "<p>Build and run the payment APIs that thousands of shops rely on every day.</p>"


def searchable(title: str) -> bool:
    return title in [job.title for job in job_search(query=JobQuery(text=title)).jobs]


@pytest.fixture
def employer():
    return MembershipFactory(company__website="https://acme.example").user


@pytest.fixture
def staff():
    return UserFactory(role=User.Role.STAFF, is_staff=True)


def posted(employer, **fields) -> Job:
    company = employer.memberships.get().company
    data = JobInput(
        title="Payments Engineer",
        description=DESCRIPTION,
        industries=["engineering"],
        regions=["europe"],
        **fields,
    )
    job = services.job_create(company=company, by=employer, data=data)
    return services.job_submit(job=job, by=employer)


def test_post_review_publish_and_mail_the_poster(employer, staff, smtp_server, run_tasks):
    job = posted(
        employer, salary_min=90_000, salary_max=120_000, salary_currency="usd", salary_period="year"
    )
    assert job.status == Job.Status.PENDING
    assert job.spam_flags == []
    assert not searchable("Payments Engineer")
    services.job_approve(job=job, by=staff)
    assert searchable("Payments Engineer")
    assert job.expires_at - job.published_at == timedelta(days=30)
    run_tasks()
    assert [m["Subject"] for m in smtp_server.messages] == ["Your job “Payments Engineer” is live"]
    assert smtp_server.messages[0]["To"] == employer.email


def test_rejection_needs_a_reason_is_mailed_and_the_job_can_come_back(
    employer, staff, smtp_server, run_tasks
):
    job = posted(employer)
    with pytest.raises(ValidationError):
        services.job_reject(job=job, by=staff, reason="  ")
    services.job_reject(job=job, by=staff, reason="Please state the salary range.")
    run_tasks()
    body = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "Please state the salary range." in body
    services.job_update(
        job=job,
        by=employer,
        data=JobInput(
            title="Payments Engineer",
            description=DESCRIPTION,
            salary_min=1,
            salary_max=2,
            salary_currency="EUR",
            salary_period="hour",
        ),
    )
    assert job.status == Job.Status.PENDING


def test_editing_a_live_job_sends_it_back_to_review(employer, staff):
    job = posted(employer)
    services.job_approve(job=job, by=staff)
    services.job_update(
        job=job, by=employer, data=JobInput(title="Payments Engineer II", description=DESCRIPTION)
    )
    assert job.status == Job.Status.PENDING
    assert not searchable("Payments Engineer")


def test_edits_while_waiting_are_checked_again_and_expired_edits_need_review(employer, staff):
    job = posted(employer)
    services.job_update(
        job=job,
        by=employer,
        data=JobInput(
            title="Payments Engineer",
            description=DESCRIPTION + "<p>Pay a processing fee first.</p>",
        ),
    )
    assert any("processing fee" in flag for flag in job.spam_flags)
    services.job_update(
        job=job, by=employer, data=JobInput(title="Payments Engineer", description=DESCRIPTION)
    )
    services.job_approve(job=job, by=staff)
    services.jobs_expire(now=job.expires_at + timedelta(seconds=1))
    job.refresh_from_db()
    services.job_update(
        job=job,
        by=employer,
        data=JobInput(title="Payments Engineer", description=DESCRIPTION + "<p>New text.</p>"),
    )
    assert job.status == Job.Status.PENDING
    with pytest.raises(ValidationError):
        services.job_relist(job=job, by=employer)


def test_a_job_that_never_went_live_cannot_be_marked_filled(employer):
    job = posted(employer)
    with pytest.raises(ValidationError):
        services.job_end(job=job, by=employer, status=Job.Status.CLOSED)


def test_bad_input_names_the_fields_and_stores_nothing(employer):
    company = employer.memberships.get().company
    data = JobInput(
        title="x",
        description="short",
        regions=["atlantis"],
        salary_min=5,
        salary_max=1,
        salary_currency="XXX",
        salary_period="week",
        apply_method="url",
        timezone_min=-300,
    )
    with pytest.raises(ValidationError) as error:
        services.job_create(company=company, by=employer, data=data)
    assert set(error.value.message_dict) >= {
        "title",
        "description",
        "regions",
        "salary_max",
        "salary_currency",
        "salary_period",
        "apply_url",
        "timezone_max",
    }
    assert Job.objects.count() == 0


def test_only_the_company_or_staff_may_act(employer, staff):
    job = posted(employer)
    outsider = MembershipFactory().user
    seeker = UserFactory()
    for person in (outsider, seeker):
        with pytest.raises(PermissionDenied):
            services.job_update(
                job=job, by=person, data=JobInput(title="Hijacked", description=DESCRIPTION)
            )
        with pytest.raises(PermissionDenied):
            services.job_approve(job=job, by=person)
    with pytest.raises(PermissionDenied):
        services.job_create(
            company=CompanyFactory(),
            by=employer,
            data=JobInput(title="Nope", description=DESCRIPTION),
        )


def test_extend_expire_remind_relist_and_end(employer, staff, smtp_server, run_tasks):
    job = posted(employer)
    services.job_approve(job=job, by=staff)
    services.job_extend(job=job, by=employer)
    assert job.expires_at - job.published_at == timedelta(days=60)
    now = timezone.now()
    assert services.jobs_expire(now=job.expires_at - timedelta(days=4)) == (0, 1)
    assert services.jobs_expire(now=job.expires_at - timedelta(days=3)) == (0, 0)  # once only
    assert services.jobs_expire(now=job.expires_at + timedelta(seconds=1)) == (1, 0)
    assert services.jobs_expire(now=job.expires_at + timedelta(seconds=2)) == (0, 0)
    job.refresh_from_db()
    assert job.status == Job.Status.EXPIRED
    run_tasks()
    assert "expires in 5 days" in smtp_server.messages[-1]["Subject"]
    services.job_relist(job=job, by=employer)
    assert job.status == Job.Status.PUBLISHED and job.expires_at > now
    services.job_end(job=job, by=employer, status=Job.Status.FILLED)
    assert not searchable("Payments Engineer")
    with pytest.raises(ValidationError):
        services.job_end(job=job, by=employer, status=Job.Status.CLOSED)


def test_spam_checks_say_why():
    employer = MembershipFactory(company__website="https://www.acme.example").user
    company = employer.memberships.get().company
    links = "".join(f'<a href="https://x{i}.example">x</a>' for i in range(7))
    first = services.job_create(
        company=company,
        by=employer,
        data=JobInput(
            title="Data Entry Clerk",
            description=f"<p>Pay a small processing fee to start earning today from home. {links}</p>",
            apply_method="email",
            apply_email="recruiter@gmail.com",
        ),
    )
    services.job_submit(job=first, by=employer)
    flags = " ".join(first.spam_flags)
    assert "free-mail address (gmail.com)" in flags
    assert "7 links" in flags
    assert "processing fee" in flags
    twin = JobFactory(
        company=company,
        title="Data Entry Clerk",
        description=first.description,
        status=Job.Status.DRAFT,
    )
    services.job_submit(job=twin, by=employer)
    assert any("Nearly the same as job" in flag for flag in twin.spam_flags)
