"""What the employer pages read: the jobs of the companies a person is a member of."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from careerboard.accounts.models import User
from careerboard.jobs.models import Job

# The newest jobs of each status on the dashboard; the rest are counted.
DASHBOARD_GROUP_SIZE = 50

# Dashboard order: what needs the employer's attention first, ended jobs last.
_GROUP_TITLES = {
    Job.Status.DRAFT: "Drafts",
    Job.Status.REJECTED: "Not approved",
    Job.Status.PENDING: "In review",
    Job.Status.PUBLISHED: "Live",
    Job.Status.EXPIRED: "Expired",
    Job.Status.FILLED: "Filled",
    Job.Status.CLOSED: "Closed",
}
# What an employer may do with a job of each status (jobs.services checks its rules again).
# Only a job that was live is marked filled or closed: an ended job keeps a public page, which
# a job nobody approved must not get.
_ACTIONS = {
    Job.Status.DRAFT: frozenset({"preview", "edit", "submit"}),
    Job.Status.REJECTED: frozenset({"preview", "edit", "submit"}),
    Job.Status.PENDING: frozenset({"preview", "edit"}),
    Job.Status.PUBLISHED: frozenset({"view", "edit", "extend", "fill", "close"}),
    Job.Status.EXPIRED: frozenset({"view", "relist", "fill", "close"}),
    Job.Status.FILLED: frozenset({"view"}),
    Job.Status.CLOSED: frozenset({"view"}),
}


def employer_job_actions(*, job: Job) -> frozenset[str]:
    return _ACTIONS[Job.Status(job.status)]


@dataclass(frozen=True)
class JobGroup:
    status: str
    title: str
    jobs: list[Job]
    total: int

    @property
    def actions(self) -> frozenset[str]:
        return _ACTIONS[Job.Status(self.status)]


def _member_jobs(user: User) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(company__memberships__user=user)


def employer_job_groups(*, user: User) -> list[JobGroup]:
    """The person's jobs by status, in dashboard order; empty groups are left out."""
    jobs = _member_jobs(user)
    totals = dict(jobs.order_by().values_list("status").annotate(n=Count("id")))
    groups = []
    for status, title in _GROUP_TITLES.items():
        if not totals.get(status):
            continue
        rows = list(
            jobs.filter(status=status)
            .select_related("company")
            .order_by("-updated_at", "-id")[:DASHBOARD_GROUP_SIZE]
        )
        groups.append(JobGroup(status, title, rows, totals[status]))
    return groups


def employer_job_get(*, user: User, job_id: int) -> Job | None:
    """A job of one of the person's companies, with its terms; None for anybody else's."""
    return (
        _member_jobs(user)
        .select_related("company")
        .prefetch_related("industries", "job_types", "levels", "regions")
        .filter(pk=job_id)
        .first()
    )
