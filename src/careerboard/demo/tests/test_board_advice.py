"""The alerts and the career consultant recomputed on a generated board, judged by the role and
skills each job was generated from (the generator's ground truth), not by the code under test."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.alerts.matching import match
from careerboard.alerts.searches import saved_search_of
from careerboard.alerts.selectors import job_facts
from careerboard.billing.services import local_checkout_complete
from careerboard.consultant import index
from careerboard.consultant.selectors import report_build
from careerboard.consultant.services import ProfileInput, profile_save
from careerboard.demo import generate, roles
from careerboard.guides.services import guide_market_refresh
from careerboard.guides.tests.conftest import CONTENT
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db
COMPANIES, JOBS = 40, 1200


@pytest.fixture
def truth(db, monkeypatch) -> dict[int, generate.JobData]:
    """A seeded demo board, and each job's generated data by its id (seed_demo stores the
    generator's jobs in order)."""
    monkeypatch.setattr(index, "STALE_SECONDS", 0)
    monkeypatch.setattr(index, "REBUILD_IN_BACKGROUND", False)
    index.job_index_forget()
    call_command("sync_guides", "--path", str(CONTENT), verbosity=0)
    call_command("seed_demo", companies=COMPANIES, jobs=JOBS, verbosity=0)
    generated = generate.jobs(JOBS, companies_count=COMPANIES, now=timezone.now())
    yield dict(zip(Job.objects.order_by("id").values_list("id", flat=True), generated, strict=True))
    index.job_index_forget()


# (typed, the skill's slug); one seeded board for all: seeding is most of the test's time.
SKILL_ALERTS = [
    ("python", "python"),
    ("C", "c"),
    ("golang", "go"),
    ("kubernetes", "kubernetes"),
    ("figma", "figma"),
]
# (target role, years, skills) of people asking the consultant.
PROFILES = [
    ("backend-developer", 4, ["Python", "Django", "PostgreSQL", "Docker"]),
    ("frontend-developer", 2, ["React", "TypeScript", "CSS"]),
    ("data-scientist", 5, ["Python", "statistics", "SQL"]),
    ("product-designer", 6, ["Figma", "user research"]),
    ("devops-engineer", 3, ["Kubernetes", "Terraform", "AWS"]),
]


def test_a_skill_alert_gets_exactly_the_live_jobs_that_ask_for_the_skill(truth):
    live = job_facts(job_ids=truth, now=timezone.now())
    for typed, skill in SKILL_ALERTS:
        criteria = saved_search_of(f"q={typed}").criteria
        found = set(match([(1, criteria)], live).as_dict().get(1, []))
        asking = {
            job.job_id
            for job in live
            if skill in truth[job.job_id].required_skills + truth[job.job_id].nice_skills
        }
        assert len(asking) >= 10, typed
        assert found == asking, typed


def test_the_consultant_recommends_the_target_roles_jobs_at_its_pay(truth):
    user = User.objects.get(email="seeker@careerboard.example")
    local_checkout_complete(user=user, price_key="plus-month")
    call_command("consultant_index_jobs", verbosity=0)
    guide_market_refresh()
    for target, years, skills in PROFILES:
        profile_save(
            user=user,
            data=ProfileInput(target_role=target, years_experience=years, skills=skills),
        )
        report = report_build(user=user)
        role = roles.role(target)
        families = [roles.role(truth[r.job_id].role).family for r in report.recommendations]
        assert families == [role.family] * 10, target
        # What they lack is the guide's own skills, none they named.
        missing = {item.name for item in report.current.skills_missing}
        assert missing and not missing & set(skills), target
        # The pay shown is the market's for this role: the generated bands, paid in several
        # regions' currencies and at several levels, put the median within the role's band
        # widened by half.
        low, high = role.salary_band("midweight")
        assert report.salary.sample_size >= 5, target
        assert low * 0.5 <= report.salary.median <= high * 1.5, (target, report.salary)
