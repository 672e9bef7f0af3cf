"""Loading the demo data set into the database: companies, jobs and three demo accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from careerboard.accounts.models import User
from careerboard.accounts.services.registration import user_create
from careerboard.companies.models import Company, Membership
from careerboard.companies.services import company_logo_set
from careerboard.core.html import excerpt, sanitize_html
from careerboard.demo import generate
from careerboard.demo.logos import logo_png
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.models import Job
from careerboard.jobs.services import JOB_LIFETIME
from careerboard.taxonomy.models import Industry, JobType, Level, Region


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_LOGINS = [
    DemoLogin("seeker", "seeker@careerboard.example", "demo-seeker-pass"),
    DemoLogin("employer", "employer@careerboard.example", "demo-employer-pass"),
    DemoLogin("staff", "staff@careerboard.example", "demo-staff-pass"),
]


def demo_is_loaded() -> bool:
    return User.objects.filter(email=DEMO_LOGINS[0].email).exists()


@transaction.atomic
def demo_load(*, companies: int, jobs: int, now: datetime) -> None:
    """Load the deterministic demo set: companies with their logos, jobs mostly live and a few
    pending review, expired or filled."""
    users = {
        login.role: user_create(
            email=login.email, password=login.password, role=login.role, name=login.role.title()
        )
        for login in DEMO_LOGINS
    }
    employer = users["employer"]
    regions = dict(Region.objects.values_list("slug", "id"))
    generated_companies = generate.companies(companies)
    company_rows = Company.objects.bulk_create(
        Company(
            name=c.name,
            slug=c.slug,
            website=c.website,
            description=c.description,
            headquarters_id=regions[c.headquarters],
            size=c.size,
            verified=c.verified,
        )
        for c in generated_companies
    )
    for row, company in zip(company_rows, generated_companies, strict=True):
        # Through the same service as an owner's upload, so the file is checked, re-encoded and
        # stored where every page, feed and API expects a logo.
        png = logo_png(company.monogram, style=company.logo_style, colour=company.colour)
        company_logo_set(
            company=row, image_file=ContentFile(png, name=f"{company.slug}.png"), by=None
        )
    Membership.objects.create(company=company_rows[0], user=employer, role=Membership.Role.OWNER)

    generated = list(generate.jobs(jobs, companies_count=companies, now=now))
    job_rows = []
    for index, data in enumerate(generated):
        status, published_at = _history(index, data.published_at)
        description = sanitize_html(data.description)
        job_rows.append(
            Job(
                company=company_rows[data.company_index],
                posted_by=employer if data.company_index == 0 else None,
                title=data.title,
                slug=data.slug,
                description=description,
                excerpt=excerpt(description),
                timezone_min=data.timezone_min,
                timezone_max=data.timezone_max,
                salary_min=data.salary_min,
                salary_max=data.salary_max,
                salary_currency=data.salary_currency,
                salary_period=data.salary_period,
                apply_method=data.apply_method,
                apply_url=data.apply_url,
                apply_email=data.apply_email,
                status=status,
                featured=data.featured,
                published_at=published_at,
                expires_at=published_at + JOB_LIFETIME if published_at else None,
            )
        )
    Job.objects.bulk_create(job_rows, batch_size=500)
    _link(
        Job.industries,
        job_rows,
        generated,
        "industries",
        dict(Industry.objects.values_list("slug", "id")),
    )
    _link(
        Job.job_types,
        job_rows,
        generated,
        "job_types",
        dict(JobType.objects.values_list("slug", "id")),
    )
    _link(Job.levels, job_rows, generated, "levels", dict(Level.objects.values_list("slug", "id")))
    _link(Job.regions, job_rows, generated, "regions", regions)
    job_search_rebuild()


def _history(index: int, published_at: datetime) -> tuple[str, datetime | None]:
    """Most jobs are live; every 100th waits for moderation, every 25th has run out and every
    40th was filled, so staff pages, expiry and the guides' history have something to show."""
    if index % 100 == 99:
        return Job.Status.PENDING, None
    if index % 25 == 24:
        return Job.Status.EXPIRED, published_at - JOB_LIFETIME
    if index % 40 == 39:
        return Job.Status.FILLED, published_at - JOB_LIFETIME / 2
    return Job.Status.PUBLISHED, published_at


def _link(descriptor, job_rows, generated, attribute: str, ids: dict[str, int]) -> None:
    through = descriptor.through
    target = descriptor.field.m2m_reverse_field_name()
    through.objects.bulk_create(
        (
            through(job_id=job.pk, **{f"{target}_id": ids[slug]})
            for job, data in zip(job_rows, generated, strict=True)
            for slug in getattr(data, attribute)
        ),
        batch_size=2000,
    )
