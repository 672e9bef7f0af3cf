import json
import re
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.management import call_command
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.companies.models import Company
from careerboard.demo import generate
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_generator_is_deterministic():
    now = timezone.now()
    first = [j.title for j in generate.jobs(50, companies_count=10, now=now)]
    second = [j.title for j in generate.jobs(50, companies_count=10, now=now)]
    assert first == second
    assert [c.name for c in generate.companies(30)] == [c.name for c in generate.companies(30)]


def test_generated_descriptions_reach_the_asked_length():
    for job in generate.jobs(
        20, companies_count=5, now=timezone.now(), min_words=300, max_words=800
    ):
        assert 300 <= len(job.description.split()) <= 900
        if job.salary_min is not None:
            assert job.salary_min <= job.salary_max


def test_seed_demo_loads_once_and_prints_logins(capsys):
    call_command("seed_demo", companies=12, jobs=200)
    out = capsys.readouterr().out
    assert "seeker@careerboard.example / demo-seeker-pass" in out
    assert Company.objects.count() == 12
    assert Company.objects.exclude(logo="").count() == 12
    assert Job.objects.count() == 200
    assert Job.objects.filter(status=Job.Status.PENDING).count() == 2
    live = Job.objects.filter(status=Job.Status.PUBLISHED)
    assert live.count() == 188
    assert Job.objects.filter(status=Job.Status.EXPIRED).count() == 6
    assert Job.objects.filter(status=Job.Status.FILLED).count() == 4
    assert all(job.expires_at > timezone.now() for job in live.only("expires_at"))
    assert Job.objects.filter(industries__isnull=False).distinct().count() == 200
    employer = User.objects.get(email="employer@careerboard.example")
    assert employer.memberships.count() == 1
    assert User.objects.get(email="staff@careerboard.example").is_staff
    call_command("seed_demo", companies=12, jobs=200)
    assert "already loaded" in capsys.readouterr().out
    assert Job.objects.count() == 200


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _job_posting(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, "no JSON-LD on the job page"
    return json.loads(found.group(1))


def test_the_demo_board_publishes_absolute_logo_urls_everywhere(client):
    """A logo URL read outside our pages (a feed reader, Google for Jobs, a Jobicy API client)
    has no page to resolve a path against: every one must be absolute, and serve the PNG."""
    call_command("seed_demo", companies=6, jobs=40, verbosity=0)
    jobs = client.get("/api/v2/remote-jobs").json()["jobs"]
    assert jobs and all(_is_absolute(job["companyLogo"]) for job in jobs)
    job = Job.objects.filter(status=Job.Status.PUBLISHED).select_related("company").first()
    logo_url = job.company.logo_absolute_url
    assert _is_absolute(logo_url)
    page = client.get(job.get_absolute_url()).content.decode()
    assert _job_posting(page)["hiringOrganization"]["logo"] == logo_url
    assert job.company.logo.url in client.get(job.company.get_absolute_url()).content.decode()
    for path in ("/jobs/feed", "/jobs/feed/atom"):
        entries = feedparser.parse(client.get(path).content).entries
        assert entries and all(_is_absolute(e.media_thumbnail[0]["url"]) for e in entries)
        assert all(e.media_content[0]["type"] == "image/png" for e in entries)
    logo = client.get(urlsplit(logo_url).path)
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
