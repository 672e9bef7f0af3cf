"""The role catalog (content/roles.yaml): the roles generated jobs are drawn from.

Pure Python (no Django), so benchmarks and relevance judges can read it: each generated job
records the slug of the role it came from, and a role's family and related roles say which other
jobs a search for it may fairly return.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from careerboard.taxonomy.data import INDUSTRIES, JOB_TYPES, LEVELS

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"

# How a role's midweight salary band scales with the level of the job.
LEVEL_SALARY_FACTOR = {
    "entry": 0.6,
    "junior": 0.75,
    "midweight": 1.0,
    "senior": 1.3,
    "lead": 1.5,
    "manager": 1.45,
    "any": 1.0,
}
# Which stage of a guide's progression a job's level corresponds to.
LEVEL_STAGE = {
    "entry": 0,
    "junior": 0,
    "midweight": 1,
    "any": 1,
    "senior": 2,
    "lead": 3,
    "manager": 3,
}
# The board-wide mix of levels and job types, for roles that do not set their own.
DEFAULT_LEVELS = {"entry": 4, "junior": 12, "midweight": 34, "senior": 30, "lead": 12, "any": 8}
DEFAULT_JOB_TYPES = {
    "full-time": 78,
    "contract": 12,
    "part-time": 4,
    "freelance": 3,
    "internship": 3,
}
# The words boards put before a title for each level; the first is the most common.
LEVEL_PREFIXES = {
    "entry": ("Entry-Level ", "Graduate ", "Junior "),
    "junior": ("Junior ", "Jr. "),
    "midweight": ("", "Mid-Level "),
    "senior": ("Senior ", "Sr. "),
    "lead": ("Lead ", "Staff ", "Principal "),
    "manager": ("",),
    "any": ("",),
}


@dataclass(frozen=True)
class Role:
    slug: str
    title: str
    family: str
    industry: str
    guide: str | None
    related: tuple[str, ...]
    titles: tuple[str, ...]
    required: tuple[str, ...]
    stacks: tuple[tuple[str, ...], ...]
    nice: tuple[str, ...]
    duties: tuple[str, ...]
    salary: tuple[int, int]
    levels: dict[str, int]
    job_types: dict[str, int]

    def salary_band(self, level: str) -> tuple[int, int]:
        """The role's yearly USD band at `level`, rounded to thousands."""
        factor = LEVEL_SALARY_FACTOR[level]
        low, high = self.salary
        return int(round(low * factor, -3)), int(round(high * factor, -3))

    def title_variants(self, level: str | None = None) -> list[str]:
        """Every way a board may title a job of this role (at `level`, or at any level)."""
        levels = [level] if level else list(LEVEL_PREFIXES)
        return sorted(
            {
                prefix + title
                for lv in levels
                for prefix in LEVEL_PREFIXES[lv]
                for title in self.titles
            }
        )

    def all_skills(self) -> set[str]:
        return {*self.required, *(s for stack in self.stacks for s in stack), *self.nice}


class RoleCatalogError(ValueError):
    pass


@functools.cache
def skill_names(content_dir: Path = CONTENT_DIR) -> dict[str, str]:
    """Skill slug -> display name, from content/skills.yaml."""
    catalog = _read_yaml(content_dir / "skills.yaml")
    return {entry["slug"]: entry["name"] for entry in catalog}


@functools.cache
def load_roles(content_dir: Path = CONTENT_DIR) -> dict[str, Role]:
    """Every role of content/roles.yaml by slug (in file order), checked against the skill
    catalog, the guides and the taxonomy; a broken catalog raises RoleCatalogError."""
    raw = _read_yaml(content_dir / "roles.yaml")
    roles = {entry["slug"]: _role(entry) for entry in raw}
    if len(roles) != len(raw):
        raise RoleCatalogError("role slugs must be unique")
    guides = {path.stem for path in (content_dir / "guides").glob("*.yaml")}
    skills = skill_names(content_dir)
    for role in roles.values():
        _check(role, roles, skills, guides)
    missing_guides = guides - {role.guide for role in roles.values()}
    if missing_guides:
        raise RoleCatalogError(f"guides without a role: {sorted(missing_guides)}")
    return roles


@functools.cache
def stage_skills(guide: str, level: str, content_dir: Path = CONTENT_DIR) -> tuple[str, ...]:
    """The skills a guide's career stage for `level` names (content/guides/<guide>.yaml)."""
    data = _read_yaml(content_dir / "guides" / f"{guide}.yaml")
    stages = data["progression"]
    return tuple(stages[min(LEVEL_STAGE[level], len(stages) - 1)]["skills"])


def roles() -> list[Role]:
    return list(load_roles().values())


def role(slug: str) -> Role:
    return load_roles()[slug]


def families() -> set[str]:
    return {r.family for r in load_roles().values()}


def relevance(query_role: str, job_role: str) -> int:
    """A graded judgement for benchmarks: 2 when a job of `job_role` is what someone looking
    for `query_role` wants, 1 when it is a fair neighbour (related role or same family), else 0."""
    if query_role == job_role:
        return 2
    wanted = role(query_role)
    if job_role in wanted.related or role(job_role).family == wanted.family:
        return 1
    return 0


def _read_yaml(path: Path):
    # libyaml's safe loader: the catalog and guides are read at the start of every benchmark.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def _role(entry: dict) -> Role:
    return Role(
        slug=entry["slug"],
        title=entry["title"],
        family=entry["family"],
        industry=entry["industry"],
        guide=entry.get("guide"),
        related=tuple(entry.get("related", ())),
        titles=tuple(entry["titles"]),
        required=tuple(entry["required"]),
        stacks=tuple(tuple(stack) for stack in entry.get("stacks", ())),
        nice=tuple(entry.get("nice", ())),
        duties=tuple(entry["duties"]),
        salary=(int(entry["salary"][0]), int(entry["salary"][1])),
        levels=dict(entry.get("levels") or DEFAULT_LEVELS),
        job_types=dict(entry.get("job_types") or DEFAULT_JOB_TYPES),
    )


def _check(role: Role, roles: dict[str, Role], skills: dict[str, str], guides: set[str]) -> None:
    def fail(problem: str) -> None:
        raise RoleCatalogError(f"role {role.slug!r}: {problem}")

    if role.industry not in {slug for slug, _ in INDUSTRIES}:
        fail(f"industry {role.industry!r} is not in the taxonomy")
    if role.guide is not None and role.guide not in guides:
        fail(f"guide {role.guide!r} is not in content/guides/")
    if unknown := [r for r in role.related if r not in roles or r == role.slug]:
        fail(f"related roles {unknown} are not other roles of the catalog")
    if unknown_skills := sorted(role.all_skills() - skills.keys()):
        fail(f"skills {unknown_skills} are not in skills.yaml")
    if set(role.levels) - {slug for slug, _ in LEVELS}:
        fail(f"levels {sorted(role.levels)} must be taxonomy levels")
    if set(role.job_types) - {slug for slug, _ in JOB_TYPES}:
        fail(f"job types {sorted(role.job_types)} must be taxonomy job types")
    if not role.titles or role.title not in role.titles:
        fail("its title must be one of its title variants")
    if not role.salary[0] <= role.salary[1]:
        fail("its salary band must go from low to high")
