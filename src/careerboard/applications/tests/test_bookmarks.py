"""Saving jobs: from search results and job pages (htmx, and plain POSTs without JavaScript),
the Saved jobs page with notes and the closed marker, the API, and who may see what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careerboard.applications.models import Bookmark
from careerboard.applications.tests.conftest import bearer, client_for
from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.indexing import job_search_sync
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_save_from_a_job_page_with_htmx_answers_the_new_button(seeker, job):
    client = client_for(seeker)
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-post="/saved/{job.pk}/add"' in page
    response = client.post(f"/saved/{job.pk}/add", **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-pressed="true"' in body and "Saved" in body
    assert f'hx-post="/saved/{job.pk}/remove"' in body
    assert "<html" not in body  # only the button, swapped in place
    assert Bookmark.objects.filter(user=seeker, job=job).count() == 1
    # Saving twice keeps one bookmark.
    client.post(f"/saved/{job.pk}/add", **HTMX)
    assert Bookmark.objects.filter(user=seeker, job=job).count() == 1
    body = client.post(f"/saved/{job.pk}/remove", **HTMX).content.decode()
    assert 'aria-pressed="false"' in body
    assert not Bookmark.objects.filter(user=seeker).exists()


def test_without_javascript_a_save_is_a_post_and_back_to_the_page(seeker, job):
    client = client_for(seeker)
    response = client.post(f"/saved/{job.pk}/add", {"next": "/jobs?q=payments"})
    assert response.status_code == 302 and response["Location"] == "/jobs?q=payments"
    assert Bookmark.objects.filter(user=seeker, job=job).exists()
    # A `next` off the site is ignored.
    response = client.post(f"/saved/{job.pk}/remove", {"next": "https://evil.example/"})
    assert response["Location"] == "/saved/"


def test_search_results_show_each_card_saved_or_not(seeker, job):
    other = JobFactory(company=job.company, title="Payments Analyst")
    job_search_sync(job_ids=[job.pk, other.pk])
    client = client_for(seeker)
    client.post(f"/saved/{job.pk}/add")
    body = client.get("/jobs?q=payments").content.decode()
    assert f'action="/saved/{job.pk}/remove"' in body
    assert f'action="/saved/{other.pk}/add"' in body
    # Signed out, Save leads to the login page and back.
    anonymous = Client().get("/jobs?q=payments").content.decode()
    assert "/account/login/?next=/jobs%3Fq%3Dpayments" in anonymous


def test_the_bookmarked_set_is_read_once_per_page(seeker, job):
    jobs = [job, *(JobFactory(company=job.company, title=f"Payments {n}") for n in range(5))]
    job_search_sync(job_ids=[j.pk for j in jobs])
    client = client_for(seeker)
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/jobs?q=payments").content.decode()
    assert body.count('class="bookmark"') == 6
    bookmark_reads = [q for q in captured.captured_queries if "applications_bookmark" in q["sql"]]
    assert len(bookmark_reads) == 1


def test_saved_jobs_page_shows_notes_and_jobs_closed_since(seeker, job):
    closed = JobFactory(company=job.company, title="Old Role")
    client = client_for(seeker)
    client.post(f"/saved/{job.pk}/add")
    client.post(f"/saved/{closed.pk}/add")
    Job.objects.filter(pk=closed.pk).update(status=Job.Status.FILLED)
    expired = JobFactory(company=job.company, title="Past Expiry")
    client.post(f"/saved/{expired.pk}/add")
    # Past its expiry though the periodic command has not marked it yet: closed too.
    Job.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))

    response = client.post(f"/saved/{job.pk}/note", {"note": "Ask about the on-call rota."}, **HTMX)
    assert response.status_code == 200
    assert "Note saved." in response.content.decode()
    page = client.get("/saved/").content.decode()
    assert "Ask about the on-call rota." in page
    assert page.count("Closed since you saved it") == 2
    item = page[page.index(f'id="saved-{job.pk}"') :]
    assert "Closed since" not in item[: item.index("</li>")]


def test_a_note_without_javascript_and_a_note_too_long(seeker, job):
    client = client_for(seeker)
    client.post(f"/saved/{job.pk}/add")
    response = client.post(f"/saved/{job.pk}/note", {"note": "Remote-first team."})
    assert response.status_code == 302 and response["Location"] == "/saved/"
    assert Bookmark.objects.get().note == "Remote-first team."
    response = client.post(f"/saved/{job.pk}/note", {"note": "x" * 5001}, **HTMX)
    body = response.content.decode()
    assert "at most 5000 characters" in body and 'aria-invalid="true"' in body
    assert Bookmark.objects.get().note == "Remote-first team."


def test_nobody_else_reads_or_changes_my_bookmarks(seeker, other_seeker, job):
    client_for(seeker).post(f"/saved/{job.pk}/add")
    client_for(seeker).post(f"/saved/{job.pk}/note", {"note": "mine"})
    other = client_for(other_seeker)
    assert "mine" not in other.get("/saved/").content.decode()
    assert other.post(f"/saved/{job.pk}/note", {"note": "theirs"}).status_code == 404
    other.post(f"/saved/{job.pk}/remove")
    assert Bookmark.objects.get().note == "mine"
    bookmark = Bookmark.objects.get()
    api = bearer(other_seeker)
    assert Client().get("/api/v1/bookmarks", **api).json() == []
    assert (
        Client()
        .patch(f"/api/v1/bookmarks/{bookmark.pk}", {"note": "x"}, "application/json", **api)
        .status_code
        == 404
    )
    assert Client().delete(f"/api/v1/bookmarks/{bookmark.pk}", **api).status_code == 404
    assert Bookmark.objects.get().note == "mine"


def test_signed_out_the_pages_ask_to_log_in(job):
    client = Client()
    response = client.get("/saved/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    response = client.post(f"/saved/{job.pk}/add", {"next": job.get_absolute_url()})
    assert response["Location"].startswith("/account/login/")
    # htmx is sent to the login page as a whole page, not swapped into the button.
    response = client.post(
        f"/saved/{job.pk}/add", HTTP_HX_CURRENT_URL="http://testserver/jobs?q=x", **HTMX
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/account/login/?next=")
    assert not Bookmark.objects.exists()
    api = client.get("/api/v1/bookmarks")
    assert api.status_code == 401 and api.json()["error"]["code"] == "not_authenticated"


def test_a_draft_cannot_be_saved(seeker, job):
    draft = JobFactory(company=job.company, status=Job.Status.DRAFT, published_at=None)
    assert client_for(seeker).post(f"/saved/{draft.pk}/add").status_code == 404
    response = Client().post(
        "/api/v1/bookmarks", {"job_id": draft.pk}, "application/json", **bearer(seeker)
    )
    assert response.status_code == 404
    assert not Bookmark.objects.exists()


def test_the_api_lists_creates_updates_and_deletes(seeker, job):
    client, auth = Client(), bearer(seeker)
    response = client.post(
        "/api/v1/bookmarks", {"job_id": job.pk, "note": "Great team"}, "application/json", **auth
    )
    assert response.status_code == 201
    created = response.json()
    assert created["note"] == "Great team"
    assert created["job"] == {
        "id": job.pk,
        "title": "Payments Engineer",
        "url": f"http://127.0.0.1:8000{job.get_absolute_url()}",
        "company": "Acme",
        "is_open": True,
    }
    again = client.post("/api/v1/bookmarks", {"job_id": job.pk}, "application/json", **auth)
    assert again.status_code == 200 and again.json()["note"] == "Great team"
    listed = client.get("/api/v1/bookmarks", **auth).json()
    assert [b["id"] for b in listed] == [created["id"]]
    patched = client.patch(
        f"/api/v1/bookmarks/{created['id']}", {"note": "Applied?"}, "application/json", **auth
    )
    assert patched.status_code == 200 and patched.json()["note"] == "Applied?"
    too_long = client.patch(
        f"/api/v1/bookmarks/{created['id']}", {"note": "x" * 5001}, "application/json", **auth
    )
    assert too_long.status_code == 422
    assert too_long.json()["error"]["fields"][0]["field"] == "note"
    assert client.delete(f"/api/v1/bookmarks/{created['id']}", **auth).status_code == 204
    assert client.get("/api/v1/bookmarks", **auth).json() == []


def test_a_read_token_lists_but_does_not_save(seeker, job):
    auth = bearer(seeker, scope="read")
    assert Client().get("/api/v1/bookmarks", **auth).status_code == 200
    response = Client().post("/api/v1/bookmarks", {"job_id": job.pk}, "application/json", **auth)
    assert response.status_code == 403
