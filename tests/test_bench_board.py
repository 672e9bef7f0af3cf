"""The benchmarks' kept boards: a board that is not what today's generator makes is recognised,
so its figures are not taken for today's and no judged benchmark reads wrong ground truth."""

import pytest
from benchmarks import jobdata

from careerboard.jobs.models import Job
from careerboard.taxonomy.models import Region

pytestmark = pytest.mark.django_db
JOBS = 120


@pytest.fixture
def board():
    jobdata.load_jobs(JOBS, log=lambda *_: None)


def test_a_freshly_loaded_board_is_current_and_gives_each_jobs_role(board):
    assert jobdata.board_staleness(JOBS) == ""
    roles = jobdata.board_roles(JOBS)
    expected = [job.role for job in jobdata.generated_jobs(JOBS)]
    assert [roles[job_id] for job_id in range(1, JOBS + 1)] == expected


def _reworded(job_id: int) -> None:
    Job.objects.filter(id=job_id).update(description="<p>older wording</p>")


def _moved(job_id: int) -> None:
    job = Job.objects.get(id=job_id)
    job.regions.set([Region.objects.exclude(id__in=job.regions.all()).first()])


def _removed(job_id: int) -> None:
    Job.objects.filter(id=job_id).delete()


@pytest.mark.parametrize(
    ("change", "named"),
    [(_reworded, "description"), (_moved, "regions"), (_removed, "missing")],
)
def test_a_job_far_from_the_first_that_differs_makes_the_board_stale(board, change, named):
    """Titles alone, or the first few jobs, miss a generator that changed its wording or a
    rare role's jobs."""
    change(97)
    stale = jobdata.board_staleness(JOBS)
    assert "job 97" in stale and named in stale
    with pytest.raises(SystemExit, match="job 97"):
        jobdata.board_roles(JOBS)


def test_ground_truth_checks_every_title_past_the_fully_compared_jobs(board, monkeypatch):
    monkeypatch.setattr(jobdata, "CHECKED_JOBS", 50)
    Job.objects.filter(id=110).update(title="Chief Llama Officer")
    assert jobdata.board_staleness(JOBS) == ""
    with pytest.raises(SystemExit, match="job 110 is 'Chief Llama Officer'"):
        jobdata.board_roles(JOBS)
