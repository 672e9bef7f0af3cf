"""What a job asks for, in catalog terms: the skills its title and description name and the
roles (guides) its title belongs to. The career guides' own matching rules are used
(guides.market: whole tokens, aliases, capitalized ambiguous words; a title contains a synonym
as whole words), so the consultant and the guides' market figures count skills alike."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from careerboard.guides.market import SkillMatcher, title_regex
from careerboard.guides.selectors import market_roles, skill_list, skill_terms


@dataclass(frozen=True)
class JobSkills:
    skill_ids: tuple[int, ...]
    guide_ids: tuple[int, ...]


class JobReader:
    """Reads jobs with the catalog as it is now; build one per batch of jobs."""

    def __init__(self) -> None:
        terms = skill_terms()
        roles = market_roles()
        self._ids = {skill.slug: skill.pk for skill in skill_list()}
        self._matcher = SkillMatcher(terms)
        self._roles = [(role.guide_id, re.compile(title_regex(role.synonyms))) for role in roles]
        described = sorted((term.text, term.skill_slug) for term in terms)
        described_roles = sorted((role.guide_id, role.synonyms) for role in roles)
        text = repr((described, described_roles, sorted(self._ids.items())))
        self.catalog = hashlib.sha256(text.encode()).hexdigest()[:16]

    def read(self, *, title: str, description: str) -> JobSkills:
        slugs = self._matcher.skills_in(title) | self._matcher.skills_in(description)
        lowered = title.lower()
        return JobSkills(
            skill_ids=tuple(sorted(self._ids[slug] for slug in slugs)),
            guide_ids=tuple(gid for gid, pattern in self._roles if pattern.search(lowered)),
        )
