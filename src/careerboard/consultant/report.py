"""The consultant's report, worked out from a profile, the target role's guide and the live jobs.

Everything here is plain data in and plain data out (dataclasses, which the API serializes and
the pages render), so each rule can be read, tested and explained on its own:

- the stage: the latest one the person's years reach, unless they cover less than FIT_COVERAGE
  of what it expects (its skills so far and its responsibilities); then the latest earlier one
  they do cover;
- the gaps: the expected skills of that stage and the new skills of the next, each marked held
  or missing, ordered by the share of the role's live postings that ask for them;
- certifications: the guide's, those naming a skill of the next step first;
- the salary: the expectation against the role's live percentiles (for the stage's level when
  enough postings give one);
- recommendations: the fit score (consultant.scoring), explained by consultant.explain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIT_COVERAGE = 0.5
# A product manager manages a product, not people.
_MANAGEMENT = re.compile(r"\b((?<!product )manager|head|director|vp|chief)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProfileFacts:
    """What the report reads of a profile."""

    years: int
    skill_slugs: frozenset[str]
    responsibilities: frozenset[str]
    certifications: tuple[str, ...]
    salary_usd: int | None


@dataclass
class SkillItem:
    slug: str
    name: str
    held: bool
    demand_percent: int  # share of the role's live postings asking for it


@dataclass
class StageCoverage:
    title: str
    years_label: str
    covered: int
    expected: int
    percent: int
    levels: list[str]


@dataclass
class StageGap:
    title: str
    years_label: str
    skills_held: list[SkillItem]
    skills_missing: list[SkillItem]
    responsibilities_held: list[str]
    responsibilities_missing: list[str]


@dataclass
class Level:
    stage: StageCoverage
    by_years: str
    reasoning: list[str]
    stages: list[StageCoverage]


@dataclass
class CertificationAdvice:
    name: str
    issuer: str
    reason: str


@dataclass
class SalaryAdvice:
    expectation_usd: int | None
    label: str
    sample_size: int
    p25: int | None
    median: int | None
    p75: int | None
    verdict: str


@dataclass
class JobReason:
    factor: str
    score: float
    text: str


@dataclass
class Recommendation:
    job_id: int
    title: str
    company: str
    url: str
    fit_percent: int
    skills_matched: list[str]
    skills_missing: list[str]
    reasons: list[JobReason]


@dataclass
class Report:
    guide_slug: str
    guide_title: str
    guide_url: str
    level: Level
    current: StageGap
    next: StageGap | None
    certifications: list[CertificationAdvice]
    next_steps: list[str]
    salary: SalaryAdvice
    postings_counted: int
    recommendations: list[Recommendation] = field(default_factory=list)
    sample: bool = False


def stage_levels(title: str, years_from: int) -> list[str]:
    """The job board's levels (taxonomy) a progression stage corresponds to."""
    if is_management(title):
        return ["manager"]
    if years_from < 2:
        return ["entry", "junior"]
    if years_from < 5:
        return ["midweight"]
    if years_from < 8:
        return ["senior"]
    return ["lead"]


def is_management(title: str) -> bool:
    return bool(_MANAGEMENT.search(title))


def jobs_stage(stages: list[StageCoverage], *, by_years: int, management_role: bool) -> int:
    """The stage whose levels the person's job recommendations are at: the one their years
    reach, whatever their coverage (a 7-year developer is not sent junior jobs); in a role that
    is not itself management, the latest stage before the management ones, which are the step
    up."""
    position = by_years
    while not management_role and position > 0 and stages[position].levels == ["manager"]:
        position -= 1
    return position


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _coverage(stage: dict, facts: ProfileFacts) -> StageCoverage:
    skills = [skill["slug"] for skill in stage["expected_skills"]]
    duties = list(stage["responsibilities"])
    covered = sum(slug in facts.skill_slugs for slug in skills)
    covered += sum(duty in facts.responsibilities for duty in duties)
    expected = len(skills) + len(duties)
    return StageCoverage(
        title=stage["title"],
        years_label=stage["years_label"],
        covered=covered,
        expected=expected,
        percent=_percent(covered, expected),
        levels=stage_levels(stage["title"], stage["years_from"]),
    )


def fit_stage(progression: list[dict], facts: ProfileFacts) -> tuple[int, Level]:
    """The stage the person most likely fits (its position), and why."""
    stages = [_coverage(stage, facts) for stage in progression]
    by_years = 0
    for position, stage in enumerate(progression):
        if stage["years_from"] <= facts.years:
            by_years = position
    years_stage = stages[by_years]
    reasoning = [
        f"With {facts.years} year{'s' if facts.years != 1 else ''} of experience, your years "
        f"match {years_stage.title} ({years_stage.years_label})."
    ]
    fit = 0
    for position in range(by_years, -1, -1):
        if stages[position].percent >= FIT_COVERAGE * 100:
            fit = position
            break
    chosen = stages[fit]
    if fit == by_years and chosen.percent < FIT_COVERAGE * 100:
        reasoning.append(
            f"You cover {chosen.covered} of the {chosen.expected} skills and responsibilities "
            f"it expects ({chosen.percent}%): it is where the path starts."
        )
    elif fit == by_years:
        reasoning.append(
            f"You cover {chosen.covered} of the {chosen.expected} skills and responsibilities "
            f"it expects ({chosen.percent}%), at least the {FIT_COVERAGE:.0%} we look for, "
            f"so {chosen.title} is your level."
        )
    else:
        reasoning.append(
            f"But you cover only {years_stage.covered} of the {years_stage.expected} skills and "
            f"responsibilities it expects ({years_stage.percent}%), below the "
            f"{FIT_COVERAGE:.0%} we look for."
        )
        reasoning.append(
            f"{chosen.title} fits you best for now: you cover {chosen.covered} of "
            f"{chosen.expected} ({chosen.percent}%)"
            + (
                "."
                if chosen.percent >= FIT_COVERAGE * 100
                else ", and it is where the path starts."
            )
        )
    if fit + 1 < len(stages):
        ahead = stages[fit + 1]
        if ahead.percent >= FIT_COVERAGE * 100:
            reasoning.append(
                f"You already cover {ahead.percent}% of {ahead.title}: the next step is within "
                "reach."
            )
    return fit, Level(stage=chosen, by_years=years_stage.title, reasoning=reasoning, stages=stages)


def _items(refs: list[dict], facts: ProfileFacts, demand: dict[str, int]) -> list[SkillItem]:
    items = [
        SkillItem(
            slug=ref["slug"],
            name=ref["name"],
            held=ref["slug"] in facts.skill_slugs,
            demand_percent=demand.get(ref["slug"], 0),
        )
        for ref in refs
    ]
    return sorted(items, key=lambda item: (-item.demand_percent, item.name.lower()))


def stage_gap(
    stage: dict, refs: list[dict], facts: ProfileFacts, demand: dict[str, int]
) -> StageGap:
    items = _items(refs, facts, demand)
    duties = list(stage["responsibilities"])
    return StageGap(
        title=stage["title"],
        years_label=stage["years_label"],
        skills_held=[item for item in items if item.held],
        skills_missing=[item for item in items if not item.held],
        responsibilities_held=[duty for duty in duties if duty in facts.responsibilities],
        responsibilities_missing=[duty for duty in duties if duty not in facts.responsibilities],
    )


def _holds(certification: str, held: tuple[str, ...]) -> bool:
    name = certification.lower()
    return any(h.strip().lower() and h.strip().lower() in name for h in held)


def certification_advice(
    certifications: list[dict],
    *,
    facts: ProfileFacts,
    skills_named: dict[str, set[str]],
    step_skills: dict[str, str],
    step_title: str,
    limit: int = 3,
) -> list[CertificationAdvice]:
    """The guide's certifications the person does not hold, those that name a skill of the
    next step (step_skills: slug -> name) first. skills_named: certification -> skill slugs."""
    relevant, others = [], []
    for certification in certifications:
        if _holds(certification["name"], facts.certifications):
            continue
        named = [step_skills[slug] for slug in sorted(skills_named[certification["name"]])]
        named = [name for name in named if name]
        if named:
            relevant.append(
                CertificationAdvice(
                    name=certification["name"],
                    issuer=certification["issuer"],
                    reason=f"Shows {', '.join(named)}, which {step_title} asks for.",
                )
            )
        else:
            others.append(
                CertificationAdvice(
                    name=certification["name"],
                    issuer=certification["issuer"],
                    reason="Recognized by employers hiring for this role.",
                )
            )
    return (relevant + others)[:limit]


def usd(amount: float | int) -> str:
    return f"${amount:,.0f}"


def salary_advice(
    market: dict | None, *, levels: list[str], expectation: int | None
) -> SalaryAdvice:
    """The expectation against the role's live salary percentiles: the stage's level when
    enough of its postings give a salary, else all levels."""
    ranges = (market or {}).get("salary_by_level", [])
    chosen = next(
        (r for r in ranges if r["level"] in levels and r.get("median") is not None),
        (market or {}).get("salary"),
    )
    if not chosen or chosen.get("median") is None:
        return SalaryAdvice(
            expectation_usd=expectation,
            label="",
            sample_size=(chosen or {}).get("sample_size", 0),
            p25=None,
            median=None,
            p75=None,
            verdict="Too few live postings for this role give a salary to compare with yet.",
        )
    p25, median, p75 = chosen["p25"], chosen["median"], chosen["p75"]
    scope = f"{chosen['sample_size']} live postings ({chosen['label'].lower()})"
    if expectation is None:
        verdict = f"Half of {scope} pay {usd(p25)} to {usd(p75)} a year."
    elif expectation < p25:
        verdict = (
            f"Your expectation of {usd(expectation)} is below what three quarters of {scope} "
            f"pay (from {usd(p25)}): you can ask for more."
        )
    elif expectation > p75:
        verdict = (
            f"Your expectation of {usd(expectation)} is above what three quarters of {scope} "
            f"pay (up to {usd(p75)}): expect fewer matching offers."
        )
    else:
        verdict = (
            f"Your expectation of {usd(expectation)} is within the middle half of {scope} "
            f"({usd(p25)} to {usd(p75)}; median {usd(median)})."
        )
    return SalaryAdvice(
        expectation_usd=expectation,
        label=chosen["label"],
        sample_size=chosen["sample_size"],
        p25=p25,
        median=median,
        p75=p75,
        verdict=verdict,
    )


def next_steps(
    *,
    guide_title: str,
    current: StageGap,
    next_gap: StageGap | None,
    certifications: list[CertificationAdvice],
    recommendations: int,
) -> list[str]:
    steps = [
        f"Learn {item.name}: {item.demand_percent}% of live {guide_title} postings ask for it."
        if item.demand_percent
        else f"Learn {item.name}, which {current.title} is expected to know."
        for item in current.skills_missing[:2]
    ]
    if next_gap is not None:
        if next_gap.skills_missing:
            item = next_gap.skills_missing[0]
            steps.append(f"Then add {item.name}, which {next_gap.title} brings in.")
        if next_gap.responsibilities_missing:
            steps.append(
                f"Take on “{next_gap.responsibilities_missing[0]}”, expected of {next_gap.title}."
            )
    if certifications:
        steps.append(f"Consider the {certifications[0].name} ({certifications[0].issuer}).")
    if recommendations:
        steps.append("Apply to the jobs below that fit you best.")
    return steps[:5]
