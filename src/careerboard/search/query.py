"""What a job search asks for, and the keyword syntax people type.

Keywords follow the web-search habits that PostgreSQL's websearch_to_tsquery understands:
words (all must match), "quoted phrases", -excluded words or phrases, and OR between two terms;
`role:<guide slug>` asks for the jobs whose title names that role (a career guide's search).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from careerboard.search.analysis import analyzer

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
    words: tuple[str, ...]  # one token, or the tokens of a phrase (see search.analysis)
    # An alternative the analyzer added (a role's token for the role's name as typed): it
    # widens the match, and the words as typed rank before it.
    expanded: bool = False

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

    @property
    def exact(self) -> ParsedText:
        """The keywords as typed, without the analyzer's added alternatives (for ranking)."""
        return ParsedText(
            tuple(tuple(t for t in group if not t.expanded) for group in self.groups),
            self.excluded,
        )


def role_query(slug: str) -> str:
    """The keywords of a career guide's search: the jobs whose title names its role."""
    return f"role:{slug}"


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _group(alternatives: tuple[tuple[str, ...], ...]) -> list[Term]:
    """A group of the analyzer's alternatives: what was typed, then what widens it (a role's
    token; the other role noun)."""
    typed, *widening = alternatives
    return [Term(typed), *(Term(alt, expanded=True) for alt in widening)]


def _alternatives(text: str) -> list[Term]:
    """One alternative of an OR, or a quoted phrase: its tokens as typed, and the role its
    words name as a whole."""
    groups = analyzer().keyword_run(text)
    if len(groups) == 1:
        return _group(groups[0])
    words = tuple(word for group in groups for word in group[0])
    if not words:
        return []
    role_tokens = analyzer().role_tokens.values()
    roles = set.intersection(
        *({alt for alt in group[1:] if alt[0] in role_tokens} for group in groups)
    )
    return [Term(words), *(Term(role, expanded=True) for role in sorted(roles))]


def parse_text(text: str) -> ParsedText:
    """Parse keywords into analyzed terms; never fails: anything unparseable is read as plain
    words. Unquoted words typed one after the other are analyzed together, so "back end" and
    "machine learning engineer" are read as the terms they spell."""
    items: list[tuple[str, str, bool]] = []  # (kind: word, phrase, role or or, text, negated)
    for match in _TOKEN.finditer(text[:MAX_TEXT_LENGTH]):
        negated, phrase, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare is not None:
            if bare.upper() == "OR":
                items.append(("or", "", False))
                continue
            negated = bare.startswith("-") and len(bare) > 1
            bare = bare[1:] if negated else bare
            role = analyzer().role_token(bare)
            items.append(("role", role, negated) if role else ("word", bare, negated))
        else:
            items.append(("phrase", phrase, negated))
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    run: list[str] = []

    def flush() -> None:
        for group in analyzer().keyword_run(" ".join(run)) if run else ():
            groups.append(_group(group))
        run.clear()

    pending_or = False
    for index, (kind, value, negated) in enumerate(items):
        if kind == "or":
            pending_or = bool(groups or run)
            continue
        next_is_or = index + 1 < len(items) and items[index + 1][0] == "or"
        if kind == "role" and negated:
            excluded.append(Term((value,)))
        elif kind == "role":  # role:backend-developer: the jobs whose title names that role
            flush()
            groups.append([Term((value,))])
        elif negated:
            words = tuple(w for group in analyzer().keyword_run(value) for w in group[0])
            if words:
                excluded.append(Term(words))
        elif kind == "word" and not pending_or and not next_is_or:
            run.append(value)
        else:
            flush()
            terms = _alternatives(value)
            if terms and pending_or and groups:
                groups[-1].extend(terms)
            elif terms:
                groups.append(terms)
        pending_or = False
    flush()
    return ParsedText(tuple(tuple(g) for g in groups), tuple(excluded))
