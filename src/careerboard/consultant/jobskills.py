"""What a job asks for, in catalog terms: the skills its title and description name (which of
them only as nice to have) and the roles (guides) its title belongs to. Skills are found by the
career guides' own rules (guides.skill_matching: whole tokens, aliases, capitalized ambiguous words), so
the consultant and the guides' market figures count skills alike; roles by the search
vocabulary's role normalization (search.analysis: "Back End Engineer", "backend dev" and
"Back-End Developer" are one role), so the consultant and search agree on a job's role."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from careerboard.consultant.selectors import guide_ids_by_slug
from careerboard.guides.selectors import skill_list, skill_terms
from careerboard.guides.skill_matching import SkillMatcher
from careerboard.search.analysis import ROLE_PREFIX, analyzer, compact

# Bumped when the reading rules change, so every job is read again (the catalog fingerprint).
READER_VERSION = "3"
# A heading opens a section: an HTML heading, or a bold run at the start of a paragraph or
# item ("<p><strong>Nice to have:</strong> …").
_HEADING = re.compile(
    r"<(h[1-6])\b[^>]*>(.*?)</\1\s*>|<(?:p|li|div)\b[^>]*>\s*<(strong|b)\b[^>]*>(.*?)</\3\s*>",
    re.IGNORECASE | re.DOTALL,
)
_NICE = re.compile(
    r"nice[\s-]to[\s-]have|bonus|good[\s-]to[\s-]have|preferred|optional|\bplus\b|would be great",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"require|must|bring|qualif|you have|you need|looking for|expect|what you know", re.IGNORECASE
)


@dataclass(frozen=True)
class JobSkills:
    skill_ids: tuple[int, ...]  # every skill it names
    nice_ids: tuple[int, ...]  # those it names only as nice to have
    guide_ids: tuple[int, ...]


def sections(html: str) -> tuple[str, str, str]:
    """A description's requirements sections, its nice-to-have sections and the rest, by their
    headings: a section runs from its heading to the next heading."""
    parts: dict[str, list[str]] = {"required": [], "nice": [], "other": []}
    position, kind = 0, "other"
    for heading in _HEADING.finditer(html):
        parts[kind].append(html[position : heading.start()])
        text = heading.group(2) or heading.group(4) or ""
        kind = "nice" if _NICE.search(text) else "required" if _REQUIRED.search(text) else "other"
        position = heading.start()
    parts[kind].append(html[position:])
    return " ".join(parts["required"]), " ".join(parts["nice"]), " ".join(parts["other"])


class JobReader:
    """Reads jobs with the catalog as it is now; build one per batch of jobs."""

    def __init__(self) -> None:
        terms = skill_terms()
        skills = skill_list()
        self._ids = {skill.slug: skill.pk for skill in skills}
        # What a job's tags show and in what order: catalog position, technical before soft.
        self._names = {skill.pk: skill.name for skill in skills}
        self._soft = {skill.pk for skill in skills if skill.kind == skill.Kind.SOFT}
        self._matcher = SkillMatcher(terms)
        self._analyzer = analyzer()
        # Role token ("rolebackenddeveloper") -> guide id.
        self._guides = {ROLE_PREFIX + compact(slug): pk for slug, pk in guide_ids_by_slug().items()}
        described = sorted((term.text, term.skill_slug) for term in terms)
        described_roles = sorted(self._analyzer.roles.items())
        text = repr(
            (
                READER_VERSION,
                described,
                described_roles,
                sorted(self._guides.items()),
                sorted(self._ids.items()),
                sorted(self._names.items()),
                sorted(self._soft),
            )
        )
        self.catalog = hashlib.sha256(text.encode()).hexdigest()[:16]

    def read(self, *, title: str, description: str) -> JobSkills:
        # A skill named as nice to have stays so when the rest of the text names it again in
        # passing, not when the title or the requirements ask for it.
        required_text, nice_text, other_text = sections(description)
        required = self._matcher.skills_in(title) | self._matcher.skills_in(required_text)
        nice = self._matcher.skills_in(nice_text) - required
        asked = required | (self._matcher.skills_in(other_text) - nice)
        roles = self._analyzer.roles_in(self._analyzer.canonical(title))
        return JobSkills(
            skill_ids=tuple(sorted(self._ids[slug] for slug in asked | nice)),
            nice_ids=tuple(sorted(self._ids[slug] for slug in nice)),
            guide_ids=tuple(sorted(self._guides[role] for role in roles if role in self._guides)),
        )

    def tags(self, found: JobSkills) -> list[str]:
        """The names a job's card shows, the most telling first: what it requires before what
        is nice to have, technical skills before soft ones, then in catalog order."""
        nice = set(found.nice_ids)
        ordered = sorted(found.skill_ids, key=lambda pk: (pk in nice, pk in self._soft, pk))
        return [self._names[pk] for pk in ordered]
