"""A job's page: JobPosting JSON-LD (live jobs only), OpenGraph tags and the canonical URL."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.jsonld import job_posting
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db

SITE = "https://board.example"
# Google's required JobPosting properties, and the recommended ones every job of ours has.
REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
RECOMMENDED = {"validThrough", "identifier", "directApply", "jobLocationType"}


def postings(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_posting_has_googles_properties():
    job = JobFactory(
        title="Payments Engineer",
        company__name="Acme",
        company__website="https://acme.example",
        job_types=["full-time", "contract", "freelance"],
        regions=["germany", "europe"],
        salary_min=80_000,
        salary_max=100_000,
        salary_currency="EUR",
        salary_period="year",
        apply_method=Job.ApplyMethod.ON_SITE,
    )
    posting = json.loads(json.dumps(job_posting(job, site_url=SITE), default=str))
    assert posting["@context"] == "https://schema.org" and posting["@type"] == "JobPosting"
    assert set(posting) >= REQUIRED | RECOMMENDED
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Acme",
        "sameAs": "https://acme.example",
    }
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [
        {"@type": "AdministrativeArea", "name": "Europe"},
        {"@type": "Country", "name": "Germany"},
    ]
    assert posting["employmentType"] == ["FULL_TIME", "CONTRACTOR"]
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 80_000,
            "maxValue": 100_000,
            "unitText": "YEAR",
        },
    }
    assert posting["directApply"] is True
    assert posting["identifier"] == {
        "@type": "PropertyValue",
        "name": "careerboard",
        "value": str(job.pk),
    }
    assert posting["url"] == SITE + job.get_absolute_url()


def test_anywhere_jobs_name_no_location_and_a_single_salary_is_a_value():
    job = JobFactory(
        job_types=["internship"],
        salary_min=25,
        salary_currency="USD",
        salary_period="hour",
        apply_method=Job.ApplyMethod.URL,
        apply_url="https://acme.example/jobs/1",
    )
    posting = job_posting(job, site_url=SITE)
    assert "applicantLocationRequirements" not in posting
    assert posting["employmentType"] == "INTERN"
    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 25,
        "unitText": "HOUR",
    }
    assert posting["directApply"] is False
    assert "baseSalary" not in job_posting(JobFactory(), site_url=SITE)


def test_live_job_page_carries_jobposting_opengraph_and_canonical(client, settings):
    settings.SITE_URL = SITE
    job = JobFactory(title="Go Engineer")
    html = client.get(job.get_absolute_url()).content.decode()
    [posting] = postings(html)
    assert posting["title"] == "Go Engineer"
    assert posting["datePosted"].startswith(str(job.published_at.date()))
    assert f'<link rel="canonical" href="{SITE}{job.get_absolute_url()}">' in html
    assert '<meta property="og:title" content="Go Engineer at' in html
    assert f'<meta property="og:url" content="{SITE}{job.get_absolute_url()}">' in html


def test_a_title_cannot_break_out_of_the_json_block(client):
    job = JobFactory(title="</script><script>alert(1)</script>", slug="breakout")
    html = client.get(job.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "\\u003C/script\\u003E" in block
    assert json.loads(block)["title"] == job.title


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Job.Status.FILLED},
        {"status": Job.Status.CLOSED},
        {"status": Job.Status.EXPIRED},
        {"expires_at": timezone.now() - timedelta(minutes=1)},
    ],
)
def test_ended_jobs_say_so_and_carry_no_jobposting(client, fields):
    job = JobFactory(**fields)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "no longer accepting applications" in html
    assert postings(html) == []
    assert "JobPosting" not in html
