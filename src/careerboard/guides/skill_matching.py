"""Finding the skill catalog's skills in a job's text, by the career guides' rules: whole
tokens, aliases, the longest term first, everyday words only when capitalized, and Go, R and C
as the search's analyzer reads them. The guides' market figures count skills with it, and the
consultant reads each job's skills with it, so both agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from careerboard.search.analysis import cased_languages


@dataclass(frozen=True)
class SkillTerm:
    text: str
    skill_slug: str


_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
_TAG = re.compile(r"<[^>]*>")
# Skill names that are also everyday words count only when written capitalized ("Rust", not
# "rust"; "React", not "we react"). Go, R and C are read as search reads them (below).
AMBIGUOUS_WORDS = frozenset(
    {"rust", "ruby", "swift", "dart", "express", "react", "angular", "node", "spark"}
    | {"helm", "jest", "lambda", "torch", "transformers", "oracle", "cloud", "flask", "mongo"}
)


class SkillMatcher:
    """Finds catalog skills in text by whole tokens, longest term first ("node.js" over "node").

    "Go", "R" and "C" standing alone and capitalized are the languages, as the search's analyzer
    reads them (search.analysis.cased_languages: "C" is C, "C-level", "c" and "go-to" are not),
    in the text and in the catalog's names alike; any other single letter is a letter."""

    def __init__(self, terms: Iterable[SkillTerm]) -> None:
        self._terms: dict[tuple[str, ...], tuple[str, bool]] = {}
        lengths: dict[str, set[int]] = defaultdict(set)
        for term in terms:
            tokens = tuple(_TOKEN.findall(cased_languages(term.text).lower()))
            if not tokens or (len(tokens) == 1 and len(tokens[0]) == 1):
                continue
            ambiguous = len(tokens) == 1 and tokens[0] in AMBIGUOUS_WORDS
            self._terms[tokens] = (term.skill_slug, ambiguous)
            lengths[tokens[0]].add(len(tokens))
        # For each token that starts a term: the lengths of its terms, longest first.
        self._lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}

    def skills_in(self, html: str) -> set[str]:
        tokens = _TOKEN.findall(cased_languages(_TAG.sub(" ", html)))
        # One lower() for the whole text; the separator keeps tokens aligned with `tokens`.
        lowered = "\x00".join(tokens).lower().split("\x00")
        lengths, terms = self._lengths, self._terms
        found: set[str] = set()
        covered = 0  # tokens before this index belong to a term already found
        # Only the few tokens that can start a term are looked at one by one.
        for i in [i for i, token in enumerate(lowered) if token in lengths]:
            if i < covered:
                continue
            for length in lengths[lowered[i]]:
                match = terms.get(tuple(lowered[i : i + length]))
                if match is None or (match[1] and not tokens[i][0].isupper()):
                    continue
                found.add(match[0])
                covered = i + length
                break
        return found
