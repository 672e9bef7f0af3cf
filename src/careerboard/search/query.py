"""What a job search asks for, and the keyword syntax people type.

Keywords follow the web-search habits that PostgreSQL's websearch_to_tsquery understands:
words (all must match), "quoted phrases", -excluded words or phrases, and OR between two terms.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

SORTS = ("relevance", "newest", "salary")
# Totals are exact up to this many matches; above it the answer is "10,000+".
MAX_COUNTED = 10_000
MAX_TEXT_LENGTH = 200


@dataclass(frozen=True)
class JobQuery:
    text: str = ""
    industries: tuple[str, ...] = ()
    job_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    salary_min: int | None = None  # US dollars per year
    salary_max: int | None = None
    posted_within_days: int | None = None
    featured_only: bool = False
    timezone_min: int | None = None  # UTC offset in minutes
    timezone_max: int | None = None
    sort: str = "relevance"

    def fingerprint(self) -> str:
        """Identifies the query, so a cursor can be refused when reused with other filters."""
        encoded = json.dumps(asdict(self), sort_keys=True, default=list).encode()
        return hashlib.sha256(encoded).hexdigest()[:16]


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class ParsedText:
    # Each group is a set of alternatives (OR); all groups must match (AND).
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def parse_text(text: str) -> ParsedText:
    """Parse keywords; never fails: anything unparseable is read as plain words."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for match in _TOKEN.finditer(text[:MAX_TEXT_LENGTH]):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare.upper() == "OR":
                pending_or = bool(groups)
                continue
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            bare = bare[1:] if negated else bare
        words = tuple(
            w.lower() for w in _WORD.findall(phrase if phrase is not None else bare or "")
        )
        if not words:
            continue
        term = Term(words)
        if negated:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return ParsedText(tuple(tuple(g) for g in groups), tuple(excluded))
