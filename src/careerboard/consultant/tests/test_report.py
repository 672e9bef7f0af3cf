"""Fixed profiles against the real Back-End Developer guide and a small board of jobs (conftest):
the level, the gaps, the certifications and the top recommendations, each with its reasons."""

from __future__ import annotations

from careerboard.consultant.report import salary_advice
from careerboard.consultant.selectors import report_build
from careerboard.consultant.services import ProfileInput, profile_save
from careerboard.consultant.tests.conftest import post_job

BACKEND = "backend-developer"
JUNIOR_SKILLS = ["Python", "SQL", "git", "unit testing", "debugging"]
MID_SKILLS = [*JUNIOR_SKILLS, "REST API", "postgres", "Docker", "CI/CD"]


def _report(user, **profile):  # type: ignore[no-untyped-def]
    profile.setdefault("target_role", BACKEND)
    profile_save(user=user, data=ProfileInput(**profile))
    return report_build(user=user)


def _names(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.name for item in items]


def test_a_mid_level_developer_gets_level_gaps_and_jobs_explained(plus_seeker, board):
    report = _report(
        plus_seeker,
        years_experience=3,
        skills=MID_SKILLS,
        responsibilities=["Build features end to end"],
        regions=["germany"],
        salary_expectation_usd=105_000,
        job_type="full-time",
    )

    assert report.level.stage.title == "Backend Developer"
    assert report.level.stage.percent == 71  # 9 of 11 skills + 1 of 3 responsibilities
    assert "You cover 10 of the 14 skills and responsibilities" in report.level.reasoning[1]

    # Ordered by the share of the 5 live back-end postings asking (Python 5, Docker and
    # PostgreSQL 3, API design 2, CI/CD 1 like SQL and testing), then by name.
    assert _names(report.current.skills_held)[:5] == [
        "Python",
        "Docker",
        "PostgreSQL",
        "API Design",
        "CI/CD",
    ]
    assert [item.demand_percent for item in report.current.skills_held[:5]] == [100, 60, 60, 40, 20]
    assert _names(report.current.skills_missing) == [
        "Database Management",
        "Performance Optimization",
    ]
    assert report.current.responsibilities_missing == ["Design APIs", "Improve performance"]
    assert report.next is not None and report.next.title == "Senior Backend Developer"
    assert _names(report.next.skills_missing)[:2] == ["Microservices", "System Design"]
    assert (
        report.next_steps[2] == "Then add Microservices, which Senior Backend Developer brings in."
    )

    # The full match first; the USA-only job is not open to Germany; the front-end and the data
    # science jobs are of other roles whose required skills the person does not cover.
    titles = [job.title for job in report.recommendations]
    assert titles == [
        "Backend Engineer",
        "Backend Engineer, Payments",
        "Junior Backend Developer",
        "Senior Backend Engineer",
    ]
    best = report.recommendations[0]
    assert best.job_id == board["fit"].pk
    assert best.skills_missing == []
    assert [reason.text for reason in best.reasons] == [
        "Back-End Developer: the role you want.",
        "You have 5 of the 5 skills it names: API Design, CI/CD, Docker, PostgreSQL, Python.",
        "Midweight: your level (Backend Developer).",
        "Open to you: Europe.",
        "Pays $100,000 to $120,000 a year, meeting your expectation of $105,000.",
        "Posted 1 day ago.",
        "Full-Time: as you prefer.",
    ]
    stretch = report.recommendations[3]
    assert stretch.skills_missing == ["Kubernetes", "Microservices", "System Design"]
    assert "Senior: one step above your level (Backend Developer)." in [
        r.text for r in stretch.reasons
    ]


def test_years_without_the_skills_give_the_stage_the_skills_support(plus_seeker, board):
    report = _report(
        plus_seeker,
        years_experience=6,
        skills=JUNIOR_SKILLS,
        responsibilities=["Fix bugs"],
    )

    # Six years reach Senior, but 5 of 19 (26%) and 5 of 14 (36%) fall short; Junior is 6 of 8.
    assert report.level.by_years == "Senior Backend Developer"
    assert report.level.stage.title == "Junior Backend Developer"
    assert [stage.percent for stage in report.level.stages[:3]] == [75, 36, 26]
    assert report.level.reasoning[1].startswith("But you cover only 5 of the 19")
    assert report.current.skills_missing == []
    assert report.next is not None and report.next.title == "Backend Developer"
    assert _names(report.next.skills_missing)[:3] == ["Docker", "PostgreSQL", "API Design"]
    # The certification that shows a skill of the next step comes first, with why.
    assert report.certifications[0].name == "Docker Certified Associate"
    assert report.certifications[0].reason == "Shows Docker, which Backend Developer asks for."
    # Jobs are at the level six years reach, not at Junior: the senior one first, saying so.
    top = report.recommendations[0]
    assert top.title == "Senior Backend Engineer"
    assert "Senior: the level your years reach (Senior Backend Developer)." in [
        reason.text for reason in top.reasons
    ]


def test_a_newcomer_with_few_skills_starts_the_path(plus_seeker, board):
    report = _report(
        plus_seeker,
        years_experience=0,
        skills=["Python"],
        certifications=["Docker Certified Associate"],
        responsibilities=[],  # unticked: none carried yet
    )

    assert report.level.stage.title == "Junior Backend Developer"
    assert report.level.stage.percent == 12
    assert "where the path starts" in report.level.reasoning[-1]
    assert "Docker Certified Associate" not in [c.name for c in report.certifications]
    assert report.next_steps[0].startswith("Learn ")


def test_aliases_resolve_to_catalog_skills(plus_seeker, guides):
    profile = profile_save(
        user=plus_seeker,
        data=ProfileInput(
            target_role=BACKEND, years_experience=2, skills=["postgres", "golang", "K8S"]
        ),
    )
    assert sorted(skill.slug for skill in profile.skills.all()) == [
        "go",
        "kubernetes",
        "postgresql",
    ]


def test_a_closed_job_leaves_the_recommendations(plus_seeker, board):
    from careerboard.jobs.models import Job

    profile = {"years_experience": 3, "skills": MID_SKILLS, "regions": ["germany"]}
    assert _report(plus_seeker, **profile).recommendations[0].job_id == board["fit"].pk
    Job.objects.filter(pk=board["fit"].pk).update(status=Job.Status.CLOSED)

    assert board["fit"].pk not in [
        job.job_id for job in report_build(user=plus_seeker).recommendations
    ]


def test_the_salary_expectation_against_the_live_range():
    market = {
        "salary": {
            "level": "",
            "label": "All levels",
            "sample_size": 40,
            "p25": 80_000,
            "median": 95_000,
            "p75": 120_000,
        },
        "salary_by_level": [
            {
                "level": "senior",
                "label": "Senior",
                "sample_size": 12,
                "p25": 130_000,
                "median": 140_000,
                "p75": 160_000,
            },
            {
                "level": "lead",
                "label": "Lead",
                "sample_size": 3,
                "p25": None,
                "median": None,
                "p75": None,
            },
        ],
    }
    senior = salary_advice(market, levels=["senior"], expectation=170_000)
    assert (senior.label, senior.p75) == ("Senior", 160_000)
    assert (
        "above what three quarters of 12 live postings (senior) pay (up to $160,000)"
        in senior.verdict
    )
    # Too few lead postings give a salary: the figures of all levels are used.
    lead = salary_advice(market, levels=["lead"], expectation=90_000)
    assert lead.label == "All levels"
    assert "within the middle half" in lead.verdict
    low = salary_advice(market, levels=["junior"], expectation=60_000)
    assert "you can ask for more" in low.verdict
    assert salary_advice(None, levels=["junior"], expectation=1).median is None


def test_the_back_end_profile_of_the_issue_gets_back_end_jobs_or_explained_neighbours(
    plus_seeker, guides
):
    # The board the issue saw: few back-end jobs, many of other roles naming one of the skills.
    backend = [
        post_job(
            "Back-End Developer", "Python, Django, PostgreSQL and Docker", levels=["midweight"]
        ),
        post_job("Senior Backend Engineer", "Python, Kafka and system design", levels=["senior"]),
    ]
    devops = post_job("DevOps Engineer", "Docker and PostgreSQL", levels=["midweight"])
    others = [
        post_job("Cloud Security Engineer", "Python, AWS, IAM and SIEM", levels=["midweight"]),
        post_job("Security Engineer", "Python, OWASP and threat modeling", levels=["midweight"]),
        post_job("Documentation Engineer", "Docker, Markdown and docs-as-code"),
        post_job("Linux Administrator", "Linux, Bash and Docker", levels=["midweight"]),
        post_job("Mobile Developer", "Swift, Kotlin and PostgreSQL", levels=["midweight"]),
    ]
    report = _report(
        plus_seeker,
        years_experience=4,
        skills=["Python", "Django", "PostgreSQL", "Docker"],
    )

    shown = {job.job_id: job for job in report.recommendations}
    assert report.recommendations[0].job_id == backend[0].pk
    assert set(shown) == {backend[0].pk, backend[1].pk, devops.pk}
    assert not {job.pk for job in others} & set(shown)
    assert report.recommendations[0].reasons[0].text == "Back-End Developer: the role you want."
    assert shown[devops.pk].reasons[0].text == (
        "DevOps Engineer: a role next to Back-End Developer. Your Docker and PostgreSQL skills "
        "carry over."
    )
    assert report.recommendations[0].fit_percent > 80


def test_a_job_of_another_role_is_shown_when_the_skills_cover_it_and_says_why(plus_seeker, guides):
    # The title names Cloud (cloud services) too.
    cloud = post_job("Cloud Engineer", "Go and Kubernetes", levels=["midweight"])
    post_job("Cloud Engineer, Networking", "Go, Kubernetes, AWS and networking")

    report = _report(plus_seeker, years_experience=4, skills=["golang", "k8s", "Python"])

    assert [job.job_id for job in report.recommendations] == [cloud.pk]
    assert report.recommendations[0].reasons[0].text == (
        "Your Go and Kubernetes skills match this Cloud Engineer role, outside Back-End "
        "Developer: you have 2 of the 3 skills it requires."
    )


def test_the_first_report_assumes_the_responsibilities_the_years_reach(plus_seeker, guides):
    # The issue: a 4-year developer rated Junior because the checklist was empty.
    profile = profile_save(
        user=plus_seeker,
        data=ProfileInput(target_role=BACKEND, years_experience=4, skills=MID_SKILLS),
    )
    assert "Build features end to end" in profile.responsibilities
    assert "Design system architecture" not in profile.responsibilities  # Senior's, not reached
    assert report_build(user=plus_seeker).level.stage.title == "Backend Developer"

    # Unticked, they are not assumed again.
    untick = ProfileInput(
        target_role=BACKEND, years_experience=4, skills=MID_SKILLS[:3], responsibilities=[]
    )
    assert profile_save(user=plus_seeker, data=untick).responsibilities == []
    assert report_build(user=plus_seeker).level.stage.title == "Junior Backend Developer"
