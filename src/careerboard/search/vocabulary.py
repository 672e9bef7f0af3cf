"""The job-domain vocabulary search reads text with: which words and phrases mean the same.

Built from the catalog people already maintain (content/skills.yaml and the guides' role
synonyms, content/guides/*.yaml) by `build_vocabulary`, and shipped beside this module as
vocabulary.json (`manage.py build_search_vocabulary` writes it; a test checks it is current), so
the analyzer never reads the database or the content directory at run time. Pure Python.

Only aliases that mean the same thing are folded together: a spelling (golang, go lang), a
symbol's spelling (c sharp, node js), an acronym of the name (ml, nlp, iac) or a listed
abbreviation (k8s, js, ts). Most of the catalog's other aliases are narrower or related skills
(eks for Kubernetes, github for version control); folding those would make "github" find every
GitLab job, so they stay words of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.json")

# Abbreviations people type for a catalog skill or role: alias -> the skill's slug or, for a
# role word, the phrase it stands for.
ABBREVIATIONS = {
    "k8s": "kubernetes",
    "kube": "kubernetes",
    "js": "javascript",
    "ts": "typescript",
    "py": "python",
    "python3": "python",
    "postgres": "postgresql",
    "postgre": "postgresql",
    "mongo": "mongodb",
    "ror": "ruby-on-rails",
    "rails": "ruby-on-rails",
    "objc": "objective-c",
    "obj-c": "objective-c",
    "sklearn": "scikit-learn",
    "gcloud": "gcp",
    "nodejs": "node-js",
    "node": "node-js",
    "llms": "large-language-models",
    "genai": "large-language-models",
    "gen ai": "large-language-models",
    "generative ai": "large-language-models",
    "dotnet core": "dotnet",
    ".net core": "dotnet",
    "tailwind": "tailwind-css",
    "pyspark": "apache-spark",
    "mssql": "sql-server",
    "r language": "r",
    "r programming": "r",
    "c language": "c",
    "c programming": "c",
    "ansi c": "c",
    "ms sql": "sql-server",
}
# Role words and their acronyms, both ways; the phrase's joined form is the shared token.
ROLE_WORDS = {
    "sre": "site reliability",
    "qa": "quality assurance",
    "ux": "user experience",
    "ui": "user interface",
    "pm": "product manager",
    "ai": "artificial intelligence",
    "hr": "human resources",
    "seo": "search engine optimization",
    "cs": "customer success",
    "bi": "business intelligence",
    "sdet": "software development engineer in test",
    "sdr": "sales development representative",
    "bdr": "business development representative",
    "dba": "database administrator",
    "pmm": "product marketing manager",
    "cpa": "certified public accountant",
}
# Words as titles shorten them.
SHORT_WORDS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "tech": "technical",  # tech lead, tech writer, tech recruiter, tech support
}
# Two names of one function that job titles use interchangeably: name -> the name it folds into.
SAME_FUNCTION = {
    "customer service": "customer support",
    "client success": "customer success",
    "client support": "customer support",
}
# Nouns of job titles, offered by "Did you mean" beside the catalog's words.
TITLE_NOUNS = [
    "accountant",
    "administrator",
    "analyst",
    "architect",
    "assistant",
    "consultant",
    "coordinator",
    "designer",
    "developer",
    "director",
    "engineer",
    "executive",
    "generalist",
    "intern",
    "lead",
    "manager",
    "marketer",
    "officer",
    "programmer",
    "recruiter",
    "representative",
    "researcher",
    "scientist",
    "specialist",
    "strategist",
    "technician",
    "tester",
    "writer",
]
# Words written as one, two or hyphenated: each spelling is folded into the joined word.
COMPOUNDS = (
    "back end",
    "front end",
    "full stack",
    "dev ops",
    "dev sec ops",
    "ml ops",
    "e commerce",
    "web site",
    "on call",
    "open source",
    "data base",
    "micro services",
    "type script",
    "java script",
    "git hub",
    "git lab",
    "post gres",
    "no sql",
    "my sql",
    "mongo db",
    "big query",
    "react native",
    "power bi",
    "product manager",
    "project manager",
    "product owner",
    "customer success",
    "account executive",
)
# The languages whose names are ordinary English words or letters: the analyzer reads them as
# languages only when capitalized and standing alone ("Go", not "go-to-market").
CASED_LANGUAGES = {"Go": "golang", "R": "rlang", "C": "clang"}


def _initials(name_words: list[str]) -> str:
    return "".join(word[0] for word in name_words if word)


def build_vocabulary(skills: Iterable[Mapping[str, Any]], guides: Iterable[Mapping[str, Any]]):
    """The vocabulary as JSON-ready data, from the skill catalog and the guides' YAML.

    - `phrases`: a spelling (as typed, lowercase) -> the token every spelling shares;
    - `roles`: a guide's slug -> its title and synonyms (a role query);
    - `terms`: the words a "Did you mean" suggestion may offer."""
    from careerboard.search.analysis import compact, raw_words

    phrases: dict[str, str] = {}
    terms: set[str] = set()
    by_slug = {skill["slug"]: skill for skill in skills}

    def canonical(skill: Mapping[str, Any]) -> str:
        return compact(skill["name"])

    for skill in by_slug.values():
        name = skill["name"].lower()
        token = canonical(skill)
        name_words = raw_words(name)
        terms.update(name_words)
        for alias in skill["aliases"]:
            alias_compact = compact(alias)
            same_spelling = alias_compact == token or alias_compact.removesuffix(
                "lang"
            ).removesuffix("js") == token.removesuffix("js")
            acronym = len(name_words) > 1 and alias_compact == _initials(name_words)
            if same_spelling or acronym:
                phrases[alias] = token
                terms.update(raw_words(alias))
        if name != token and len(name_words) > 1:
            phrases[name] = token
    for alias, slug in ABBREVIATIONS.items():
        phrases[alias] = canonical(by_slug[slug])
        terms.update(raw_words(alias))
    for short, words in ROLE_WORDS.items():
        phrases[short] = phrases[words] = compact(words)
        terms.add(short)
        terms.update(raw_words(words))
    for words in COMPOUNDS:
        phrases[words] = compact(words)
        terms.update(raw_words(words))
    phrases.update(SHORT_WORDS)
    for name, same in SAME_FUNCTION.items():
        phrases[name] = compact(same)
        terms.update(raw_words(name))
    terms.update(TITLE_NOUNS)
    roles = {}
    for guide in guides:
        roles[guide["slug"]] = {"title": guide["title"], "synonyms": list(guide["synonyms"])}
        for synonym in guide["synonyms"]:
            terms.update(raw_words(synonym))
    return {
        "phrases": dict(sorted(phrases.items())),
        "roles": dict(sorted(roles.items())),
        "terms": sorted(t for t in terms if len(t) > 2 and t.isalpha()),
    }


def load_vocabulary(path: Path = VOCABULARY_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as file:
        return json.load(file)
