"""A recommended job's fit score in plain words: one sentence per factor, the role first
("Your Go and Kubernetes skills match this DevOps Engineer role, outside Back-End Developer…")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from careerboard.consultant.report import JobReason, usd
from careerboard.consultant.scoring import RELATED_ROLE, STEP_UP, Ranked


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class AskedSkills:
    """The skills a job names, as the person holds them: required ones, then nice to have."""

    matched: list[str]
    missing: list[str]
    nice_matched: list[str]
    nice_missing: list[str]


def role_text(
    ranked: Ranked, *, skills: AskedSkills, role_titles: list[str], target_title: str
) -> str:
    """Why a job of this role is recommended: the target role, a neighbour of it, or another
    role whose required skills the person covers."""
    score = ranked.factors["role"]
    role = role_titles[0] if role_titles else ""
    if score >= 1:
        return f"{target_title}: the role you want."
    if score >= RELATED_ROLE:
        carried = f" Your {_and(skills.matched[:3])} skills carry over." if skills.matched else ""
        return f"{role}: a role next to {target_title}.{carried}"
    required = len(skills.matched) + len(skills.missing)
    held = _and(skills.matched[:3]) if skills.matched else "listed"
    what = f"this {role} role" if role else "this job"
    return (
        f"Your {held} skills match {what}, outside {target_title}: you have "
        f"{len(skills.matched)} of the {required} skills it requires."
    )


def skills_text(skills: AskedSkills) -> str:
    asked = len(skills.matched) + len(skills.missing)
    nice = skills.nice_matched + skills.nice_missing
    text = f"You have {len(skills.matched)} of the {asked} skills it "
    text += "requires" if nice else "names"
    text += f": {', '.join(skills.matched)}" if skills.matched else ""
    text += f"; missing {', '.join(skills.missing)}." if skills.missing else "."
    if nice:
        text += f" Nice to have: {', '.join(nice)}"
        text += f" (you have {', '.join(skills.nice_matched)})." if skills.nice_matched else "."
    return text


def job_reasons(
    ranked: Ranked,
    *,
    skills: AskedSkills,
    role_titles: list[str],
    target_title: str,
    level_names: list[str],
    level_label: str,  # "your level (Backend Developer)"
    region_names: list[str],
    salary_text: str,
    type_names: list[str],
    now: datetime,
    published_at: datetime,
) -> list[JobReason]:
    """Each factor of a job's fit score, in plain words, the role first."""
    factors = ranked.factors
    if not level_names:
        level = "It names no level."
    elif factors["level"] >= 1:
        level = f"{', '.join(level_names)}: {level_label}."
    elif factors["level"] >= STEP_UP:
        level = f"{', '.join(level_names)}: one step above {level_label}."
    elif factors["level"] > 0:
        level = f"{', '.join(level_names)}: one step below {level_label}."
    else:
        level = f"{', '.join(level_names)}: not {level_label}."
    days = max((now - published_at).days, 0)
    posted = "Posted today." if days == 0 else f"Posted {days} day{'s' if days != 1 else ''} ago."
    if not type_names:
        job_type = "It names no job type."
    else:
        job_type = ", ".join(type_names) + (": as you prefer." if factors["job_type"] >= 1 else ".")
    places = ", ".join(region_names) if region_names else "Anywhere"
    role = role_text(ranked, skills=skills, role_titles=role_titles, target_title=target_title)
    return [
        JobReason(factor="role", score=factors["role"], text=role),
        JobReason(factor="skills", score=factors["skills"], text=skills_text(skills)),
        JobReason(factor="level", score=factors["level"], text=level),
        JobReason(factor="region", score=1.0, text=f"Open to you: {places}."),
        JobReason(factor="salary", score=factors["salary"], text=salary_text),
        JobReason(factor="recency", score=factors["recency"], text=posted),
        JobReason(factor="job_type", score=factors["job_type"], text=job_type),
    ]


def salary_text(*, low: int | None, high: int | None, expectation: int | None) -> str:
    known = [value for value in (low, high) if value is not None]
    if not known:
        return "It gives no salary."
    pays = max(known)
    shown = " to ".join(usd(value) for value in dict.fromkeys(known))
    if expectation is None:
        return f"Pays {shown} a year."
    if pays >= expectation:
        return f"Pays {shown} a year, meeting your expectation of {usd(expectation)}."
    return f"Pays {shown} a year, below your expectation of {usd(expectation)}."
