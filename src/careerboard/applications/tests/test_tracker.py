"""The applicant's tracker: list and board by status, hand-tracked jobs, private notes and next
steps, status changes with a dated timeline, withdrawing, and nobody else seeing any of it."""

from __future__ import annotations

from typing import get_args

import pytest
from django.test import Client

from careerboard.applications import api, pipeline_api
from careerboard.applications.models import Application
from careerboard.applications.services import hiring, tracking
from careerboard.applications.tests.conftest import applied, bearer, client_for

pytestmark = pytest.mark.django_db


def track(client: Client, **fields) -> Application:
    data = {"title": "Staff Engineer", "company_name": "Initech", "status": "saved", **fields}
    response = client.post("/applications/track", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Application.objects.get(pk=response["Location"].strip("/").split("/")[-1])


def test_track_a_job_from_elsewhere_and_move_it_along(seeker):
    client = client_for(seeker)
    application = track(client, url="https://initech.example/jobs/1")
    assert application.channel == "manual" and application.job is None
    response = client.post(
        f"/applications/{application.pk}/",
        {
            "status": "interview",
            "next_step": "Call with the CTO",
            "next_step_on": "2030-05-04",
            "notes": "Ask about equity.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "interview" and application.notes == "Ask about equity."
    assert str(application.next_step_on) == "2030-05-04"
    assert [(e.from_status, e.status) for e in application.events.all()] == [
        ("", "saved"),
        ("saved", "interview"),
    ]
    detail = client.get(f"/applications/{application.pk}/").content.decode()
    assert detail.count('class="status-pill status-') >= 3  # current status and two events
    assert "Ask about equity." in detail
    listing = client.get("/applications/?status=interview").content.decode()
    assert "Staff Engineer" in listing and "Call with the CTO" in listing
    assert "4 May 2030" in listing
    assert "Staff Engineer" not in client.get("/applications/?status=saved").content.decode()


def test_the_board_groups_by_status_and_the_saved_column_holds_saved_jobs(seeker, job, url_job):
    client = client_for(seeker)
    client.post(f"/saved/{url_job.pk}/add")
    client.post(f"/saved/{job.pk}/add")
    applied(seeker, job)  # saved, then applied: no longer in the Saved column
    track(client, title="Analyst", company_name="Globex", status="offer")
    board = client.get("/applications/board").content.decode()
    columns = {
        status: board[board.index(f'id="column-{status}"') :].split("</section>")[0]
        for status in Application.Status.values
    }
    assert "Data Engineer" in columns["saved"] and "(1)" in columns["saved"]
    assert "Payments Engineer" in columns["applied"]
    assert "Payments Engineer" not in columns["saved"]
    assert "Analyst" in columns["offer"]
    assert "(0)" in columns["hired"]


def test_a_manual_entry_needs_a_title_and_company_and_a_real_link(seeker):
    response = client_for(seeker).post(
        "/applications/track",
        {"title": "", "company_name": "", "url": "javascript:x", "status": "saved"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("This field is required.") == 2 and "Enter a valid URL." in body
    assert not Application.objects.exists()


def test_an_on_site_application_is_moved_by_the_company_not_by_the_applicant(seeker, job):
    application = applied(seeker, job)
    client = client_for(seeker)
    form = client.get(f"/applications/{application.pk}/").content.decode()
    assert 'name="status"' not in form  # only notes and next steps
    client.post(f"/applications/{application.pk}/", {"status": "hired", "notes": "n"})
    application.refresh_from_db()
    assert application.status == "applied" and application.notes == "n"
    response = Client().patch(
        f"/api/v1/applications/{application.pk}",
        {"status": "hired"},
        "application/json",
        **bearer(seeker),
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "status"


@pytest.mark.parametrize("status", ["applied", "screening", "interview", "offer"])
def test_withdraw_until_hired_or_rejected(seeker, employer, job, status):
    application = applied(seeker, job)
    if status != "applied":
        hiring.application_move(application=application, by=employer, status=status)
    response = client_for(seeker).post(f"/applications/{application.pk}/withdraw")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.events.last().actor == "applicant"


@pytest.mark.parametrize("status", ["hired", "rejected"])
def test_no_withdrawing_after_the_decision(seeker, employer, job, status):
    application = applied(seeker, job)
    hiring.application_move(application=application, by=employer, status=status)
    client = client_for(seeker)
    assert (
        "Withdraw application"
        not in client.get(f"/applications/{application.pk}/").content.decode()
    )
    response = client.post(f"/applications/{application.pk}/withdraw", follow=True)
    assert "cannot be withdrawn" in response.content.decode()
    application.refresh_from_db()
    assert application.status == status
    api = Client().post(f"/api/v1/applications/{application.pk}/withdraw", **bearer(seeker))
    assert api.status_code == 409 and "cannot be withdrawn" in api.json()["error"]["message"]


def test_withdrawn_twice_is_refused_and_the_job_cannot_be_applied_to_again(seeker, job):
    application = applied(seeker, job)
    tracking.application_withdraw(user=seeker, application=application)
    with pytest.raises(Exception, match="cannot be withdrawn"):
        tracking.application_withdraw(user=seeker, application=application)
    with pytest.raises(Exception, match="already applied"):
        applied(seeker, job)


def test_delete_removes_own_records_but_not_an_application_sent(seeker, job):
    client = client_for(seeker)
    manual = track(client)
    assert client.post(f"/applications/{manual.pk}/delete").status_code == 302
    assert not Application.objects.filter(pk=manual.pk).exists()
    sent = applied(seeker, job)
    response = client.post(f"/applications/{sent.pk}/delete", follow=True)
    assert "withdraw it instead" in response.content.decode()
    assert Application.objects.filter(pk=sent.pk).exists()


def test_another_seeker_cannot_see_or_change_my_applications(seeker, other_seeker, job):
    application = applied(seeker, job)
    client_for(seeker).post(f"/applications/{application.pk}/", {"notes": "secret plan"})
    other = client_for(other_seeker)
    assert "Payments Engineer" not in other.get("/applications/").content.decode()
    assert "Payments Engineer" not in other.get("/applications/board").content.decode()
    for path in ("/", "/withdraw", "/delete"):
        method = other.get if path == "/" else other.post
        assert method(f"/applications/{application.pk}{path}").status_code == 404
    assert other.post(f"/applications/{application.pk}/", {"notes": "x"}).status_code == 404
    api, auth = Client(), bearer(other_seeker)
    assert api.get("/api/v1/applications", **auth).json() == []
    assert api.get(f"/api/v1/applications/{application.pk}", **auth).status_code == 404
    assert (
        api.patch(
            f"/api/v1/applications/{application.pk}", {"notes": "x"}, "application/json", **auth
        ).status_code
        == 404
    )
    assert api.post(f"/api/v1/applications/{application.pk}/withdraw", **auth).status_code == 404
    application.refresh_from_db()
    assert application.status == "applied" and application.notes == "secret plan"


def test_signed_out_the_tracker_asks_to_log_in(seeker, job):
    application = applied(seeker, job)
    for path in ("/applications/", "/applications/board", f"/applications/{application.pk}/"):
        assert Client().get(path)["Location"].startswith("/account/login/?next=")
    response = Client().get("/api/v1/applications")
    assert response.status_code == 401


def test_employer_accounts_do_not_track(employer):
    response = client_for(employer).post(
        "/applications/track", {"title": "x", "company_name": "y", "status": "saved"}
    )
    assert response.status_code == 403


def test_the_api_tracks_lists_updates_and_deletes(seeker, job):
    api, auth = Client(), bearer(seeker)
    created = api.post(
        "/api/v1/applications/manual",
        {"title": "SRE", "company_name": "Hooli", "url": "https://hooli.example/sre"},
        "application/json",
        **auth,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "saved" and body["job"] is None and body["shared"] is None
    applied(seeker, job)
    listed = api.get("/api/v1/applications", **auth).json()
    assert {a["title"] for a in listed} == {"SRE", "Payments Engineer"}
    assert [a["title"] for a in api.get("/api/v1/applications?status=saved", **auth).json()] == [
        "SRE"
    ]
    assert api.get("/api/v1/applications?status=nope", **auth).status_code == 422
    patched = api.patch(
        f"/api/v1/applications/{body['id']}",
        {"status": "applied", "next_step": "Follow up", "next_step_on": "2030-01-02"},
        "application/json",
        **auth,
    ).json()
    assert patched["status"] == "applied" and patched["next_step_on"] == "2030-01-02"
    assert [e["status"] for e in patched["events"]] == ["saved", "applied"]
    assert api.delete(f"/api/v1/applications/{body['id']}", **auth).status_code == 204
    onsite = Application.objects.get(channel="onsite")
    response = api.delete(f"/api/v1/applications/{onsite.pk}", **auth)
    assert response.status_code == 409


def test_the_api_names_the_same_statuses_and_stages_as_the_model():
    assert set(get_args(api.StatusName)) == set(Application.Status.values)
    assert get_args(pipeline_api.StageName) == tuple(hiring.EMPLOYER_STAGES)
