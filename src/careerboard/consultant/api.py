"""/api/v1/consultant: the caller's consultant profile and report (Plus).

On a plan without the consultant every route answers 403 with the reason; a person reads only
their own profile and reports (anybody else's past report is a 404).
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from careerboard.accounts.auth import api_auth, require_scope
from careerboard.consultant import selectors, services
from careerboard.consultant.models import MAX_SALARY_USD, MAX_YEARS, Profile, Report
from careerboard.consultant.report import Report as ReportData
from careerboard.core.api_types import WholeNumber

router = Router(tags=["consultant"], auth=api_auth)


class ConsultantProfileIn(Schema):
    target_role: str = Field(description="A career guide's slug (see GET /guides).")
    years_experience: WholeNumber = Field(ge=0, le=MAX_YEARS)
    skills: list[str] = Field(
        [], max_length=100, description='Names, slugs or aliases ("postgres" is PostgreSQL).'
    )
    current_title: str = Field("", max_length=120)
    certifications: list[str] = Field([], max_length=20)
    education: str = Field("", max_length=300)
    responsibilities: list[str] | None = Field(
        None,
        max_length=100,
        description="Responsibilities of the target role's stages you carry. Omitted (null): "
        "those of the stages your years reach.",
    )
    regions: list[str] = Field([], max_length=50, description="Region slugs you can work from.")
    salary_expectation_usd: WholeNumber | None = Field(
        None, ge=1_000, le=MAX_SALARY_USD, description="US dollars per year."
    )
    job_type: str = Field("", description="A job type slug; empty is any.")


class SkillOut(Schema):
    slug: str
    name: str


class ConsultantProfileOut(Schema):
    target_role: str | None
    years_experience: int
    skills: list[SkillOut]
    current_title: str
    certifications: list[str]
    education: str
    responsibilities: list[str]
    regions: list[str]
    salary_expectation_usd: int | None
    job_type: str
    updated_at: datetime

    @staticmethod
    def resolve_target_role(profile: Profile) -> str | None:
        return profile.target_guide.slug if profile.target_guide else None

    @staticmethod
    def resolve_skills(profile: Profile) -> list:
        return list(profile.skills.all())

    @staticmethod
    def resolve_regions(profile: Profile) -> list[str]:
        return [region.slug for region in profile.regions.all()]

    @staticmethod
    def resolve_job_type(profile: Profile) -> str:
        return profile.job_type.slug if profile.job_type else ""


class SkillItemOut(Schema):
    slug: str
    name: str
    held: bool
    demand_percent: int = Field(description="Share of the role's live postings asking for it.")


class StageCoverageOut(Schema):
    title: str
    years_label: str
    covered: int = Field(description="Skills and responsibilities of the stage you cover.")
    expected: int
    percent: int
    levels: list[str] = Field(description="The job board's level slugs of this stage.")


class StageGapOut(Schema):
    title: str
    years_label: str
    skills_held: list[SkillItemOut]
    skills_missing: list[SkillItemOut]
    responsibilities_held: list[str]
    responsibilities_missing: list[str]


class LevelOut(Schema):
    stage: StageCoverageOut = Field(description="The stage you most likely fit.")
    by_years: str = Field(description="The stage your years alone reach.")
    reasoning: list[str]
    stages: list[StageCoverageOut]


class SuggestedCertificationOut(Schema):
    name: str
    issuer: str
    reason: str


class SalaryCheckOut(Schema):
    expectation_usd: int | None
    label: str = Field(description="The level the percentiles are of, or all levels.")
    sample_size: int
    p25: int | None
    median: int | None
    p75: int | None
    verdict: str


class JobReasonOut(Schema):
    factor: str = Field(description="role, skills, level, region, salary, recency or job_type.")
    score: float = Field(description="0 to 1.")
    text: str


class RecommendationOut(Schema):
    job_id: int
    title: str
    company: str
    url: str
    fit_percent: int
    skills_matched: list[str]
    skills_missing: list[str]
    reasons: list[JobReasonOut]


class ReportOut(Schema):
    guide_slug: str
    guide_title: str
    guide_url: str
    level: LevelOut
    current: StageGapOut = Field(description="Skills expected at your stage.")
    next: StageGapOut | None = Field(description="Skills the next stage brings in.")
    certifications: list[SuggestedCertificationOut]
    next_steps: list[str]
    salary: SalaryCheckOut
    postings_counted: int = Field(description="Live postings the demand figures come from.")
    recommendations: list[RecommendationOut]


class ReportRecordOut(Schema):
    id: int
    created_at: datetime
    guide_title: str
    stage_title: str
    stage_coverage_percent: int
    next_stage_title: str
    next_stage_coverage_percent: int | None
    skills_count: int


def _user(request: HttpRequest):  # type: ignore[no-untyped-def]
    return request.auth  # type: ignore[attr-defined]


@router.get("/profile", response=ConsultantProfileOut, summary="The caller's consultant profile")
def profile_get(request: HttpRequest) -> Profile:
    selectors.require_consultant(user=_user(request))
    profile = selectors.profile_get(user=_user(request))
    if profile is None:
        raise Http404("No profile yet: PUT one first.")
    return profile


@router.put(
    "/profile", response=ConsultantProfileOut, summary="Create or replace the caller's profile"
)
def profile_put(request: HttpRequest, payload: ConsultantProfileIn) -> Profile:
    require_scope(request, "write")
    services.profile_save(user=_user(request), data=services.ProfileInput(**payload.dict()))
    profile = selectors.profile_get(user=_user(request))
    assert profile is not None
    return profile


@router.get("/report", response=ReportOut, summary="The caller's report with job recommendations")
def report_get(request: HttpRequest) -> ReportData:
    report = selectors.report_build(user=_user(request))
    if report is None:
        raise Http404("No profile with a target role yet: PUT /consultant/profile first.")
    return report


@router.get("/reports", response=list[ReportRecordOut], summary="The caller's past reports")
def reports_list(request: HttpRequest) -> list[Report]:
    selectors.require_consultant(user=_user(request))
    return selectors.report_history(user=_user(request))


@router.get("/reports/{report_id}", response=ReportRecordOut, summary="One past report")
def report_record_get(request: HttpRequest, report_id: int) -> Report:
    selectors.require_consultant(user=_user(request))
    record = selectors.report_record_get(user=_user(request), report_id=report_id)
    if record is None:
        raise Http404("No such report.")
    return record


class SkillQuery(Schema):
    q: str = Field("", max_length=100)


@router.get("/skills", response=list[SkillOut], summary="Catalog skills matching typed text")
def skills_suggest(request: HttpRequest, params: Query[SkillQuery]) -> list:
    return selectors.skill_suggestions(text=params.q)
