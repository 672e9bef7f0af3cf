"""The site's own pages: home, the companies directory, the footer pages, robots.txt."""

import re

import pytest

from careerboard.companies.models import Company
from careerboard.core.tests.factories import CompanyFactory, JobFactory
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_home_lists_the_newest_jobs_with_formatted_figures(client):
    JobFactory(
        title="Staff Platform Engineer",
        regions=["europe"],
        job_types=["full-time"],
        salary_min=174_000,
        salary_max=207_000,
        salary_currency="USD",
        salary_period="year",
    )
    JobFactory(title="Hidden Draft Role", status=Job.Status.PENDING, published_at=None)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Staff Platform Engineer" in html
    assert "Europe" in html
    assert "$174k\u2013207k/yr" in html
    assert "Hidden Draft Role" not in html
    assert '<strong class="num">1</strong> open remote job ' in html
    assert "View all 1 jobs" in html


def test_home_has_landmarks_and_skip_link(client):
    html = client.get("/").content.decode()
    for landmark in ("<header", '<nav aria-label="Main"', '<main id="main"', "<footer"):
        assert landmark in html
    assert 'href="#main"' in html
    assert 'lang="en"' in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/about", "About careerboard"),
        ("/terms", "Terms of use"),
        ("/privacy", "Privacy"),
        ("/contact", "Contact"),
    ],
)
def test_footer_pages_exist_and_the_footer_links_them(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    for link in ('href="/about"', 'href="/terms"', 'href="/privacy"', 'href="/contact"'):
        assert link in html
    assert 'href="/employer/jobs/new"' in html or "Post a job" in html


def test_companies_directory_counts_open_jobs_and_searches_by_name(client):
    hiring = CompanyFactory(name="Acme Payments", size=Company.Size.M)
    JobFactory(company=hiring, title="One")
    JobFactory(company=hiring, title="Two")
    JobFactory(company=hiring, title="Closed", status=Job.Status.CLOSED)
    CompanyFactory(name="Quiet Co")
    html = client.get("/companies").content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "Acme Payments" in text and "2 open jobs · 51\u2013200 people" in text
    assert "Quiet Co" in text and "No open jobs\n" in text  # no size given, none shown
    assert html.index("Acme Payments") < html.index("Quiet Co")  # the most hiring first
    found = client.get("/companies?q=quiet").content.decode()
    assert "Quiet Co" in found and "Acme Payments" not in found
    assert client.get("/companies?page=abc").status_code == 200


def test_robots_and_sitemap(client):
    job = JobFactory(title="Data Engineer")
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: " in robots
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "/sitemap-jobs.xml?p=0" in index.content.decode()
    assert job.get_absolute_url() in client.get("/sitemap-jobs.xml?p=0").content.decode()


def test_sitemap_lists_career_guides(client):
    from django.core.management import call_command

    call_command("sync_guides", verbosity=0)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-guides.xml" in index
    guides = client.get("/sitemap-guides.xml?p=0").content.decode()
    assert "/careers/backend-developer" in guides
