"""Live market figures for every guide, from the job board, in a fixed number of SQL passes.

A job belongs to a role when its title names one of the role's synonyms as the search's
analyzer reads both (search.analysis: "Senior Back-End Engineer (Go)" is a backend-developer
job; "Javascript Developer" is not a "java developer" one), so the guide's count is the total
of its search, `role:<guide slug>`. Skills in a description do not make a job belong to
a role: Python or SQL appear in backend, data and DevOps postings alike, and counting them would
mix those roles' salaries. Skills are counted separately, to compare what postings ask for with
the guide's list.

Every aggregate groups by the lowercased title, so each query scans the job table once for all
guides, and Python only attributes the (few, repeated) titles to the guides they match. Per
guide there is one more query: its latest postings, whose descriptions are read for skills.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Count, IntegerField, Q, QuerySet, When
from django.db.models.functions import Lower

from careerboard.core.batches import batched
from careerboard.guides.salaries import (
    MIN_SALARY_SAMPLE,
    SalaryRange,
    posted_yearly_usd,
    salary_range,
)
from careerboard.guides.skill_matching import SkillMatcher, SkillTerm
from careerboard.jobs.models import Job
from careerboard.jobs.salary import PERIODS_PER_YEAR, exchange_rates
from careerboard.search.analysis import analyzer
from careerboard.taxonomy.models import Industry, Level, Region, Term

TREND_WEEKS = 12
# Skills are counted in this many of the role's latest postings: a sample that keeps the refresh
# fast at any board size and follows what employers ask for now.
SKILL_SAMPLE_SIZE = 300
LATEST_JOBS_KEPT = 10
TOP_TERMS = 6
TOP_SKILLS = 12
# Statuses a job keeps once it has been published: the trend counts every posting, not only
# those still open.
ONCE_PUBLISHED = [Job.Status.PUBLISHED, Job.Status.EXPIRED, Job.Status.FILLED, Job.Status.CLOSED]


@dataclass
class TermCount:
    slug: str
    name: str
    jobs: int
    percent: int


@dataclass
class SkillDemand:
    slug: str
    name: str
    postings: int
    percent: int
    in_guide: bool


@dataclass
class WeekCount:
    week_start: str
    postings: int


@dataclass
class JobCard:
    """What the guide page shows of an open job, kept with the figures so the page needs only
    to check that the job is still open."""

    id: int
    title: str
    url: str
    company: str
    company_url: str
    places: str
    published_at: str


@dataclass
class MarketFigures:
    open_jobs: int = 0
    anywhere_jobs: int = 0
    anywhere_percent: int = 0
    min_sample: int = MIN_SALARY_SAMPLE
    salary: SalaryRange = field(default_factory=lambda: SalaryRange("", "All levels", 0))
    salary_by_level: list[SalaryRange] = field(default_factory=list)
    industries: list[TermCount] = field(default_factory=list)
    regions: list[TermCount] = field(default_factory=list)
    skills_sample_size: int = 0
    skills_asked: list[SkillDemand] = field(default_factory=list)
    guide_skills: list[SkillDemand] = field(default_factory=list)
    trend: list[WeekCount] = field(default_factory=list)
    latest_jobs: list[JobCard] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RoleInput:
    """What the computation needs of a guide."""

    guide_id: int
    synonyms: tuple[str, ...]
    skill_slugs: tuple[str, ...]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _top(
    counts: Counter, names: dict[int, tuple[str, str]], whole: int, limit: int = TOP_TERMS
) -> list[TermCount]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], names[item[0]][1]))[:limit]
    return [
        TermCount(slug=names[key][0], name=names[key][1], jobs=n, percent=_percent(n, whole))
        for key, n in ranked
    ]


def _names(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


class _TitleIndex:
    """Which guides each lowercased title belongs to, worked out once per distinct title: the
    title names one of the guide's synonyms as search reads both (search.analysis), which is
    what the guide's search, `role:<slug>`, finds."""

    def __init__(self, roles: list[RoleInput]) -> None:
        canonical = analyzer().canonical
        self._synonyms = [
            (role.guide_id, [tuple(canonical(s)) for s in role.synonyms]) for role in roles
        ]
        self._cache: dict[str, tuple[int, ...]] = {}

    def guides_of(self, title: str) -> tuple[int, ...]:
        found = self._cache.get(title)
        if found is None:
            words = tuple(analyzer().canonical(title))
            found = tuple(
                gid
                for gid, synonyms in self._synonyms
                if any(_names(words, synonym) for synonym in synonyms if synonym)
            )
            self._cache[title] = found
        return found

    def per_guide(self, rows: Iterable[tuple]) -> Iterable[tuple[int, tuple]]:
        """(guide id, rest of row) for each row whose first column is a matching title."""
        for title, *rest in rows:
            for guide_id in self.guides_of(title):
                yield guide_id, tuple(rest)


def _grouped(queryset, *columns: str) -> list[tuple]:
    """Rows of (*columns, count) grouped by the columns. order_by() drops the model's default
    ordering, which would otherwise be grouped by too; the rows are fetched at once (a
    server-side cursor would keep PostgreSQL from scanning in parallel)."""
    return list(queryset.values_list(*columns).annotate(n=Count("id")).order_by())


def compute_market(
    roles: list[RoleInput],
    *,
    skill_terms: Iterable[SkillTerm],
    skill_names: dict[str, str],
    now: datetime,
) -> dict[int, MarketFigures]:
    """The market figures of every role, by guide id."""
    index = _TitleIndex(roles)
    figures = {role.guide_id: MarketFigures() for role in roles}
    published = Job.objects.filter(status=Job.Status.PUBLISHED).annotate(t=Lower("title"))
    _add_counts_and_salaries(figures, index, published)
    _add_places(figures, index, published)
    _add_trend(figures, index, now)
    _add_latest_and_skills(figures, index, roles, SkillMatcher(skill_terms), skill_names)
    return figures


def _add_counts_and_salaries(
    figures: dict[int, MarketFigures], index: _TitleIndex, published: QuerySet
) -> None:
    """Open jobs and salary percentiles, overall (one scan, also counting jobs without a
    salary) and per level (one scan joined to the levels)."""
    rates = exchange_rates()

    def usd(low: int | None, high: int | None, currency: str, period: str) -> int | None:
        return posted_yearly_usd(
            salary_min=low, salary_max=high, currency=currency, period=period, rates=rates
        )

    salary = ("salary_min", "salary_max", "salary_currency", "salary_period")
    overall: dict[int, Counter] = defaultdict(Counter)
    for guide_id, (low, high, currency, period, n) in index.per_guide(
        _grouped(published, "t", *salary)
    ):
        figures[guide_id].open_jobs += n
        yearly = usd(low, high, currency, period)
        if yearly is not None:
            overall[guide_id][yearly] += n
    by_level: dict[int, dict[int, Counter]] = defaultdict(lambda: defaultdict(Counter))
    with_salary = published.filter(
        Q(salary_min__isnull=False) | Q(salary_max__isnull=False),
        salary_currency__in=list(rates),
        salary_period__in=list(PERIODS_PER_YEAR),
    )
    for guide_id, (level_id, low, high, currency, period, n) in index.per_guide(
        _grouped(with_salary, "t", "levels", *salary)
    ):
        yearly = usd(low, high, currency, period)
        if level_id is not None and yearly is not None:
            by_level[guide_id][level_id][yearly] += n
    levels = list(Level.objects.order_by("position"))
    for guide_id, result in figures.items():
        result.salary = salary_range(overall[guide_id], level="", label="All levels")
        result.salary_by_level = [
            salary_range(by_level[guide_id][level.pk], level=level.slug, label=level.name)
            for level in levels
            if by_level[guide_id][level.pk]
        ]


def _add_places(figures: dict[int, MarketFigures], index: _TitleIndex, published: QuerySet) -> None:
    """Regions and industries hiring, and the jobs open to Anywhere."""
    anywhere_ids = set(
        Region.objects.filter(kind=Region.Kind.ANYWHERE).values_list("pk", flat=True)
    )
    regions: dict[int, Counter] = defaultdict(Counter)
    for guide_id, (region_id, n) in index.per_guide(_grouped(published, "t", "regions")):
        if region_id is None or region_id in anywhere_ids:
            figures[guide_id].anywhere_jobs += n
        else:
            regions[guide_id][region_id] += n
    industries: dict[int, Counter] = defaultdict(Counter)
    for guide_id, (industry_id, n) in index.per_guide(_grouped(published, "t", "industries")):
        if industry_id is not None:
            industries[guide_id][industry_id] += n
    region_names, industry_names = _term_names(Region), _term_names(Industry)
    for guide_id, result in figures.items():
        result.anywhere_percent = _percent(result.anywhere_jobs, result.open_jobs)
        result.regions = _top(regions[guide_id], region_names, result.open_jobs)
        result.industries = _top(industries[guide_id], industry_names, result.open_jobs)


def _add_trend(figures: dict[int, MarketFigures], index: _TitleIndex, now: datetime) -> None:
    """Postings published in each of the last TREND_WEEKS seven-day windows."""
    week_starts = [now - timedelta(weeks=TREND_WEEKS - i) for i in range(TREND_WEEKS)]
    week = Case(
        *[
            When(published_at__gte=start, published_at__lt=start + timedelta(weeks=1), then=i)
            for i, start in enumerate(week_starts)
        ],
        output_field=IntegerField(),
    )
    postings = (
        Job.objects.filter(status__in=ONCE_PUBLISHED, published_at__gte=week_starts[0])
        .filter(published_at__lt=now)
        .annotate(t=Lower("title"), week=week)
    )
    weekly: dict[int, Counter] = defaultdict(Counter)
    for guide_id, (week_index, n) in index.per_guide(_grouped(postings, "t", "week")):
        weekly[guide_id][week_index] += n
    for guide_id, result in figures.items():
        result.trend = [
            WeekCount(week_start=start.date().isoformat(), postings=weekly[guide_id][i])
            for i, start in enumerate(week_starts)
        ]


def _latest_ids(figures: dict[int, MarketFigures], index: _TitleIndex) -> dict[int, list[int]]:
    """Each guide's newest open jobs, up to SKILL_SAMPLE_SIZE: one walk down the jobs, newest
    first, that stops once every guide has its sample (or has seen all its jobs)."""
    wanted = {gid: min(r.open_jobs, SKILL_SAMPLE_SIZE) for gid, r in figures.items() if r.open_jobs}
    latest: dict[int, list[int]] = defaultdict(list)
    if not wanted:
        return latest
    newest_first = (
        Job.objects.filter(status=Job.Status.PUBLISHED)
        .order_by("-published_at", "-id")
        .values_list("id", Lower("title"))
        .iterator(chunk_size=5000)
    )
    for job_id, title in newest_first:
        for guide_id in index.guides_of(title):
            if guide_id in wanted and len(latest[guide_id]) < wanted[guide_id]:
                latest[guide_id].append(job_id)
                if len(latest[guide_id]) == wanted[guide_id]:
                    del wanted[guide_id]
        if not wanted:
            break
    return latest


def _add_latest_and_skills(
    figures: dict[int, MarketFigures],
    index: _TitleIndex,
    roles: list[RoleInput],
    matcher: SkillMatcher,
    skill_names: dict[str, str],
) -> None:
    """The latest open jobs of each guide, and the skills their descriptions name."""
    latest = _latest_ids(figures, index)
    all_ids = sorted({job_id for ids in latest.values() for job_id in ids})
    skills_of: dict[int, set[str]] = {}
    for chunk in batched(all_ids, 1000):
        for job_id, description in Job.objects.filter(pk__in=chunk).values_list(
            "id", "description"
        ):
            skills_of[job_id] = matcher.skills_in(description)
    cards = _job_cards([job_id for ids in latest.values() for job_id in ids[:LATEST_JOBS_KEPT]])
    for role in roles:
        ids = latest.get(role.guide_id, [])
        result = figures[role.guide_id]
        result.latest_jobs = [cards[job_id] for job_id in ids[:LATEST_JOBS_KEPT]]
        result.skills_sample_size = len(ids)
        asked: Counter = Counter()
        for job_id in ids:
            asked.update(skills_of[job_id])
        top = sorted(asked.items(), key=lambda item: (-item[1], skill_names[item[0]]))
        demand = _SkillDemandOf(asked, len(ids), skill_names, role.skill_slugs)
        result.skills_asked = [demand(slug) for slug, _ in top[:TOP_SKILLS]]
        result.guide_skills = [demand(slug) for slug in role.skill_slugs] if ids else []


@dataclass(frozen=True)
class _SkillDemandOf:
    """How many of a sample of postings name a skill, and whether the guide lists it."""

    asked: Counter
    sample: int
    skill_names: dict[str, str]
    guide_skills: tuple[str, ...]

    def __call__(self, slug: str) -> SkillDemand:
        return SkillDemand(
            slug=slug,
            name=self.skill_names[slug],
            postings=self.asked[slug],
            percent=_percent(self.asked[slug], self.sample),
            in_guide=slug in self.guide_skills,
        )


def _job_cards(job_ids: list[int]) -> dict[int, JobCard]:
    jobs = (
        Job.objects.filter(pk__in=set(job_ids))
        .select_related("company")
        .prefetch_related("regions")
    )
    return {
        job.pk: JobCard(
            id=job.pk,
            title=job.title,
            url=job.get_absolute_url(),
            company=job.company.name,
            company_url=job.company.get_absolute_url(),
            places=", ".join(region.name for region in job.regions.all()) or "Anywhere",
            published_at=job.published_at.isoformat() if job.published_at else "",
        )
        for job in jobs
    }


def _term_names(model: type[Term]) -> dict[int, tuple[str, str]]:
    # The vocabularies are a few dozen rows; read whole, straight from their tables.
    rows = model._default_manager.values_list("pk", "slug", "name")
    return {pk: (slug, name) for pk, slug, name in rows}
