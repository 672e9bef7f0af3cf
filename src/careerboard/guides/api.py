"""GET /api/v1/guides and /api/v1/guides/{slug}: career guides with their FAQ and market data."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from careerboard.guides.selectors import guide_detail, guide_search

router = Router(tags=["guides"])


class NamedRef(Schema):
    slug: str
    name: str


class GuideSummaryOut(Schema):
    slug: str
    title: str
    summary: str
    category: NamedRef
    url: str


class LevelResponsibilitiesOut(Schema):
    label: str
    items: list[str]


class ResponsibilitiesOut(Schema):
    junior: LevelResponsibilitiesOut
    middle: LevelResponsibilitiesOut
    senior: LevelResponsibilitiesOut


class SkillsOut(Schema):
    technical: list[NamedRef]
    soft: list[NamedRef]


class StageOut(Schema):
    title: str
    years_from: int
    years_to: int | None = Field(description="null: open-ended")
    years_label: str
    responsibilities: list[str]
    new_skills: list[NamedRef] = Field(description="Skills this stage adds.")
    expected_skills: list[NamedRef] = Field(
        description="Every skill expected by this stage: its own and all earlier stages'."
    )


class CertificationOut(Schema):
    name: str
    issuer: str


class EducationOut(Schema):
    degrees: list[str]
    certifications: list[CertificationOut]
    continuous_learning: list[str]


class GrowthOut(Schema):
    percent: float
    period: str
    source_name: str
    source_url: str
    source_year: int


class OutlookOut(Schema):
    top_industries: list[str]
    demand: str
    demand_note: str
    growth: GrowthOut
    remote: str
    remote_note: str


class RelatedOut(Schema):
    slug: str
    title: str
    summary: str
    url: str


class FaqOut(Schema):
    question: str
    answer: str


class SalaryRangeOut(Schema):
    level: str = Field(description='A level slug of the board, or "" for all levels.')
    label: str
    sample_size: int
    p25: int | None = Field(description="USD per year; null below min_sample postings.")
    median: int | None
    p75: int | None


class TermCountOut(Schema):
    slug: str
    name: str
    jobs: int
    percent: int


class SkillDemandOut(Schema):
    slug: str
    name: str
    postings: int
    percent: int
    in_guide: bool


class WeekCountOut(Schema):
    week_start: str
    postings: int


class JobCardOut(Schema):
    id: int
    title: str
    url: str
    company: str
    company_url: str
    places: str = Field(description='Region names, or "Anywhere".')
    published_at: str


class MarketOut(Schema):
    computed_at: str
    open_jobs: int
    anywhere_jobs: int
    anywhere_percent: int
    min_sample: int
    salary: SalaryRangeOut
    salary_by_level: list[SalaryRangeOut]
    industries: list[TermCountOut]
    regions: list[TermCountOut]
    skills_sample_size: int
    skills_asked: list[SkillDemandOut]
    guide_skills: list[SkillDemandOut]
    trend: list[WeekCountOut]
    latest_jobs: list[JobCardOut] = Field(description="The newest matching postings.")


class GuideOut(Schema):
    slug: str
    title: str
    url: str
    synonyms: list[str]
    category: NamedRef
    summary: str
    overview: str
    key_aspects: list[str]
    responsibilities: ResponsibilitiesOut
    skills: SkillsOut
    progression: list[StageOut]
    education: EducationOut
    outlook: OutlookOut
    related: list[RelatedOut]
    faq: list[FaqOut]
    market: MarketOut | None = Field(
        description="Live figures from the job board; null until computed."
    )
    updated_at: str


class GuideListFilters(Schema):
    q: str = Field("", max_length=100, description="Words that must all appear.")
    category: str = Field("", max_length=64, description="An industry slug.")


@router.get("", response=list[GuideSummaryOut], summary="List and search career guides")
def guides_list(request: HttpRequest, filters: Query[GuideListFilters]) -> list[dict]:
    return [
        {
            "slug": guide.slug,
            "title": guide.title,
            "summary": guide.summary,
            "category": {"slug": guide.category.slug, "name": guide.category.name},
            "url": guide.get_absolute_url(),
        }
        for guide in guide_search(q=filters.q, category=filters.category)
    ]


@router.get("/{slug}", response=GuideOut, summary="A career guide: every section, FAQ, market")
def guides_detail(request: HttpRequest, slug: str) -> dict:
    guide = guide_detail(slug=slug)
    if guide is None:
        raise Http404("No such career guide.")
    return guide
