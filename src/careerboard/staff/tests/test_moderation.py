"""The moderation queue: flagged jobs first with their reasons, approve, reject with a reason;
the poster is mailed either way. Only staff see any of it."""

from __future__ import annotations

import pytest

from careerboard.accounts.models import User
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.employers.tests.conftest import client_for
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search
from careerboard.search.query import JobQuery


@pytest.fixture
def staff(db) -> User:
    return UserFactory(role=User.Role.STAFF, is_staff=True)


@pytest.fixture
def poster(db) -> User:
    return MembershipFactory(
        company__name="Acme",
        company__website="https://acme.example",
        user__email="boss@acme.example",
    ).user


def pending(poster: User, **fields) -> Job:
    return JobFactory(
        company=poster.memberships.get().company,
        posted_by=poster,
        status=Job.Status.PENDING,
        published_at=None,
        **fields,
    )


@pytest.mark.django_db
def test_the_queue_shows_flagged_jobs_first_with_reasons_content_and_company(staff, poster):
    quiet = pending(poster, title="Quiet job")
    flagged = pending(
        poster,
        title="Loud job",
        description="<p>Pay a <strong>processing fee</strong> to start.</p>",
        spam_flags=["Banned phrases: “processing fee”."],
    )
    JobFactory(title="Already live")
    html = client_for(staff).get("/staff/moderation/").content.decode()
    assert "2 jobs waiting for review" in html
    assert html.index("Loud job") < html.index("Quiet job")
    assert "Already live" not in html
    assert "Banned phrases: “processing fee”." in html
    assert "<strong>processing fee</strong>" in html  # the full, sanitized description
    assert "https://acme.example" in html and "boss@acme.example" in html
    assert f'action="/staff/moderation/{flagged.pk}/approve"' in html
    assert f'action="/staff/moderation/{quiet.pk}/reject"' in html


@pytest.mark.django_db
def test_a_resubmitted_job_shows_the_previous_reason(staff, poster):
    job = pending(poster, rejection_reason="Please state the salary range.")
    html = client_for(staff).get(f"/staff/moderation/{job.pk}/").content.decode()
    assert "The previous reason was: Please state the salary range." in html


@pytest.mark.django_db(transaction=True)
def test_approve_puts_the_job_live_and_mails_the_poster(staff, poster, smtp_server, run_tasks):
    job = pending(poster, title="Payments Engineer")
    response = client_for(staff).post(f"/staff/moderation/{job.pk}/approve", follow=True)
    assert "is approved and live" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.reviewed_by) == (Job.Status.PUBLISHED, staff)
    assert [j.title for j in job_search(query=JobQuery(text="Payments")).jobs] == [
        "Payments Engineer"
    ]
    run_tasks()
    [mail] = smtp_server.messages
    assert mail["To"] == "boss@acme.example"
    assert mail["Subject"] == "Your job “Payments Engineer” is live"


@pytest.mark.django_db(transaction=True)
def test_reject_needs_a_reason_and_mails_it(staff, poster, smtp_server, run_tasks):
    job = pending(poster, title="Payments Engineer")
    client = client_for(staff)
    refused = client.post(f"/staff/moderation/{job.pk}/reject", {"reason": "   "})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING

    client.post(f"/staff/moderation/{job.pk}/reject", {"reason": "Please state the salary."})
    job.refresh_from_db()
    assert (job.status, job.rejection_reason) == (Job.Status.REJECTED, "Please state the salary.")
    run_tasks()
    [mail] = smtp_server.messages
    assert mail["Subject"].strip() == "Your job “Payments Engineer” was not approved"
    assert "Please state the salary." in mail.get_body(("plain",)).get_content()


@pytest.mark.django_db
def test_deciding_twice_is_refused_with_a_message(staff, poster):
    job = JobFactory(company=poster.memberships.get().company)
    client = client_for(staff)
    response = client.post(f"/staff/moderation/{job.pk}/approve", follow=True)
    assert "Only a job waiting for review can be approved." in response.content.decode()
    response = client.post(f"/staff/moderation/{job.pk}/reject", {"reason": "Spam"})
    assert response.status_code == 400
    assert "Only a job waiting for review can be rejected." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["poster", "seeker", "superuser_less_employer"])
def test_only_staff_moderate(who, poster):
    job = pending(poster)
    person = {
        "poster": poster,
        "seeker": UserFactory(),
        "superuser_less_employer": MembershipFactory().user,
    }[who]
    client = client_for(person)
    assert client.get("/staff/moderation/").status_code == 404
    assert client.get(f"/staff/moderation/{job.pk}/").status_code == 404
    assert client.post(f"/staff/moderation/{job.pk}/approve").status_code == 404
    assert client.post(f"/staff/moderation/{job.pk}/reject", {"reason": "x"}).status_code == 404
    anonymous = client_for(None)
    assert anonymous.get("/staff/moderation/")["Location"].startswith("/account/login/?next=")
    assert anonymous.post(f"/staff/moderation/{job.pk}/approve").status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING


@pytest.mark.django_db
def test_the_nav_links_to_each_persons_pages(staff, poster):
    def main_menu(user) -> str:
        html = client_for(user).get("/").content.decode()
        start = html.index('<nav aria-label="Main"')
        return html[start : html.index("</nav>", start)]

    assert "/staff/moderation/" in main_menu(staff)
    employer_menu = main_menu(poster)
    assert "/employer/jobs/new" in employer_menu and "/staff/moderation/" not in employer_menu
    assert "/saved/" not in employer_menu and "/applications/" not in employer_menu
    seeker_menu = main_menu(UserFactory())
    assert "/employer/" not in seeker_menu and "/staff/" not in seeker_menu
    assert "/applications/" in seeker_menu


@pytest.mark.django_db
def test_the_queue_is_one_row_per_job_and_filters_by_text_and_flag(staff, poster):
    pending(poster, title="Quiet job")
    pending(poster, title="Linky job", spam_flags=["The description has 9 links (more than 5)."])
    pending(poster, title="Fee job", spam_flags=["Banned phrases: “processing fee”."])
    client = client_for(staff)
    html = client.get("/staff/moderation/").content.decode()
    assert html.count('class="queue-row') == 3
    assert "Many links" in html and "Banned phrases" in html
    only_links = client.get("/staff/moderation/?flag=links").content.decode()
    assert "Linky job" in only_links and "Fee job" not in only_links
    assert "Quiet job" not in only_links
    clean = client.get("/staff/moderation/?flag=clean").content.decode()
    assert "Quiet job" in clean and "Linky job" not in clean
    by_text = client.get("/staff/moderation/?q=fee").content.decode()
    assert "Fee job" in by_text and "Quiet job" not in by_text
    assert client.get("/staff/moderation/?flag=nonsense&page=x").status_code == 200
