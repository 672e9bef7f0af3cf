"""Each published job's skills and roles are found once: when it goes live or changes, and by
the periodic command for jobs written in bulk or read with an older skill catalog."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerboard.consultant.models import JobSkillSet
from careerboard.consultant.services import job_skills_refresh
from careerboard.core.tests.factories import CompanyFactory, JobFactory, UserFactory
from careerboard.guides.models import Guide, Skill, SkillAlias
from careerboard.jobs.indexing import job_search_sync
from careerboard.jobs.models import Job
from careerboard.jobs.services import job_approve


def _skills(job: Job) -> set[str]:
    row = JobSkillSet.objects.get(job=job)
    ids = [int(i) for i in row.skill_ids.split()]
    return set(Skill.objects.filter(pk__in=ids).values_list("slug", flat=True))


def _guides(job: Job) -> set[str]:
    ids = [int(i) for i in JobSkillSet.objects.get(job=job).guide_ids.split()]
    return set(Guide.objects.filter(pk__in=ids).values_list("slug", flat=True))


def test_a_job_approved_gets_its_skills_and_roles(guides):
    staff = UserFactory(is_staff=True)
    job = JobFactory(
        title="Senior Backend Engineer (Go)",
        description="<p>Golang services on Postgres and k8s. Go ahead and apply!</p>",
        status=Job.Status.PENDING,
        published_at=None,
    )
    assert not JobSkillSet.objects.filter(job=job).exists()

    job_approve(job=job, by=staff)

    assert _skills(job) == {"go", "postgresql", "kubernetes"}
    assert _guides(job) == {"backend-developer"}


def test_the_command_indexes_bulk_written_jobs_once_and_again_after_a_catalog_change(guides):
    company = CompanyFactory()
    Job.objects.bulk_create(
        [
            Job(
                company=company,
                title=f"Data Engineer {n}",
                slug="data-engineer",
                description="<p>Airflow pipelines in Python and SQL. Nice to have: Zig.</p>",
                status=Job.Status.PUBLISHED,
            )
            for n in range(3)
        ]
    )
    jobs = list(Job.objects.all())
    call_command("consultant_index_jobs")

    assert JobSkillSet.objects.count() == 3
    assert "sql" in _skills(jobs[0]) and "python" in _skills(jobs[0])
    assert _guides(jobs[0]) == {"data-engineer"}
    assert job_skills_refresh() == 0  # nothing changed

    # A new alias is a new catalog: every job is read again and the alias counts.
    SkillAlias.objects.create(skill=Skill.objects.get(slug="go"), alias="zig")
    assert job_skills_refresh() == 3
    assert "go" in _skills(jobs[0])


def test_a_job_no_longer_published_loses_its_row(guides):
    job = JobFactory(title="Backend Engineer", description="<p>Python and SQL all day.</p>")
    assert JobSkillSet.objects.filter(job=job).exists()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.EXPIRED)

    call_command("consultant_index_jobs")

    assert not JobSkillSet.objects.filter(job=job).exists()


def test_skills_named_only_as_nice_to_have_are_kept_apart(guides):
    job = JobFactory(
        title="Backend Engineer",
        description=(
            "<p>We build payments.</p><h3>What you bring</h3><ul><li>Python</li><li>SQL</li></ul>"
            "<h3>Nice to have</h3><ul><li>Redis</li><li>Go</li></ul>"
            "<p>You will write Python and cache with Redis.</p>"
        ),
    )
    row = JobSkillSet.objects.get(job=job)
    nice = set(Skill.objects.filter(pk__in=row.nice_ids.split()).values_list("slug", flat=True))

    assert _skills(job) == {"python", "sql", "redis", "go"}
    # Named again in passing, Redis stays nice to have.
    assert nice == {"redis", "go"}


_CARD_SKILLS = re.compile(r'<ul class="tags skills" aria-label="Skills">(.*?)</ul>', re.DOTALL)


def _card_skills(html: str) -> list[list[str]]:
    return [re.findall(r"<li[^>]*>([^<]+)</li>", tags) for tags in _CARD_SKILLS.findall(html)]


def test_a_job_card_shows_its_skills_required_and_technical_first(guides, client):
    job = JobFactory(
        title="Backend Engineer",
        description=(
            "<p>We build payments.</p><h3>What you bring</h3><ul><li>Clear communication</li>"
            "<li>SQL</li><li>Python</li></ul><h3>Nice to have</h3><ul><li>Redis</li><li>Go</li></ul>"
        ),
    )
    job_search_sync(job_ids=[job.pk])
    job.refresh_from_db()
    # Required before nice to have, technical before soft, then in the catalog's order.
    assert job.skill_tags == ["Python", "SQL", "Communication", "Go", "Redis"]

    for path in ("/", "/jobs", job.company.get_absolute_url()):
        assert _card_skills(client.get(path).content.decode()) == [job.skill_tags], path
    page = client.get(job.get_absolute_url()).content.decode()
    assert all(f'<li class="tag skill">{name}</li>' in page for name in job.skill_tags)
    assert client.get(f"/api/v1/jobs/{job.pk}").json()["skills"] == job.skill_tags


def test_a_card_shows_at_most_five_skills_and_a_list_reads_them_in_no_extra_query(guides, client):
    description = "<p>" + ", ".join(["Python", "SQL", "Go", "Rust", "Kotlin", "Docker"]) + "</p>"
    JobFactory(title="Backend Engineer", description=description)
    with CaptureQueriesContext(connection) as one:
        first = client.get("/").content.decode()
    JobFactory.create_batch(4, title="Platform Engineer", description=description)
    with CaptureQueriesContext(connection) as five:
        cards = _card_skills(client.get("/").content.decode())

    assert _card_skills(first) == [["Python", "Go", "Rust", "Kotlin", "SQL"]]
    assert len(cards) == 5 and all(len(tags) == 5 for tags in cards)
    assert len(five) == len(one)
