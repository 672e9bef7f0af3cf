"""/sitemap.xml: an index of sections paged by id range; each page lists live URLs only."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from careerboard.core.tests.factories import CompanyFactory, JobFactory
from careerboard.jobs.models import Job
from careerboard.site import sitemaps

pytestmark = pytest.mark.django_db
NS = {"sm": sitemaps.XMLNS}


def locations(response, tag: str) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314  # our own output
    return [node.text for node in root.findall(f"sm:{tag}/sm:loc", NS)]


def test_the_index_pages_each_section_by_id_range(client, settings, monkeypatch):
    settings.SITE_URL = "https://board.example"
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 2)
    jobs = [JobFactory(title=f"Job {n}", slug=f"job-{n}") for n in range(5)]
    Job.objects.filter(pk__in=[jobs[2].pk, jobs[3].pk]).update(status=Job.Status.DRAFT)
    index = locations(client.get("/sitemap.xml"), "sitemap")
    job_pages = [loc for loc in index if "/sitemap-jobs.xml" in loc]
    assert all(loc.startswith("https://board.example/sitemap-") for loc in index)
    assert any("/sitemap-companies.xml?p=" in loc for loc in index)
    listed = []
    for loc in job_pages:
        listed += locations(client.get(loc.removeprefix("https://board.example")), "url")
    live = [jobs[n] for n in (0, 1, 4)]
    assert sorted(listed) == sorted(
        f"https://board.example{job.get_absolute_url()}" for job in live
    )
    assert b"<lastmod>" in client.get(job_pages[0].removeprefix("https://board.example")).content


def test_companies_are_listed(client, settings):
    company = CompanyFactory(slug="acme")
    [page] = [loc for loc in locations(client.get("/sitemap.xml"), "sitemap") if "companies" in loc]
    urls = locations(client.get(page.removeprefix(settings.SITE_URL)), "url")
    assert urls == [settings.SITE_URL + company.get_absolute_url()]


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-jobs.xml?p=7",
        "/sitemap-jobs.xml?p=x",
        "/sitemap-nothing.xml",
        "/sitemap-jobs.xml?p=99999999999999",
    ],
)
def test_missing_pages_are_404(client, path):
    JobFactory()
    assert client.get(path).status_code == 404
