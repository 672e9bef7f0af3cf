"""The employer pipeline: a job's applicants as a list and a board, moves between stages that
reach the applicant by mail and in their tracker, private notes, bulk rejection; and the walls
between companies, and between what an applicant shared and what they keep to themselves."""

from __future__ import annotations

import pytest
from django.test import Client

from careerboard.applications.models import Application
from careerboard.applications.services import applying, hiring, tracking
from careerboard.applications.tests.conftest import applied, bearer, client_for
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory


def pipeline_url(job, rest: str = "") -> str:
    return f"/employer/jobs/{job.pk}/applicants{rest}"


@pytest.mark.django_db(transaction=True)
def test_a_move_mails_the_applicant_and_shows_in_their_tracker(
    seeker, employer, job, smtp_server, run_tasks
):
    application = applied(seeker, job)
    run_tasks()  # the seeker's receipt and the employer's new-applicant mail go first
    smtp_server.messages.clear()
    client = client_for(employer)
    board = client.get(pipeline_url(job, "/board")).content.decode()
    applied_column = board[board.index('id="column-applied"') :].split("</section>")[0]
    assert "Ada Lovelace" in applied_column
    response = client.post(
        pipeline_url(job, f"/{application.pk}/move"),
        {
            "status": "interview",
            "message": "Pick a slot: https://cal.example/acme",
            "from": "board",
        },
    )
    assert response.status_code == 302 and response["Location"] == pipeline_url(job, "/board")
    run_tasks()
    (mail,) = smtp_server.messages
    assert mail["To"] == "ada@example.com"
    assert mail["Subject"] == "Your application for Payments Engineer at Acme: Interview"
    text = mail.get_body(("plain",)).get_content()
    assert "Acme would like to interview you for Payments Engineer." in text
    assert "Pick a slot: https://cal.example/acme" in text
    assert f"/applications/{application.pk}/" in text
    assert "&amp;" not in text
    assert "Pick a slot" in mail.get_body(("html",)).get_content()

    tracker = client_for(seeker).get(f"/applications/{application.pk}/").content.decode()
    assert 'id="application-status">Interview<' in tracker
    assert "by Acme" in tracker and "Pick a slot" in tracker


@pytest.mark.django_db(transaction=True)
def test_bulk_rejection_mails_each_once_and_skips_the_decided(
    employer, job, smtp_server, run_tasks
):
    people = [UserFactory(name=f"Applicant {n}") for n in range(4)]
    applications = [applied(person, job) for person in people]
    hiring.application_move(application=applications[2], by=employer, status="hired")
    tracking.application_withdraw(user=people[3], application=applications[3])
    run_tasks()
    smtp_server.messages.clear()

    response = client_for(employer).post(
        pipeline_url(job, "/reject"),
        {
            "applications": [a.pk for a in applications],
            "message": "We went with someone closer to our time zone.",
        },
    )
    assert response.status_code == 302
    run_tasks()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in people[:2])
    assert all(
        "closer to our time zone" in m.get_body(("plain",)).get_content()
        for m in smtp_server.messages
    )
    statuses = [a.status for a in Application.objects.order_by("id")]
    assert statuses == ["rejected", "rejected", "hired", "withdrawn"]


@pytest.mark.django_db
def test_the_list_shows_applicants_and_only_on_site_applications(
    seeker, other_seeker, employer, job
):
    applied(seeker, job)
    url_job = JobFactory(
        company=job.company, apply_method="url", apply_url="https://acme.example/x"
    )
    applying.application_record_elsewhere(user=other_seeker, job=url_job)
    client = client_for(employer)
    page = client.get(pipeline_url(job)).content.decode()
    assert "Ada Lovelace" in page and "Lisbon" in page
    assert "Grace" not in client.get(pipeline_url(url_job)).content.decode()
    dashboard = client.get("/employer/").content.decode()
    assert f'href="{pipeline_url(job)}"' in dashboard
    assert f'href="{pipeline_url(url_job)}"' not in dashboard


@pytest.mark.django_db
def test_the_detail_shows_what_was_shared_but_never_the_applicants_notes(seeker, employer, job):
    application = applied(seeker, job)
    tracking.application_tracking_update(
        user=seeker,
        application=application,
        tracking=tracking.Tracking(notes="My salary floor is 90k", next_step="Prepare"),
    )
    bookmark_job = JobFactory(company=job.company, title="Other Role")
    client_for(seeker).post(f"/saved/{bookmark_job.pk}/add")
    client = client_for(employer)
    page = client.get(pipeline_url(job, f"/{application.pk}")).content.decode()
    assert "ada@example.com" in page and "Hello." in page
    assert f'href="/applications/{application.pk}/resume"' in page
    assert "salary floor" not in page and "Prepare" not in page
    api = Client().get(f"/api/v1/applications/jobs/{job.pk}/applicants", **bearer(employer)).json()
    assert api[0]["shared"]["email"] == "ada@example.com"
    assert "salary floor" not in str(api) and "notes" not in api[0]
    assert "Other Role" not in str(api)


@pytest.mark.django_db
def test_employer_notes_stay_with_the_company(seeker, employer, job):
    application = applied(seeker, job)
    response = client_for(employer).post(
        pipeline_url(job, f"/{application.pk}/notes"), {"employer_notes": "Strong on SQL"}
    )
    assert response.status_code == 302
    assert Application.objects.get().employer_notes == "Strong on SQL"
    seeker_client = client_for(seeker)
    for path in (f"/applications/{application.pk}/", "/applications/", "/applications/board"):
        assert "Strong on SQL" not in seeker_client.get(path).content.decode()
    api = Client().get(f"/api/v1/applications/{application.pk}", **bearer(seeker)).json()
    assert "Strong on SQL" not in str(api)
    export = seeker_client.get("/account/export.json").content.decode()
    assert "Strong on SQL" not in export


@pytest.mark.django_db
def test_a_withdrawn_application_no_longer_shares_its_details(seeker, employer, job):
    application = applied(seeker, job)
    tracking.application_withdraw(user=seeker, application=application)
    client = client_for(employer)
    page = client.get(pipeline_url(job, f"/{application.pk}")).content.decode()
    assert "withdrew this application" in page
    assert "ada@example.com" not in page and "/resume" not in page
    assert client.get(f"/applications/{application.pk}/resume").status_code == 404
    response = client.post(pipeline_url(job, f"/{application.pk}/move"), {"status": "interview"})
    assert response.status_code == 400 and "has withdrawn" in response.content.decode()
    api = Client().get(f"/api/v1/applications/jobs/{job.pk}/applicants", **bearer(employer)).json()
    assert api[0]["status"] == "withdrawn" and api[0]["shared"] is None


@pytest.mark.django_db
def test_a_move_to_a_seeker_only_status_is_refused(seeker, employer, job):
    application = applied(seeker, job)
    response = client_for(employer).post(
        pipeline_url(job, f"/{application.pk}/move"), {"status": "withdrawn"}
    )
    assert response.status_code == 400
    response = Client().post(
        f"/api/v1/applications/jobs/{job.pk}/applicants/{application.pk}/move",
        {"status": "saved"},
        "application/json",
        **bearer(employer),
    )
    assert response.status_code == 422
    assert Application.objects.get().status == "applied"


@pytest.mark.django_db
def test_other_companies_seekers_and_strangers_get_nothing(
    seeker, other_seeker, employer, rival, job
):
    application = applied(seeker, job)
    staff = UserFactory(role="staff", is_staff=True)
    paths = ["", "/board", f"/{application.pk}"]
    for outsider in (rival, seeker, other_seeker, staff):
        client = client_for(outsider)
        for path in paths:
            assert client.get(pipeline_url(job, path)).status_code == 404, (outsider, path)
        assert (
            client.post(
                pipeline_url(job, f"/{application.pk}/move"), {"status": "hired"}
            ).status_code
            == 404
        )
        assert (
            client.post(
                pipeline_url(job, f"/{application.pk}/notes"), {"employer_notes": "x"}
            ).status_code
            == 404
        )
        assert (
            client.post(
                pipeline_url(job, "/reject"), {"applications": [application.pk]}
            ).status_code
            == 404
        )
    assert Client().get(pipeline_url(job))["Location"].startswith("/account/login/")
    api = Client()
    base = f"/api/v1/applications/jobs/{job.pk}/applicants"
    assert api.get(base, **bearer(rival)).status_code == 404
    assert (
        api.post(
            f"{base}/{application.pk}/move",
            {"status": "hired"},
            "application/json",
            **bearer(rival),
        ).status_code
        == 404
    )
    assert (
        api.post(
            f"{base}/reject",
            {"application_ids": [application.pk]},
            "application/json",
            **bearer(rival),
        ).status_code
        == 404
    )
    assert api.get(base).status_code == 401
    # The services refuse too, whatever a caller passes them.
    with pytest.raises(Exception, match="hiring company"):
        hiring.application_move(application=application, by=rival, status="hired")
    with pytest.raises(Exception, match="hiring company"):
        hiring.applications_reject(job=job, by=rival, application_ids=[application.pk], message="")
    assert Application.objects.get().status == "applied"


@pytest.mark.django_db
def test_a_colleague_manages_the_same_pipeline_but_not_other_jobs(seeker, employer, job):
    colleague = MembershipFactory(company=job.company, role="member").user
    application = applied(seeker, job)
    response = client_for(colleague).post(
        pipeline_url(job, f"/{application.pk}/move"), {"status": "screening"}
    )
    assert response.status_code == 302
    assert Application.objects.get().status == "screening"
    # A job of another company, applied to with an id from this one's list: 404.
    other_job = JobFactory(title="Elsewhere")
    assert (
        client_for(colleague).get(pipeline_url(other_job, f"/{application.pk}")).status_code == 404
    )


@pytest.mark.django_db
def test_the_api_moves_notes_and_rejects(seeker, other_seeker, employer, job):
    first, second = applied(seeker, job), applied(other_seeker, job)
    api, auth = Client(), bearer(employer)
    base = f"/api/v1/applications/jobs/{job.pk}/applicants"
    moved = api.post(
        f"{base}/{first.pk}/move",
        {"status": "offer", "message": "Offer attached"},
        "application/json",
        **auth,
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "offer"
    assert moved.json()["events"][-1]["message"] == "Offer attached"
    noted = api.patch(f"{base}/{first.pk}", {"employer_notes": "Great"}, "application/json", **auth)
    assert noted.json()["employer_notes"] == "Great"
    rejected = api.post(
        f"{base}/reject",
        {"application_ids": [second.pk], "message": ""},
        "application/json",
        **auth,
    )
    assert rejected.json() == {"rejected": 1}
    assert [a["status"] for a in api.get(base, **auth).json()] == ["offer", "rejected"]
    assert (
        api.post(
            f"{base}/reject",
            {"application_ids": [second.pk]},
            "application/json",
            **bearer(employer, "read"),
        ).status_code
        == 403
    )
