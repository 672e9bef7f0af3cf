"""The sample report a Free account sees: what a report contains, with made-up figures."""

from __future__ import annotations

from careerboard.consultant.report import (
    CertificationAdvice,
    JobReason,
    Level,
    Recommendation,
    Report,
    SalaryAdvice,
    SkillItem,
    StageCoverage,
    StageGap,
)


def _skill(name: str, held: bool, percent: int) -> SkillItem:
    return SkillItem(slug=name.lower(), name=name, held=held, demand_percent=percent)


def sample_report() -> Report:
    middle = StageCoverage("Backend Developer", "2\N{EN DASH}5 years", 10, 14, 71, ["midweight"])
    senior = StageCoverage("Senior Backend Developer", "5\N{EN DASH}8 years", 6, 19, 32, ["senior"])
    return Report(
        guide_slug="backend-developer",
        guide_title="Back-End Developer",
        guide_url="/careers/backend-developer",
        level=Level(
            stage=middle,
            by_years="Backend Developer",
            reasoning=[
                "With 4 years of experience, your years match Backend Developer (2\N{EN DASH}5 years).",
                "You cover 10 of the 14 skills and responsibilities it expects (71%), at least "
                "the 50% we look for, so Backend Developer is your level.",
            ],
            stages=[middle, senior],
        ),
        current=StageGap(
            title="Backend Developer",
            years_label="2\N{EN DASH}5 years",
            skills_held=[_skill("Python", True, 64), _skill("SQL", True, 58)],
            skills_missing=[_skill("Docker", False, 41), _skill("CI/CD", False, 22)],
            responsibilities_held=["Build features end to end"],
            responsibilities_missing=["Improve performance"],
        ),
        next=StageGap(
            title="Senior Backend Developer",
            years_label="5\N{EN DASH}8 years",
            skills_held=[],
            skills_missing=[_skill("System Design", False, 18), _skill("Microservices", False, 12)],
            responsibilities_held=[],
            responsibilities_missing=["Design system architecture"],
        ),
        certifications=[
            CertificationAdvice(
                "Docker Certified Associate",
                "Mirantis",
                "Shows Docker, which the next step asks for.",
            )
        ],
        next_steps=[
            "Learn Docker: 41% of live Back-End Developer postings ask for it.",
            "Then add System Design, which Senior Backend Developer brings in.",
            "Consider the Docker Certified Associate (Mirantis).",
        ],
        salary=SalaryAdvice(
            expectation_usd=95_000,
            label="Midweight",
            sample_size=212,
            p25=82_000,
            median=98_000,
            p75=118_000,
            verdict="Your expectation of $95,000 is within the middle half of 212 live postings "
            "(midweight) ($82,000 to $118,000; median $98,000).",
        ),
        postings_counted=1480,
        recommendations=[
            Recommendation(
                job_id=0,
                title="Backend Engineer (Python)",
                company="Example Ltd",
                url="",
                fit_percent=86,
                skills_matched=["PostgreSQL", "Python", "SQL"],
                skills_missing=["Docker"],
                reasons=[
                    JobReason("role", 1.0, "Back-End Developer: the role you want."),
                    JobReason(
                        "skills", 0.8, "You have 3 of the 4 skills it names; missing Docker."
                    ),
                    JobReason("level", 1.0, "Midweight: your level (Backend Developer)."),
                    JobReason("region", 1.0, "Open to you: Europe."),
                    JobReason(
                        "salary", 1.0, "Pays $90,000 to $110,000 a year, meeting your expectation."
                    ),
                    JobReason("recency", 0.9, "Posted 2 days ago."),
                    JobReason("job_type", 1.0, "Full-Time: as you prefer."),
                ],
            )
        ],
        sample=True,
    )
