"""Every write of the consultant: saving a profile (which records a report, the progress a person
sees over time) and keeping each published job's skill set up to date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.consultant.jobskills import JobReader
from careerboard.consultant.models import MAX_SALARY_USD, MAX_YEARS, JobSkillSet, Profile, Report
from careerboard.consultant.selectors import (
    guide_responsibilities,
    report_for_profile,
    require_consultant,
)
from careerboard.core.batches import batched
from careerboard.guides.models import Guide
from careerboard.guides.selectors import skill_resolve
from careerboard.jobs.models import Job
from careerboard.jobs.services import job_skill_tags_set
from careerboard.taxonomy.models import JobType, Region

MAX_SKILLS = 60
MAX_CERTIFICATIONS = 20
INDEX_CHUNK = 2000


@dataclass(frozen=True)
class ProfileInput:
    """What a person fills in. Skills are as typed (names, slugs or aliases); the target role
    is a guide slug, regions and job type are taxonomy slugs; salary is USD a year."""

    target_role: str
    years_experience: int
    skills: list[str] = field(default_factory=list)
    current_title: str = ""
    certifications: list[str] = field(default_factory=list)
    education: str = ""
    # None: not asked (a new target role, whose checklist the person has not seen yet); the
    # responsibilities of the stages their years reach are then assumed, until they untick them.
    responsibilities: list[str] | None = None
    regions: list[str] = field(default_factory=list)
    salary_expectation_usd: int | None = None
    job_type: str = ""


def split_skills(text: str) -> list[str]:
    """Skills typed in one field, separated by commas (or new lines)."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _validated(data: ProfileInput) -> dict:
    errors: dict[str, list[str]] = {}
    guide = Guide.objects.filter(slug=data.target_role).first()
    if guide is None:
        errors["target_role"] = ["Choose a role from the career guides."]
    if not 0 <= data.years_experience <= MAX_YEARS:
        errors["years_experience"] = [f"Years of experience lie between 0 and {MAX_YEARS}."]
    salary = data.salary_expectation_usd
    if salary is not None and not 1_000 <= salary <= MAX_SALARY_USD:
        errors["salary_expectation_usd"] = [
            f"Give a yearly salary in US dollars between 1,000 and {MAX_SALARY_USD:,}."
        ]
    skills, unknown = [], []
    for text in dict.fromkeys(data.skills):
        skill = skill_resolve(text)
        if skill is None:
            unknown.append(text)
        else:
            skills.append(skill)
    if unknown:
        errors["skills"] = [
            f"Not in our skill catalog: {', '.join(unknown)}. Pick from the suggestions."
        ]
    elif len(skills) > MAX_SKILLS:
        errors["skills"] = [f"List at most {MAX_SKILLS} skills."]
    certifications = [c.strip() for c in data.certifications if c.strip()]
    if len(certifications) > MAX_CERTIFICATIONS or any(len(c) > 200 for c in certifications):
        errors["certifications"] = [
            f"List at most {MAX_CERTIFICATIONS} certifications of up to 200 characters."
        ]
    regions = list(Region.objects.filter(slug__in=data.regions))
    if len(regions) != len(set(data.regions)):
        errors["regions"] = ["Choose regions from the list."]
    job_type = JobType.objects.filter(slug=data.job_type).first() if data.job_type else None
    if data.job_type and job_type is None:
        errors["job_type"] = ["Choose a job type from the list."]
    duties = guide_responsibilities(slug=guide.slug) if guide else []
    carried = data.responsibilities
    if carried is None:
        carried = (
            guide_responsibilities(slug=guide.slug, years=data.years_experience) if guide else []
        )
    unknown_duties = [d for d in carried if d not in duties]
    if unknown_duties and guide is not None:
        errors["responsibilities"] = [
            f"Not a responsibility of {guide.title}: {', '.join(unknown_duties)}."
        ]
    for name, limit in (("current_title", 120), ("education", 300)):
        if len(getattr(data, name)) > limit:
            errors[name] = [f"At most {limit} characters."]
    if errors:
        raise ValidationError(errors)
    return {
        "guide": guide,
        "skills": skills,
        "certifications": certifications,
        "regions": regions,
        "job_type": job_type,
        "responsibilities": [d for d in duties if d in carried],
    }


@transaction.atomic
def profile_save(*, user: User, data: ProfileInput) -> Profile:
    """Create or replace the person's profile, and record the report it gives."""
    require_consultant(user=user)
    valid = _validated(data)
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.current_title = data.current_title.strip()
    profile.years_experience = data.years_experience
    profile.certifications = valid["certifications"]
    profile.education = data.education.strip()
    profile.target_guide = valid["guide"]
    profile.responsibilities = valid["responsibilities"]
    profile.salary_expectation_usd = data.salary_expectation_usd
    profile.job_type = valid["job_type"]
    profile.save()
    profile.skills.set(valid["skills"])
    profile.regions.set(valid["regions"])
    report_record(profile=Profile.objects.get(pk=profile.pk))
    return profile


def report_record(*, profile: Profile) -> Report:
    """Keep the level and coverage of the profile's report as of now."""
    report = report_for_profile(profile=profile, now=timezone.now())
    return Report.objects.create(
        user=profile.user,
        guide_title=report.guide_title,
        stage_title=report.level.stage.title,
        stage_coverage_percent=report.level.stage.percent,
        next_stage_title=report.next.title if report.next else "",
        next_stage_coverage_percent=(
            report.level.stages[report.level.stages.index(report.level.stage) + 1].percent
            if report.next
            else None
        ),
        skills_count=profile.skills.count(),
    )


def job_skills_index(*, job_ids: Iterable[int], reader: JobReader | None = None) -> int:
    """Find the skills and roles of these jobs (published ones; others lose their row), and
    give each job the skill tags its card shows. Returns how many rows were written."""
    reader = reader or JobReader()
    written = 0
    for chunk in batched(job_ids, INDEX_CHUNK):
        now = timezone.now()
        rows = []
        tags: dict[int, list[str]] = {}
        for job_id, title, description in Job.objects.filter(
            pk__in=chunk, status=Job.Status.PUBLISHED
        ).values_list("id", "title", "description"):
            found = reader.read(title=title, description=description)
            rows.append(
                JobSkillSet(
                    job_id=job_id,
                    skill_ids=" ".join(map(str, found.skill_ids)),
                    nice_ids=" ".join(map(str, found.nice_ids)),
                    guide_ids=" ".join(map(str, found.guide_ids)),
                    catalog=reader.catalog,
                    indexed_at=now,
                )
            )
            tags[job_id] = reader.tags(found)
        with transaction.atomic():
            JobSkillSet.objects.filter(job_id__in=chunk).delete()
            JobSkillSet.objects.bulk_create(rows)
            job_skill_tags_set(tags=tags)
        written += len(rows)
    return written


def job_skills_refresh() -> int:
    """Index every published job whose row is missing, older than its last change, or from an
    older catalog; drop the rows of jobs no longer published. Idempotent (the worker runs it)."""
    reader = JobReader()
    JobSkillSet.objects.exclude(job__status=Job.Status.PUBLISHED).delete()
    fresh = JobSkillSet.objects.filter(
        catalog=reader.catalog, indexed_at__gte=F("job__updated_at")
    ).values("job_id")
    stale = Job.objects.filter(status=Job.Status.PUBLISHED).exclude(pk__in=fresh)
    return job_skills_index(
        job_ids=stale.order_by("id").values_list("id", flat=True), reader=reader
    )
