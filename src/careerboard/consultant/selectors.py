"""Every read of the consultant: a person's profile, their report (worked out on request from
the profile, the guide and the index of live jobs), their report history, skill suggestions."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.billing.entitlements import entitlement_allows
from careerboard.consultant import report as rules
from careerboard.consultant.explain import AskedSkills, job_reasons, salary_text
from careerboard.consultant.index import job_index
from careerboard.consultant.models import Profile, Report
from careerboard.consultant.scoring import JobIndex, Ranked, Seeker, rank
from careerboard.guides.models import Guide, Skill
from careerboard.guides.selectors import guide_detail, skill_terms
from careerboard.guides.skill_matching import SkillMatcher
from careerboard.jobs.models import Job
from careerboard.taxonomy.models import JobType, Level, Region
from careerboard.taxonomy.selectors import region_with_ancestor_ids, terms_by_slug

FEATURE = "career_consultant"
RECOMMENDATIONS = 10
# More candidates than shown, in case some closed since the index was built.
CANDIDATES = 30
SUGGESTIONS = 8
HISTORY = 20
_CATALOG_SECONDS = 600


def consultant_allowed(*, user: User) -> bool:
    return user.is_authenticated and entitlement_allows(user=user, feature=FEATURE)


def require_consultant(*, user: User) -> None:
    if not consultant_allowed(user=user):
        raise PermissionDenied(
            "The career consultant is part of the Plus plan: upgrade at /pricing to use it."
        )


def profile_get(*, user: User) -> Profile | None:
    return (
        Profile.objects.select_related("target_guide", "job_type")
        .prefetch_related("skills", "regions")
        .filter(user=user)
        .first()
    )


def report_history(*, user: User, limit: int = HISTORY) -> list[Report]:
    """The person's reports, newest first (only ever their own)."""
    return list(Report.objects.filter(user=user)[:limit])


def guide_ids_by_slug() -> dict[str, int]:
    return dict(Guide.objects.values_list("slug", "pk"))


def guide_choices() -> list[tuple[str, str]]:
    return list(Guide.objects.order_by("title").values_list("slug", "title"))


def guide_responsibilities(*, slug: str, years: int | None = None) -> list[str]:
    """Every responsibility of the guide's stages, in path order, each once; with `years`,
    those of the stages these years of experience reach (what a profile assumes the person
    carries until they say otherwise)."""
    detail = guide_detail(slug=slug) if slug else None
    if detail is None:
        return []
    stages = [s for s in detail["progression"] if years is None or s["years_from"] <= years]
    return list(dict.fromkeys(duty for stage in stages for duty in stage["responsibilities"]))


def skill_suggestions(*, text: str, limit: int = SUGGESTIONS) -> list[Skill]:
    """Catalog skills whose name starts with, or whose alias or name contains, the text."""
    text = " ".join(text.split()).lower()
    if not text:
        return []
    found = (
        Skill.objects.filter(
            Q(name__istartswith=text) | Q(aliases__alias__startswith=text) | Q(name__icontains=text)
        )
        .distinct()
        .order_by("name")
    )
    starting = [skill for skill in found if skill.name.lower().startswith(text)]
    others = [skill for skill in found if not skill.name.lower().startswith(text)]
    return (starting + others)[:limit]


def _catalog() -> tuple[dict[str, int], dict[int, str]]:
    """Skill slug -> id and id -> name: a few hundred rows, read per report so a skill just
    added to the catalog is known to it."""
    rows = list(Skill.objects.values_list("pk", "slug", "name"))
    return {slug: pk for pk, slug, _ in rows}, {pk: name for pk, _, name in rows}


def _certification_skills(certifications: list[dict]) -> dict[str, set[str]]:
    """The catalog skills each certification's name shows ("Docker Certified Associate")."""
    names = tuple(sorted(c["name"] for c in certifications))
    key = "consultant:certification-skills:" + hashlib.sha256(repr(names).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        matcher = SkillMatcher(skill_terms())
        found = {name: matcher.skills_in(name) for name in names}
        cache.set(key, found, _CATALOG_SECONDS)
    return found


def _facts(profile: Profile) -> rules.ProfileFacts:
    return rules.ProfileFacts(
        years=profile.years_experience,
        skill_slugs=frozenset(skill.slug for skill in profile.skills.all()),
        responsibilities=frozenset(profile.responsibilities),
        certifications=tuple(profile.certifications),
        salary_usd=profile.salary_expectation_usd,
    )


def _bits(model, slugs: list[str]) -> int:  # type: ignore[no-untyped-def]
    terms = terms_by_slug(model)
    return sum(1 << terms[slug].bit for slug in slugs if slug in terms)


def _region_bits(profile: Profile) -> int:
    by_id = {term.id: term for term in terms_by_slug(Region).values()}
    ids = {
        ancestor
        for region in profile.regions.all()
        for ancestor in region_with_ancestor_ids(region_id=region.pk)
    }
    return sum(1 << by_id[i].bit for i in ids if i in by_id)


def _seeker(
    profile: Profile,
    *,
    skill_ids: dict[str, int],
    related: list[int],
    levels: list[list[str]],
    stage: int,
) -> Seeker:
    """The person as the scorer sees them, at the levels of a stage of the role's path."""
    own = set(levels[stage])

    def step(position: int) -> list[str]:
        in_range = 0 <= position < len(levels)
        return [slug for slug in levels[position] if slug not in own] if in_range else []

    assert profile.target_guide_id is not None
    return Seeker(
        guide_id=profile.target_guide_id,
        related_guide_ids=frozenset(related),
        skill_ids=frozenset(skill_ids[skill.slug] for skill in profile.skills.all()),
        level_bits=_bits(Level, sorted(own)),
        step_up_level_bits=_bits(Level, step(stage + 1)),
        step_down_level_bits=_bits(Level, step(stage - 1)),
        any_level_bits=_bits(Level, ["any"]),
        region_bits=_region_bits(profile),
        salary_usd=profile.salary_expectation_usd,
        job_type_bits=_bits(JobType, [profile.job_type.slug]) if profile.job_type else 0,
    )


def _demand(
    index: JobIndex, guide_id: int, skill_ids: dict[str, int]
) -> tuple[dict[str, int], int]:
    """Skill slug -> percent of the role's live postings asking for it, and how many postings
    that is (all live postings when the role has none)."""
    role = index.role(guide_id)
    counts, postings = role.counts, role.postings
    return (
        {
            slug: round(100 * int(counts[pk]) / postings)
            for slug, pk in skill_ids.items()
            if pk < len(counts) and counts[pk]
        },
        postings,
    )


def _recommendations(
    ranked: list[Ranked],
    *,
    index: JobIndex,
    profile: Profile,
    level_label: str,
    names: dict[int, str],
    guide_titles: dict[int, str],
    now: datetime,
) -> list[rules.Recommendation]:
    # Only by primary key: compared in the query, the status or the expiry would make the
    # database walk their index instead (measured: 58 ms on SQLite at 100,000 jobs).
    candidates = (
        Job.objects.filter(pk__in=[r.job_id for r in ranked])
        .select_related("company")
        .only("id", "title", "slug", "status", "published_at", "expires_at", "company__name")
    )
    jobs = {
        job.pk: job
        for job in candidates
        if job.status == Job.Status.PUBLISHED and job.expires_at and job.expires_at > now
    }
    # The job's levels, regions and types are the index's bit sets: no query for them.
    vocabularies = {model: terms_by_slug(model).values() for model in (Level, Region, JobType)}

    def terms(model, bits: int) -> list[str]:  # type: ignore[no-untyped-def]
        return [term.name for term in vocabularies[model] if bits >> term.bit & 1]

    held = {skill.pk for skill in profile.skills.all()}
    out = []
    for candidate in ranked:
        job = jobs.get(candidate.job_id)
        if job is None:
            continue
        # A skill deleted from the catalog since the job was read is no longer named.
        asked = sorted(
            (i for i in index.skills_of(candidate.row) if i in names), key=names.__getitem__
        )
        nice = index.nice_of(candidate.row)
        skills = AskedSkills(
            matched=[names[i] for i in asked if i in held and i not in nice],
            missing=[names[i] for i in asked if i not in held and i not in nice],
            nice_matched=[names[i] for i in asked if i in held and i in nice],
            nice_missing=[names[i] for i in asked if i not in held and i in nice],
        )
        reasons = job_reasons(
            candidate,
            skills=skills,
            role_titles=[
                guide_titles[i] for i in index.guides_of(candidate.row) if i in guide_titles
            ],
            target_title=guide_titles.get(profile.target_guide_id or 0, ""),
            level_names=terms(Level, int(index.level_bits[candidate.row])),
            level_label=level_label,
            region_names=terms(Region, int(index.region_bits[candidate.row])),
            salary_text=salary_text(
                low=_yearly(index.salary_min[candidate.row]),
                high=_yearly(index.salary_max[candidate.row]),
                expectation=profile.salary_expectation_usd,
            ),
            type_names=terms(JobType, int(index.type_bits[candidate.row])),
            now=now,
            published_at=job.published_at or now,
        )
        out.append(
            rules.Recommendation(
                job_id=job.pk,
                title=job.title,
                company=job.company.name,
                url=job.get_absolute_url(),
                fit_percent=round(candidate.score * 100),
                skills_matched=skills.matched + skills.nice_matched,
                skills_missing=skills.missing + skills.nice_missing,
                reasons=reasons,
            )
        )
        if len(out) == RECOMMENDATIONS:
            break
    return out


def _yearly(value: float) -> int | None:
    return None if value != value else int(value)  # NaN is no salary


def report_build(*, user: User, now: datetime | None = None) -> rules.Report | None:
    """The person's report for their target role; None until the profile names one."""
    require_consultant(user=user)
    profile = profile_get(user=user)
    if profile is None or profile.target_guide is None:
        return None
    return report_for_profile(profile=profile, now=now or timezone.now())


def report_for_profile(*, profile: Profile, now: datetime) -> rules.Report:
    guide = profile.target_guide
    assert guide is not None
    detail = guide_detail(slug=guide.slug)
    assert detail is not None
    facts = _facts(profile)
    skill_ids, names = _catalog()
    index = job_index()
    demand, postings = _demand(index, guide.pk, skill_ids)
    progression = detail["progression"]
    fit, level = rules.fit_stage(progression, facts)
    current = rules.stage_gap(progression[fit], progression[fit]["expected_skills"], facts, demand)
    upcoming = progression[fit + 1] if fit + 1 < len(progression) else None
    next_gap = (
        rules.stage_gap(upcoming, upcoming["new_skills"], facts, demand) if upcoming else None
    )
    step = upcoming or progression[fit]
    step_skills = {
        item.slug: item.name
        for item in (next_gap.skills_missing if next_gap else []) + current.skills_missing
    }
    certifications = detail["education"]["certifications"]
    named = _certification_skills(certifications)
    certification_advice = rules.certification_advice(
        certifications,
        facts=facts,
        skills_named={name: named[name] & step_skills.keys() for name in named},
        step_skills=step_skills,
        step_title=step["title"],
    )
    salary = rules.salary_advice(
        detail["market"], levels=level.stage.levels, expectation=facts.salary_usd
    )
    guide_titles = dict(Guide.objects.values_list("pk", "title"))
    by_years = next(i for i, stage in enumerate(level.stages) if stage.title == level.by_years)
    stage = rules.jobs_stage(
        level.stages, by_years=by_years, management_role=rules.is_management(guide.title)
    )
    title = level.stages[stage].title
    ranked = rank(
        index,
        _seeker(
            profile,
            skill_ids=skill_ids,
            related=list(guide.related.values_list("pk", flat=True)),
            levels=[stage.levels for stage in level.stages],
            stage=stage,
        ),
        now=now.timestamp(),
        limit=CANDIDATES,
    )
    recommendations = _recommendations(
        ranked,
        index=index,
        profile=profile,
        level_label=f"your level ({title})"
        if stage == fit
        else f"the level your years reach ({title})",
        names=names,
        guide_titles=guide_titles,
        now=now,
    )
    return rules.Report(
        guide_slug=guide.slug,
        guide_title=guide.title,
        guide_url=guide.get_absolute_url(),
        level=level,
        current=current,
        next=next_gap,
        certifications=certification_advice,
        next_steps=rules.next_steps(
            guide_title=guide.title,
            current=current,
            next_gap=next_gap,
            certifications=certification_advice,
            recommendations=len(recommendations),
        ),
        salary=salary,
        postings_counted=postings,
        recommendations=recommendations,
    )


def report_record_get(*, user: User, report_id: int) -> Report | None:
    return Report.objects.filter(user=user, pk=report_id).first()


def consultant_for_export(user: User) -> dict:
    """The person's profile and past reports, whatever their plan now."""
    profile = profile_get(user=user)
    return {
        "profile": None
        if profile is None
        else {
            "current_title": profile.current_title,
            "years_experience": profile.years_experience,
            "skills": [skill.name for skill in profile.skills.all()],
            "certifications": list(profile.certifications),
            "education": profile.education,
            "target_role": profile.target_guide.title if profile.target_guide else None,
            "responsibilities": list(profile.responsibilities),
            "regions": [region.name for region in profile.regions.all()],
            "salary_expectation_usd": profile.salary_expectation_usd,
            "job_type": profile.job_type.name if profile.job_type else None,
            "updated_at": profile.updated_at.isoformat(),
        },
        "reports": [
            {
                "created_at": report.created_at.isoformat(),
                "role": report.guide_title,
                "stage": report.stage_title,
                "stage_coverage_percent": report.stage_coverage_percent,
                "next_stage": report.next_stage_title,
                "next_stage_coverage_percent": report.next_stage_coverage_percent,
                "skills_count": report.skills_count,
            }
            for report in Report.objects.filter(user=user)
        ],
    }
