"""Live market figures for every guide, from the job board, in a fixed number of SQL passes.

A job belongs to a role when its title contains one of the role's synonyms as whole words,
case-insensitively ("Senior Backend Engineer (Go)" is a backend-developer job; "Javascript
Developer" is not a "java developer" one). Skills in a description do not make a job belong to
a role: Python or SQL appear in backend, data and DevOps postings alike, and counting them would
mix those roles' salaries. Skills are counted separately, to compare what postings ask for with
the guide's list.

Every aggregate groups by the lowercased title, so each query scans the job table once for all
guides, and Python only attributes the (few, repeated) titles to the guides they match. Per
guide there is one more query: its latest postings, whose descriptions are read for skills.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, When
from django.db.models.functions import Lower

from careerboard.jobs.models import Job
from careerboard.jobs.salary import PERIODS_PER_YEAR, exchange_rates, yearly_usd
from careerboard.taxonomy.models import Industry, Level, Region, Term

# Salary figures from fewer postings than this are not shown (nor stored): too easy to skew.
MIN_SALARY_SAMPLE = 5
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
class SalaryRange:
    """Percentiles in US dollars per year; None (hidden) below MIN_SALARY_SAMPLE postings."""

    level: str
    label: str
    sample_size: int
    p25: int | None = None
    median: int | None = None
    p75: int | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None


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
    latest_job_ids: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RoleInput:
    """What the computation needs of a guide."""

    guide_id: int
    synonyms: tuple[str, ...]
    skill_slugs: tuple[str, ...]


@dataclass(frozen=True)
class SkillTerm:
    text: str
    skill_slug: str


def title_regex(synonyms: Iterable[str]) -> str:
    """A regular expression for "the title contains a synonym as whole words" that Python's re
    and PostgreSQL's regex engine read alike (no \\b: PostgreSQL spells it differently)."""
    escaped = [
        "".join(ch if ch.isalnum() or ch == " " else "\\" + ch for ch in s) for s in synonyms
    ]
    return "(^|[^a-z0-9])(" + "|".join(escaped) + ")($|[^a-z0-9])"


_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
_TAG = re.compile(r"<[^>]*>")
# Skill names that are also everyday words count only when written capitalized ("Go", not "go
# ahead"); single letters (C, R) are too ambiguous in prose and count only through aliases.
AMBIGUOUS_WORDS = frozenset(
    {"go", "rust", "ruby", "swift", "dart", "express", "react", "angular", "node", "spark"}
    | {"helm", "jest", "lambda", "torch", "transformers", "oracle", "cloud", "flask", "mongo"}
)


class SkillMatcher:
    """Finds catalog skills in text by whole tokens, longest term first ("node.js" over "node")."""

    def __init__(self, terms: Iterable[SkillTerm]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, bool]]] = defaultdict(list)
        for term in terms:
            tokens = tuple(_TOKEN.findall(term.text.lower()))
            if not tokens or (len(tokens) == 1 and len(tokens[0]) == 1):
                continue
            ambiguous = len(tokens) == 1 and tokens[0] in AMBIGUOUS_WORDS
            self._by_first[tokens[0]].append((tokens, term.skill_slug, ambiguous))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))

    def skills_in(self, html: str) -> set[str]:
        tokens = _TOKEN.findall(_TAG.sub(" ", html))
        lowered = [t.lower() for t in tokens]
        found: set[str] = set()
        i = 0
        while i < len(lowered):
            step = 1
            for term_tokens, slug, ambiguous in self._by_first.get(lowered[i], ()):
                if ambiguous and not tokens[i][0].isupper():
                    continue
                if tuple(lowered[i : i + len(term_tokens)]) == term_tokens:
                    found.add(slug)
                    step = len(term_tokens)
                    break
            i += step
        return found


def posted_yearly_usd(
    *,
    salary_min: int | None,
    salary_max: int | None,
    currency: str,
    period: str,
    rates: dict[str, Decimal],
) -> int | None:
    """The middle of a posted range (or its one bound) in US dollars per year, through the job
    board's exchange rates; None when the currency or period cannot be converted."""
    bounds = [
        yearly_usd(amount, currency, period, rates)
        for amount in (salary_min, salary_max)
        if amount is not None
    ]
    known = [value for value in bounds if value is not None]
    return round(sum(known) / len(known)) if known else None


def weighted_percentiles(counts: dict[int, int], quantiles: Iterable[float]) -> list[int]:
    """Percentiles of values given as {value: how many}, interpolating linearly between the
    two nearest ranks (as statistics.quantiles(method="inclusive") and numpy's default do)."""
    ordered = sorted(counts.items())
    total = sum(counts.values())

    def value_at(rank: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if rank < seen:
                return value
        return ordered[-1][0]

    out = []
    for q in quantiles:
        position = q * (total - 1)
        low, high = math.floor(position), math.ceil(position)
        low_value, high_value = value_at(low), value_at(high)
        out.append(round(low_value + (high_value - low_value) * (position - low)))
    return out


def salary_range(counts: dict[int, int], *, level: str, label: str) -> SalaryRange:
    sample = sum(counts.values())
    result = SalaryRange(level=level, label=label, sample_size=sample)
    if sample >= MIN_SALARY_SAMPLE:
        result.p25, result.median, result.p75 = weighted_percentiles(counts, (0.25, 0.5, 0.75))
    return result


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


class _TitleIndex:
    """Which guides each lowercased title belongs to, worked out once per distinct title."""

    def __init__(self, roles: list[RoleInput]) -> None:
        self._patterns = [(role.guide_id, re.compile(title_regex(role.synonyms))) for role in roles]
        self._cache: dict[str, tuple[int, ...]] = {}

    def guides_of(self, title: str) -> tuple[int, ...]:
        found = self._cache.get(title)
        if found is None:
            found = tuple(gid for gid, pattern in self._patterns if pattern.search(title))
            self._cache[title] = found
        return found


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

    def per_guide(rows: Iterable[tuple]) -> Iterable[tuple[int, tuple]]:
        """(guide id, rest of row) for each grouped row whose title (first column) matches."""
        for title, *rest in rows:
            for guide_id in index.guides_of(title):
                yield guide_id, tuple(rest)

    for guide_id, (n,) in per_guide(_grouped(published, "t")):
        figures[guide_id].open_jobs += n

    region_names = _term_names(Region)
    anywhere_ids = set(
        Region.objects.filter(kind=Region.Kind.ANYWHERE).values_list("pk", flat=True)
    )
    region_counts: dict[int, Counter] = defaultdict(Counter)
    for guide_id, (region_id, n) in per_guide(_grouped(published, "t", "regions")):
        if region_id is None or region_id in anywhere_ids:
            figures[guide_id].anywhere_jobs += n
        else:
            region_counts[guide_id][region_id] += n

    industry_names = _term_names(Industry)
    industry_counts: dict[int, Counter] = defaultdict(Counter)
    for guide_id, (industry_id, n) in per_guide(_grouped(published, "t", "industries")):
        if industry_id is not None:
            industry_counts[guide_id][industry_id] += n

    rates = exchange_rates()
    salaries = published.filter(
        Q(salary_min__isnull=False) | Q(salary_max__isnull=False),
        salary_currency__in=list(rates),
        salary_period__in=list(PERIODS_PER_YEAR),
    )

    def usd(low: int | None, high: int | None, currency: str, period: str) -> int | None:
        return posted_yearly_usd(
            salary_min=low, salary_max=high, currency=currency, period=period, rates=rates
        )

    salary_fields = ("salary_min", "salary_max", "salary_currency", "salary_period")
    overall: dict[int, Counter] = defaultdict(Counter)
    for guide_id, (low, high, currency, period, n) in per_guide(
        _grouped(salaries, "t", *salary_fields)
    ):
        overall[guide_id][usd(low, high, currency, period)] += n
    by_level: dict[int, dict[int, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for guide_id, (level_id, low, high, currency, period, n) in per_guide(
        _grouped(salaries, "t", "levels", *salary_fields)
    ):
        if level_id is not None:
            by_level[guide_id][level_id][usd(low, high, currency, period)] += n

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
    for guide_id, (week_index, n) in per_guide(_grouped(postings, "t", "week")):
        weekly[guide_id][week_index] += n

    levels = Level.objects.order_by("position")
    matcher = SkillMatcher(skill_terms)
    for role in roles:
        result = figures[role.guide_id]
        result.anywhere_percent = _percent(result.anywhere_jobs, result.open_jobs)
        result.regions = _top(region_counts[role.guide_id], region_names, result.open_jobs)
        result.industries = _top(industry_counts[role.guide_id], industry_names, result.open_jobs)
        result.salary = salary_range(overall[role.guide_id], level="", label="All levels")
        result.salary_by_level = [
            salary_range(by_level[role.guide_id][level.pk], level=level.slug, label=level.name)
            for level in levels
            if by_level[role.guide_id][level.pk]
        ]
        result.trend = [
            WeekCount(week_start=start.date().isoformat(), postings=weekly[role.guide_id][i])
            for i, start in enumerate(week_starts)
        ]
        if result.open_jobs:
            _add_latest_and_skills(result, role, matcher, skill_names)
    return figures


def _term_names(model: type[Term]) -> dict[int, tuple[str, str]]:
    # The vocabularies are a few dozen rows; read whole, straight from their tables.
    rows = model._default_manager.values_list("pk", "slug", "name")
    return {pk: (slug, name) for pk, slug, name in rows}


def _grouped(queryset, *columns: str) -> Iterable[tuple]:
    """Rows of (*columns, count) grouped by the columns; order_by() drops the model's default
    ordering, which would otherwise be grouped by too."""
    return (
        queryset.values_list(*columns).annotate(n=Count("id")).order_by().iterator(chunk_size=5000)
    )


def _add_latest_and_skills(
    result: MarketFigures, role: RoleInput, matcher: SkillMatcher, skill_names: dict[str, str]
) -> None:
    latest = list(
        Job.objects.filter(status=Job.Status.PUBLISHED, title__iregex=title_regex(role.synonyms))
        .order_by("-published_at", "-id")
        .values_list("id", "description")[:SKILL_SAMPLE_SIZE]
    )
    result.latest_job_ids = [job_id for job_id, _ in latest[:LATEST_JOBS_KEPT]]
    result.skills_sample_size = len(latest)
    asked: Counter = Counter()
    for _, description in latest:
        asked.update(matcher.skills_in(description))
    guide_skills = set(role.skill_slugs)

    def demand(slug: str) -> SkillDemand:
        return SkillDemand(
            slug=slug,
            name=skill_names[slug],
            postings=asked[slug],
            percent=_percent(asked[slug], len(latest)),
            in_guide=slug in guide_skills,
        )

    top = sorted(asked.items(), key=lambda item: (-item[1], skill_names[item[0]]))[:TOP_SKILLS]
    result.skills_asked = [demand(slug) for slug, _ in top]
    result.guide_skills = [demand(slug) for slug in role.skill_slugs]
