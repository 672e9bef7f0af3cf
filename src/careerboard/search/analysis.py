"""Job-domain text analysis: the one reading of text that indexing, search and alerts share.

Pure Python (no Django). A text becomes a list of tokens, plain lowercase ASCII letters and
digits, that every backend stores as they are (FTS5's unicode61 tokenizer and PostgreSQL's
`simple` configuration split nothing further and stem nothing), so SQLite, PostgreSQL,
OpenSearch and the alert matcher agree by construction. On the way:

- tech tokens are kept whole: c++ -> cpp, c# -> csharp, .net -> dotnet, node.js -> nodejs,
  ci/cd -> cicd; "Go", "R" and "C" standing alone and capitalized are the languages (golang,
  rlang, clang), so "go-to-market" is not Go;
- spellings of one term fold together: back-end, back end and backend all give `backend`;
  the vocabulary's synonyms and acronyms (golang, k8s, js, ml, sre, qa, ux) give one shared token;
- a light stemmer removes plural endings only (engineers -> engineer, companies -> company),
  so engine is not engineer and production is not product (Porter made both one stem);
- a title holding one of a guide's role synonyms also holds the role's token (rolebackenddeveloper),
  so "backend developer" finds "Back-End Engineer" titles too; a query's role words each match as
  typed or as the role's token (`keyword_run`).

Indexed text keeps every spelling and adds the shared token after it (back end -> back end
backend); a query keeps only the shared token. A phrase typed in quotes is analyzed like the
text, so it still meets the indexed words one after the other.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from careerboard.search.vocabulary import CASED_LANGUAGES, TITLE_NOUNS, load_vocabulary

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "its",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "will",
        "with",
        "you",
        "your",
    ]
)
ROLE_PREFIX = "role"
QUERY_LANGUAGES = {name.lower(): token for name, token in CASED_LANGUAGES.items()}
# After another word, a role's "developer", "engineer" and "programmer" name the same jobs
# ("Python Developer", "Python Engineer", "Game Programmer"); the word typed ranks first.
ROLE_NOUNS = {
    "developer": ("engineer", "programmer"),
    "engineer": ("developer",),
    "programmer": ("developer", "engineer"),
}

# Symbols that are part of a tech term, replaced by a word before the text is split.
_SYMBOLS = [  # (a character the text must hold for the pattern to apply, pattern, replacement)
    ("+", re.compile(r"c\+\+"), " cpp "),
    ("#", re.compile(r"(?<![a-z0-9])([cfj])#"), r" \1sharp "),
    (".net", re.compile(r"(?<![a-z0-9])(?:asp)?\.net(?![a-z0-9])"), " dotnet "),
    (".js", re.compile(r"(?<![a-z0-9.])([a-z0-9]+)\.js(?![a-z0-9])"), r" \1js "),
    (
        "/",
        re.compile(r"(?<![a-z0-9])(ci|pl|tcp|pub|a|i|t)\s?/\s?(cd|sql|ip|sub|b|o)(?![a-z0-9])"),
        r"\1\2",
    ),
    ("'", re.compile("'s(?![a-z])|'"), ""),
    ("\u2019", re.compile("\u2019s(?![a-z])|\u2019"), ""),
]
# A cased language name not inside another word or term. The name comes first and the
# character before it is checked after (one look-behind per name): a pattern opening with the
# look-behind tried it at every character of a description (5x slower).
_CASED = re.compile(
    "("
    + "|".join(CASED_LANGUAGES)
    + ")"
    + "".join(rf"(?<![\w.+#/&-]{name})" for name in CASED_LANGUAGES)
    + r"(?![\w+#&/-]|\.\w)"
)
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _fold(text: str) -> str:
    """Lowercase ASCII, accents dropped (zürich -> zurich), symbols of tech terms as words."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    for trigger, pattern, replacement in _SYMBOLS:
        if trigger in text:
            text = pattern.sub(replacement, text)
    return text


def cased_languages(text: str) -> str:
    """The text with "Go", "R" and "C" standing alone and capitalized as the languages' tokens
    (golang, rlang, clang): "C and C++" -> " clang  and C++", "C-level", "c" and "go-to" stay."""
    return _CASED.sub(lambda m: " " + CASED_LANGUAGES[m.group(1)] + " ", text)


# Each byte no word holds, as a space: ASCII text is split by bytes.translate, twice as fast as
# _WORDS.findall, which is kept for hyphenated words and other scripts.
_NOT_WORD = bytes(c if (chr(c).isalnum() and c < 128) or c == 45 else 32 for c in range(256))


def _split(folded: str) -> list[str]:
    """The words of a folded text: _WORDS.findall(folded)."""
    if not folded.isascii():
        return _WORDS.findall(folded)
    words = folded.encode().translate(_NOT_WORD).decode().split()
    if "-" not in folded:
        return words
    result: list[str] = []
    for word in words:
        if "-" in word:
            result += _WORDS.findall(word)  # "a--b" is two words, "-x-" one
        else:
            result.append(word)
    return result


def raw_words(text: str) -> list[str]:
    """The words of a text, folded but neither stemmed nor joined (vocabulary building)."""
    return [part for word in _WORDS.findall(_fold(text)) for part in word.split("-")]


def compact(text: str) -> str:
    """A term as one token: "Node.js" -> "nodejs", "C#" -> "csharp", "back-end" -> "backend"."""
    return CASED_LANGUAGES.get(text.strip(), "".join(raw_words(text)))


def light_stem(word: str) -> str:
    """Plural endings only (S-stemmer): engineers -> engineer, companies -> company, sales ->
    sale; words of three letters or fewer and words ending in ss/us/is stay."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    return word[:-1]


def _longest_by_first_word(phrases: dict[tuple[str, ...], str]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for key in phrases:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


SPELLING_CACHE_SIZE = 200_000


class Analyzer:
    def __init__(self, vocabulary: dict[str, Any]) -> None:
        self._spellings: dict[str, tuple[str, ...]] = {}
        self.protected: set[str] = set()
        for spelling, token in vocabulary["phrases"].items():
            self.protected.add(token)
            words = raw_words(spelling)
            if len(words) == 1:
                self.protected.add(words[0])
        self.phrases: dict[tuple[str, ...], str] = {}
        for spelling, token in vocabulary["phrases"].items():
            key = tuple(self._base(spelling))
            if not key or key == (token,):
                continue
            if len(key) == 1 and any(word in STOP_WORDS for word in raw_words(spelling)):
                # "on call" without its stop word is "call": every call would read as on-call.
                # The hyphenated "on-call" keeps the term through its joined spelling.
                continue
            self.phrases[key] = token
        # The longest phrase starting with each word: most words start none.
        self._phrase_sizes = _longest_by_first_word(self.phrases)
        self.roles: dict[tuple[str, ...], str] = {}
        self.role_tokens: dict[str, str] = {}
        for slug, role in vocabulary["roles"].items():
            token = self.role_tokens[slug] = ROLE_PREFIX + compact(slug)
            for synonym in role["synonyms"]:
                self.roles[tuple(self.canonical(synonym))] = token
        self._role_sizes = _longest_by_first_word(self.roles)
        # A guide title's words before its title noun: "devops" of "DevOps Engineer".
        self.title_nouns = frozenset(TITLE_NOUNS)
        self.qualifiers: dict[tuple[str, ...], str] = {}
        for slug, role in vocabulary["roles"].items():
            *qualifier, noun = self.canonical(role["title"])
            if qualifier and noun in self.title_nouns:
                self.qualifiers[tuple(qualifier)] = self.role_tokens[slug]
        self._qualifier_sizes = _longest_by_first_word(self.qualifiers)
        self.terms: list[str] = vocabulary["terms"]
        self._known = set(self.terms)

    # --- Words ---------------------------------------------------------------------------

    def _stem(self, word: str) -> str:
        return word if word in self.protected else light_stem(word)

    def _spelling(self, word: str) -> tuple[str, ...]:
        """A word's spellings as the index stores them: a hyphenated word as its parts (stop
        words dropped) then the joined form, () for a stop word. Kept per word: a text repeats
        its words, and this was most of the cost of indexing a description."""
        if "-" not in word:
            found: tuple[str, ...] = () if word in STOP_WORDS else (self._stem(word),)
        else:
            parts = [self._stem(p) for p in word.split("-") if p not in STOP_WORDS]
            found = (*parts, self._stem(word.replace("-", "")))
        # Words repeat a lot. Bounded so a hostile text cannot grow it; emptied rather than
        # frozen when full, so a long indexing run keeps its common words cached.
        if len(self._spellings) >= SPELLING_CACHE_SIZE:
            self._spellings.clear()
        self._spellings[word] = found
        return found

    def _words(self, text: str) -> list[tuple[str, ...]]:
        """Each word of a text as its spellings (`_spelling`), stop words dropped; the last
        spelling of each is the word as a query reads it."""
        text = cased_languages(text)
        known, spell = self._spellings.get, self._spelling
        result = []
        for word in _split(_fold(text)):
            found = known(word)
            if found is None:
                found = spell(word)
            if found:
                result.append(found)
        return result

    def _base(self, text: str) -> list[str]:
        return [spellings[-1] for spellings in self._words(text)]

    def _fold_phrases(self, words: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, shared token) of each vocabulary phrase in the words, longest first."""
        sizes, phrases = self._phrase_sizes, self.phrases
        found: list[tuple[int, int, str]] = []
        end = 0
        # Most words start no phrase: only those that do are looked at.
        for start in [index for index, word in enumerate(words) if word in sizes]:
            if start < end:
                continue
            for size in range(min(sizes[words[start]], len(words) - start), 0, -1):
                token = phrases.get(tuple(words[start : start + size]))
                if token is not None:
                    end = start + size
                    found.append((start, end, token))
                    break
        return found

    def canonical(self, text: str) -> list[str]:
        """A text's tokens as a query reads them: one shared token for each term."""
        words = self._base(text)
        for start, end, token in reversed(self._fold_phrases(words)):
            words[start:end] = [token]
        return words

    def document(self, text: str, *, title: bool = False) -> list[str]:
        """A text's tokens as the index stores them: every spelling, each term's shared token
        after it; a title also gets the tokens of the roles it names."""
        spellings = self._words(text)
        tokens: list[str] = []
        done = 0
        for _, end, token in self._fold_phrases([words[-1] for words in spellings]):
            for words in spellings[done:end]:
                tokens += words
            if token != tokens[-1]:
                tokens.append(token)
            done = end
        for words in spellings[done:]:
            tokens += words
        if title:
            tokens.extend(self.roles_in(self.canonical(text)))
        return tokens

    def role_token(self, typed: str) -> str | None:
        """The role token `role:<guide slug>` stands for, None for anything else."""
        prefix, _, slug = typed.partition(":")
        return self.role_tokens.get(slug) if prefix.lower() == "role" else None

    def title_roles(self, title: str) -> list[str]:
        """The slugs of the roles a job title names (the career guides' roles)."""
        tokens = set(self.roles_in(self.canonical(title)))
        return [slug for slug, token in self.role_tokens.items() if token in tokens]

    def roles_in(self, words: list[str]) -> list[str]:
        """The role tokens of the role synonyms found in canonical words."""
        found: dict[str, None] = {}
        for start in range(len(words)):
            longest = self._role_sizes.get(words[start], 0)
            for size in range(1, min(longest, len(words) - start) + 1):
                role = self.roles.get(tuple(words[start : start + size]))
                if role is not None:
                    found[role] = None
        return list(found)

    # --- Queries ---------------------------------------------------------------------------

    def keyword_run(self, text: str) -> list[tuple[tuple[str, ...], ...]]:
        """Unquoted words typed one after the other, as groups of alternatives: each token a
        group, its first alternative what was typed, the others widening it (after another
        word, "developer" also as "engineer" and the reverse). The words of a role's name, or of
        the qualifier of a guide's title typed without a title noun after it ("devops", "aws
        backend"), each also have the role's token: the role's other titles match too, and a
        title naming none of its synonyms still matches the words ("Android Software Engineer"
        for "android developer")."""
        # Typed alone, "go", "r" and "c" can only mean the languages.
        words = [QUERY_LANGUAGES.get(word, word) for word in self.canonical(text)]
        groups: list[tuple[tuple[str, ...], ...]] = []
        start = 0
        while start < len(words):
            size, role = self._role_at(words, start)
            for index in range(start, start + size):
                word = words[index]
                others = ROLE_NOUNS.get(word, ()) if index else ()
                widening = [(token,) for token in (*others, role) if token]
                groups.append(((word,), *widening))
            start += size
        return groups

    def _role_at(self, words: list[str], start: int) -> tuple[int, str | None]:
        """The longest role name, or role qualifier not followed by a title noun, at `start`:
        (its length, its role token); (1, None) when none starts there."""
        for names, sizes, is_qualifier in (
            (self.roles, self._role_sizes, False),
            (self.qualifiers, self._qualifier_sizes, True),
        ):
            longest = sizes.get(words[start], 0)
            for size in range(min(longest, len(words) - start), 0, -1):
                role = names.get(tuple(words[start : start + size]))
                after = words[start + size] if start + size < len(words) else ""
                if role is not None and not (is_qualifier and after in self.title_nouns):
                    return size, role
        return 1, None

    def suggest(self, words: Iterable[str]) -> list[str] | None:
        """The words with each unknown one replaced by the closest vocabulary term, or None
        when nothing is close ("golnag" -> "golang")."""
        changed, result = False, []
        for word in words:
            lowered = word.lower()
            if lowered in self._known or not lowered.isalpha() or len(lowered) < 3:
                result.append(word)
                continue
            close = difflib.get_close_matches(lowered, self.terms, n=1, cutoff=0.75)
            if close:
                changed = True
                result.append(close[0])
            else:
                result.append(word)
        return result if changed else None


# Bumped when the rules of reading text or queries change (the vocabulary is read by the
# fingerprint itself), so that what was compiled by the old rules is compiled again.
RULES_VERSION = "4"


@cache
def analyzer_fingerprint() -> str:
    """Identifies how text is read: the rules' version and the vocabulary's digest."""
    vocabulary = json.dumps(load_vocabulary(), sort_keys=True).encode()
    return f"{RULES_VERSION}-{hashlib.sha256(vocabulary).hexdigest()[:12]}"


@cache
def analyzer() -> Analyzer:
    """The process's analyzer over the shipped vocabulary."""
    return Analyzer(load_vocabulary())
