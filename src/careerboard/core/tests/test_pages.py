import json

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory

from careerboard.core.tests.factories import JobFactory
from careerboard.core.views import server_error
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_missing_page_is_our_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_the_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_web_app_manifest_points_at_real_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for name in ("core/icon-192.png", "core/icon-512.png"):
        assert finders.find(name)


def test_job_page_redirects_wrong_slug_and_hides_drafts(client):
    job = JobFactory(title="Go Engineer")
    assert client.get(f"/jobs/{job.pk}-go-engineer").status_code == 200
    moved = client.get(f"/jobs/{job.pk}-old-title")
    assert moved.status_code == 301
    assert moved["Location"] == job.get_absolute_url()
    draft = JobFactory(title="Draft", status=Job.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_closed_job_page_stays_and_says_so(client):
    job = JobFactory(title="Rust Engineer", status=Job.Status.EXPIRED)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "no longer accepting applications" in html


def test_company_page_lists_its_open_jobs(client):
    job = JobFactory(title="iOS Developer")
    JobFactory(title="Closed iOS Role", company=job.company, status=Job.Status.CLOSED)
    html = client.get(job.company.get_absolute_url()).content.decode()
    assert "iOS Developer" in html
    assert "Closed iOS Role" not in html
