"""Approve and reject from the Django admin's job list: the same services, the same mails."""

from __future__ import annotations

import pytest

from careerboard.accounts.models import User
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.employers.tests.conftest import client_for
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = "/admin/jobs/job/"


@pytest.fixture
def admin_client_(db):
    return client_for(UserFactory(role=User.Role.STAFF, is_staff=True, is_superuser=True))


@pytest.fixture
def jobs():
    poster = MembershipFactory(user__email="boss@acme.example").user
    company = poster.memberships.get().company
    waiting = [
        JobFactory(company=company, posted_by=poster, title=title, status=Job.Status.PENDING)
        for title in ("First", "Second")
    ]
    return [*waiting, JobFactory(company=company, posted_by=poster, title="Live")]


def ids(jobs) -> list[str]:
    return [str(job.pk) for job in jobs]


def test_approve_action(admin_client_, jobs, smtp_server, run_tasks):
    response = admin_client_.post(
        CHANGELIST, {"action": "approve_jobs", "_selected_action": ids(jobs)}, follow=True
    )
    assert "2 job(s) approved; the posters are mailed. 1 skipped" in response.content.decode()
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.PUBLISHED}
    run_tasks()
    assert sorted(m["Subject"] for m in smtp_server.messages) == [
        "Your job “First” is live",
        "Your job “Second” is live",
    ]


def test_reject_action_asks_for_a_reason(admin_client_, jobs, smtp_server, run_tasks):
    selected = {"action": "reject_jobs", "_selected_action": ids(jobs[:1])}
    ask = admin_client_.post(CHANGELIST, selected)
    assert ask.status_code == 200
    assert 'name="reason"' in ask.content.decode()
    empty = admin_client_.post(CHANGELIST, {**selected, "reason": " "})
    assert "Tell the employer why" in empty.content.decode()
    assert Job.objects.get(pk=jobs[0].pk).status == Job.Status.PENDING

    admin_client_.post(CHANGELIST, {**selected, "reason": "Not a remote job."})
    job = Job.objects.get(pk=jobs[0].pk)
    assert (job.status, job.rejection_reason) == (Job.Status.REJECTED, "Not a remote job.")
    run_tasks()
    [mail] = smtp_server.messages
    assert "Not a remote job." in mail.get_body(("plain",)).get_content()
