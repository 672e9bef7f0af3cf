"""The content files: their schema, a validator with messages naming file and field, hashing.

A validated file becomes plain data (dicts, lists, str, int, float) in one normal form; a guide
or skill in the database is exported to the same form (guides.services), so the two hash alike
exactly when they say the same thing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PERIOD = re.compile(r"^(\d{4})-(\d{4})$")
RATINGS = ("Low", "Moderate", "High", "Very High")
LEVELS = ("junior", "middle", "senior")
SKILL_KINDS = ("technical", "soft")


class FieldError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass
class ContentErrors(Exception):
    """Every problem found in the content, each as "file: field: message"."""

    problems: list[str] = field(default_factory=list)

    def add(self, source: str, error: FieldError) -> None:
        self.problems.append(f"{source}: {error.path or '(file)'}: {error.message}")

    def __str__(self) -> str:
        return "\n".join(self.problems)


Spec = Callable[[Any, str], Any]


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def text(*, max_length: int = 2000) -> Spec:
    def check(value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise FieldError(path, f"must be text, not {type(value).__name__}")
        cleaned = " ".join(value.split())
        if not cleaned:
            raise FieldError(path, "must not be empty")
        if len(cleaned) > max_length:
            raise FieldError(path, f"must be at most {max_length} characters")
        return cleaned

    return check


def lowercase_text(*, max_length: int = 100) -> Spec:
    base = text(max_length=max_length)

    def check(value: Any, path: str) -> str:
        cleaned = base(value, path)
        if cleaned != cleaned.lower():
            raise FieldError(path, f"must be lowercase: {cleaned!r}")
        return cleaned

    return check


def slug() -> Spec:
    def check(value: Any, path: str) -> str:
        if not isinstance(value, str) or not SLUG.match(value) or len(value) > 64:
            raise FieldError(path, f"must be a slug (a-z, 0-9 and single hyphens), not {value!r}")
        return value

    return check


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Spec:
    def check(value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(path, f"must be a whole number, not {value!r}")
        if minimum is not None and value < minimum:
            raise FieldError(path, f"must be at least {minimum}, not {value}")
        if maximum is not None and value > maximum:
            raise FieldError(path, f"must be at most {maximum}, not {value}")
        return value

    return check


def number(*, minimum: float, maximum: float) -> Spec:
    def check(value: Any, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(path, f"must be a number, not {value!r}")
        if not minimum <= value <= maximum:
            raise FieldError(path, f"must be between {minimum} and {maximum}, not {value}")
        return round(float(value), 1)

    return check


def choice(*allowed: str) -> Spec:
    def check(value: Any, path: str) -> str:
        if value not in allowed:
            raise FieldError(path, f"must be one of {', '.join(allowed)}, not {value!r}")
        return value

    return check


def url() -> Spec:
    base = text(max_length=500)

    def check(value: Any, path: str) -> str:
        cleaned = base(value, path)
        if not cleaned.startswith("https://"):
            raise FieldError(path, f"must be an https:// address, not {cleaned!r}")
        return cleaned

    return check


def optional(spec: Spec) -> Spec:
    def check(value: Any, path: str) -> Any:
        return None if value is None else spec(value, path)

    return check


def list_of(spec: Spec, *, min_items: int = 0, unique: bool = True) -> Spec:
    def check(value: Any, path: str) -> list:
        if not isinstance(value, list):
            raise FieldError(path, f"must be a list, not {type(value).__name__}")
        if len(value) < min_items:
            raise FieldError(path, f"must have at least {min_items} item(s)")
        items = [spec(item, _join(path, i)) for i, item in enumerate(value)]
        if unique:
            seen: set = set()
            for i, item in enumerate(items):
                key = json.dumps(item, sort_keys=True)
                if key in seen:
                    raise FieldError(_join(path, i), f"repeats {item!r}")
                seen.add(key)
        return items

    return check


def record(fields: dict[str, Spec]) -> Spec:
    """A mapping with exactly these keys (a missing or unknown key is an error, not a default)."""

    def check(value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            raise FieldError(path, f"must be a mapping, not {type(value).__name__}")
        for key in value:
            if key not in fields:
                raise FieldError(_join(path, str(key)), "is not a known field")
        for key in fields:
            if key not in value:
                raise FieldError(_join(path, key), "is missing")
        return {key: spec(value[key], _join(path, key)) for key, spec in fields.items()}

    return check


SKILL_SCHEMA = record(
    {
        "slug": slug(),
        "name": text(max_length=100),
        "kind": choice(*SKILL_KINDS),
        "aliases": list_of(lowercase_text(max_length=100)),
    }
)
SKILL_CATALOG_SCHEMA = list_of(SKILL_SCHEMA, min_items=1)

_lines = list_of(text(max_length=300), min_items=1)
GUIDE_SCHEMA = record(
    {
        "slug": slug(),
        "title": text(max_length=120),
        "synonyms": list_of(lowercase_text(max_length=120), min_items=1),
        "category": slug(),
        "summary": text(max_length=600),
        "overview": text(max_length=4000),
        "key_aspects": _lines,
        "related_roles": list_of(slug()),
        "responsibilities": record(dict.fromkeys(LEVELS, _lines)),
        "skills": record(
            {"technical": list_of(slug(), min_items=1), "soft": list_of(slug(), min_items=1)}
        ),
        "progression": list_of(
            record(
                {
                    "title": text(max_length=120),
                    "years_from": integer(minimum=0, maximum=60),
                    "years_to": optional(integer(minimum=1, maximum=60)),
                    "responsibilities": _lines,
                    "skills": list_of(slug()),
                }
            ),
            min_items=1,
        ),
        "education": record(
            {
                "degrees": list_of(text(max_length=300)),
                "certifications": list_of(
                    record({"name": text(max_length=200), "issuer": text(max_length=200)})
                ),
                "continuous_learning": list_of(text(max_length=300)),
            }
        ),
        "market": record(
            {
                "top_industries": list_of(text(max_length=100), min_items=1),
                "demand": choice(*RATINGS),
                "demand_note": text(max_length=300),
                "growth": record(
                    {
                        "percent": number(minimum=-100, maximum=1000),
                        "period": text(max_length=20),
                        "source_name": text(max_length=300),
                        "source_url": url(),
                        "source_year": integer(minimum=1990, maximum=2100),
                    }
                ),
                "remote": choice(*RATINGS),
                "remote_note": text(max_length=300),
            }
        ),
    }
)


def _check_guide_rules(guide: dict) -> None:
    """Rules one guide must keep that a field-by-field schema cannot say."""
    period = PERIOD.match(guide["market"]["growth"]["period"])
    if not period or int(period.group(1)) >= int(period.group(2)):
        raise FieldError("market.growth.period", "must be two years, earlier first, like 2023-2033")
    previous_from = -1
    introduced: dict[str, str] = {}
    for i, stage in enumerate(guide["progression"]):
        path = f"progression[{i}]"
        if stage["years_to"] is not None and stage["years_to"] <= stage["years_from"]:
            raise FieldError(
                f"{path}.years_to",
                f"must be more than years_from ({stage['years_from']}), or null for open-ended",
            )
        if stage["years_from"] < previous_from:
            raise FieldError(
                f"{path}.years_from", "must not be less than the previous stage's years_from"
            )
        previous_from = stage["years_from"]
        for j, skill_slug in enumerate(stage["skills"]):
            if skill_slug in introduced:
                raise FieldError(
                    f"{path}.skills[{j}]",
                    f"{skill_slug!r} is already expected from the stage {introduced[skill_slug]!r}; "
                    "list only the skills new at each stage",
                )
            introduced[skill_slug] = stage["title"]
    if guide["slug"] in guide["related_roles"]:
        raise FieldError("related_roles", "must not name the guide itself")


def _check_catalog_rules(skills: list[dict]) -> None:
    owners: dict[str, str] = {}
    for i, skill in enumerate(skills):
        for key, where in ((skill["slug"], "slug"), (skill["name"].lower(), "name")):
            if owners.get(key, skill["slug"]) != skill["slug"]:
                raise FieldError(f"[{i}].{where}", f"{key!r} is already used by {owners[key]!r}")
            owners[key] = skill["slug"]
    for i, skill in enumerate(skills):
        for j, alias in enumerate(skill["aliases"]):
            owner = owners.get(alias)
            if owner is not None and owner != skill["slug"]:
                raise FieldError(f"[{i}].aliases[{j}]", f"{alias!r} is already used by {owner!r}")
            owners[alias] = skill["slug"]


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FieldError("", f"cannot be read: {error}") from error
    except yaml.YAMLError as error:
        raise FieldError("", f"is not valid YAML: {error}") from error


@dataclass
class Content:
    """The whole validated content set: the skill catalog and every guide, by slug."""

    skills: dict[str, dict]
    guides: dict[str, dict]
    sources: dict[str, str]


def load_content(root: Path, *, industries: Iterable[str]) -> Content:
    """Read and validate content/skills.yaml and content/guides/*.yaml, or raise ContentErrors
    listing every problem in every file (so one run shows all there is to fix)."""
    errors = ContentErrors()
    skills_path = root / "skills.yaml"
    skills: dict[str, dict] = {}
    try:
        catalog = SKILL_CATALOG_SCHEMA(_read_yaml(skills_path), "")
        _check_catalog_rules(catalog)
        skills = {skill["slug"]: skill for skill in catalog}
    except FieldError as error:
        errors.add(str(skills_path), error)

    guide_paths = sorted((root / "guides").glob("*.yaml"))
    if not guide_paths:
        errors.add(str(root / "guides"), FieldError("", "has no *.yaml guide files"))
    guides: dict[str, dict] = {}
    sources: dict[str, str] = {}
    for path in guide_paths:
        try:
            guide = GUIDE_SCHEMA(_read_yaml(path), "")
            if guide["slug"] != path.stem:
                raise FieldError("slug", f"must match the file name ({path.stem!r})")
            _check_guide_rules(guide)
        except FieldError as error:
            errors.add(str(path), error)
            continue
        guides[guide["slug"]] = guide
        sources[guide["slug"]] = str(path)

    known_industries = set(industries)
    for guide_slug, guide in guides.items():
        for problem in _reference_errors(guide, skills, set(guides), known_industries):
            errors.add(sources[guide_slug], problem)
    if errors.problems:
        raise errors
    return Content(skills=skills, guides=guides, sources=sources)


def _reference_errors(
    guide: dict, skills: dict[str, dict], guide_slugs: set[str], industries: set[str]
) -> Iterable[FieldError]:
    """What a guide names that does not exist: industries, related guides, skills."""
    if guide["category"] not in industries:
        yield FieldError("category", f"{guide['category']!r} is not an industry of the board")
    for i, related in enumerate(guide["related_roles"]):
        if related not in guide_slugs:
            yield FieldError(f"related_roles[{i}]", f"{related!r} is not a guide")
    if not skills:
        return  # the catalog itself failed; its error is already reported
    for kind in ("technical", "soft"):
        for i, skill_slug in enumerate(guide["skills"][kind]):
            skill = skills.get(skill_slug)
            if skill is None:
                yield FieldError(f"skills.{kind}[{i}]", f"{skill_slug!r} is not in skills.yaml")
            elif skill["kind"] != kind:
                yield FieldError(
                    f"skills.{kind}[{i}]", f"{skill_slug!r} is a {skill['kind']} skill"
                )
    for i, stage in enumerate(guide["progression"]):
        for j, skill_slug in enumerate(stage["skills"]):
            if skill_slug not in skills:
                yield FieldError(
                    f"progression[{i}].skills[{j}]", f"{skill_slug!r} is not in skills.yaml"
                )


def content_hash(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
