"""The alert matching engine: which of a batch of new jobs each saved search wants.

Pure Python, with no Django import, so it can be tested and benchmarked on its own. What an
alert asks for (`Criteria`) and what a job offers (`JobFacts`) are in alerts.criteria; the
Django side (alerts.selectors) makes them from alerts and live jobs.

How a batch is matched (`match`):

1. The jobs are indexed once: every normalized word (see `normalize`) maps to the set of jobs
   containing it, and every taxonomy bit, company and the featured flag likewise. A set of jobs
   is a Python integer used as a bitmap (bit i is the batch's i-th job), so an AND or OR over
   10,000 jobs is one machine-speed operation on 157 words.
2. Alerts are grouped by identical criteria (many people save "python" in Europe), and each
   distinct criteria is evaluated once, as bitmap algebra in the order most likely to reach an
   empty set early: keyword groups (OR inside a group, AND across), then filters, then
   exclusions. Phrases are the AND of their words' bitmaps, verified word by word in each
   candidate's text; salary and time-zone ranges become bitmaps cached per distinct bound.
3. The answer keeps one bitmap per alert: counting matches is a popcount, and jobs are listed
   lazily in batch order (the caller orders the batch newest first), so a mail takes its few
   jobs without every (alert, job) pair being spelled out.

The work is proportional to the number of distinct criteria times the few operations each
needs, not to alerts times jobs; `criteria.job_matches` is the same definition evaluated one
alert and one job at a time, the reference the tests compare the engine with.

Semantics are those of the job search (careerboard.search), except:

- Words are the job-domain analyzer's tokens (search.analysis), the very tokens every search
  backend indexes, so a search, its alert and its feed find the same jobs.
- A phrase matches within one field (title, company name or description), never across two.
- "Posted within" and the sort order mean nothing for new jobs and are not part of `Criteria`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from careerboard.alerts.criteria import (
    TAXONOMY,
    Criteria,
    JobFacts,
    Words,
    analyzed,
    job_fields,
    salary_fits,
    timezone_fits,
    timezone_window,
)

# --- The batch index and the engine ---------------------------------------------------------


def bitmap_of(indices: Iterable[int], size: int) -> int:
    """The bitmap of `size` bits with these bits set."""
    packed = bytearray((size + 7) // 8)
    for index in indices:
        packed[index >> 3] |= 1 << (index & 7)
    return int.from_bytes(packed, "little")


def bit_indices(bitmap: int) -> Iterator[int]:
    """The set bits of a bitmap, lowest first."""
    digits = bin(bitmap)[:1:-1]  # least significant first, without "0b"
    index = digits.find("1")
    while index >= 0:
        yield index
        index = digits.find("1", index + 1)


# Joins a job's fields in its searchable text: no word contains it, so no phrase spans two.
_FIELD_BREAK = " \x00 "


def _searchable(fields: Iterable[list[str]]) -> str:
    """A job's tokens, space-separated and space-delimited, fields kept apart, so that
    a phrase is found by a substring search for " word word "."""
    return " " + _FIELD_BREAK.join(" ".join(tokens) for tokens in fields) + " "


class JobBatch:
    """An inverted index of a batch of jobs: each word, taxonomy bit, company and bound maps
    to the bitmap of the jobs that have it. Bitmaps are built on first use and kept."""

    def __init__(self, jobs: Sequence[JobFacts]) -> None:
        self.jobs = list(jobs)
        self.size = len(self.jobs)
        self.all = (1 << self.size) - 1
        self._texts: list[str] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        for index, job in enumerate(self.jobs):
            fields = job_fields(job)
            self._texts.append(_searchable(fields))
            for word in set().union(*fields):
                self._postings[word].append(index)
        self._words: dict[str, int] = {}
        self._terms: dict[Words, int] = {}
        self._groups: dict[tuple[Words, ...], int] = {}
        self._masks: dict[tuple[str, int], int] = {}
        self._filters: dict[tuple, int] = {}
        self._bit_jobs: dict[str, dict[int, int]] = {}

    def _where(self, key: tuple, test: Callable[[JobFacts], bool]) -> int:
        """The jobs passing `test`, computed once per key (a filter and its values)."""
        found = self._filters.get(key)
        if found is None:
            found = bitmap_of((i for i, job in enumerate(self.jobs) if test(job)), self.size)
            self._filters[key] = found
        return found

    def word(self, stemmed: str) -> int:
        bitmap = self._words.get(stemmed)
        if bitmap is None:
            postings = self._postings.get(stemmed)
            bitmap = bitmap_of(postings, self.size) if postings else 0
            self._words[stemmed] = bitmap
        return bitmap

    def term(self, term: Words) -> int:
        """The jobs containing a word, or a phrase (its words in order within one field)."""
        bitmap = self._terms.get(term)
        if bitmap is None:
            words = analyzed(term)
            bitmap = self.all
            for word in words:
                bitmap &= self.word(word)
                if not bitmap:
                    break
            if len(words) > 1 and bitmap:
                needle = _searchable([list(words)])
                texts = self._texts
                bitmap = bitmap_of(
                    (i for i in bit_indices(bitmap) if needle in texts[i]), self.size
                )
            self._terms[term] = bitmap
        return bitmap

    def group(self, group: tuple[Words, ...]) -> int:
        bitmap = self._groups.get(group)
        if bitmap is None:
            bitmap = 0
            for term in group:
                bitmap |= self.term(term)
            self._groups[group] = bitmap
        return bitmap

    def taxonomy(self, bits_name: str, mask: int) -> int:
        """The jobs sharing any bit of `mask` in the taxonomy column `bits_name`."""
        key = (bits_name, mask)
        bitmap = self._masks.get(key)
        if bitmap is None:
            per_bit = self._bit_jobs.get(bits_name)
            if per_bit is None:
                postings: dict[int, list[int]] = defaultdict(list)
                for index, job in enumerate(self.jobs):
                    for bit in bit_indices(getattr(job, bits_name)):
                        postings[bit].append(index)
                per_bit = {bit: bitmap_of(jobs, self.size) for bit, jobs in postings.items()}
                self._bit_jobs[bits_name] = per_bit
            bitmap = 0
            for bit in bit_indices(mask):
                bitmap |= per_bit.get(bit, 0)
            self._masks[key] = bitmap
        return bitmap

    def companies(self, slugs: frozenset[str]) -> int:
        return self._where(("company", slugs), lambda job: job.company in slugs)

    def featured(self) -> int:
        return self._where(("featured",), lambda job: job.featured)

    def salary(self, end: str, bound: int) -> int:
        """Jobs whose range reaches `bound` ("min": pays at least, "max": at most)."""
        return self._where(("salary", end, bound), lambda job: salary_fits(job, end, bound))

    def timezone(self, low: int, high: int) -> int:
        return self._where(("timezone", low, high), lambda job: timezone_fits(job, low, high))

    def evaluate(self, criteria: Criteria) -> int:
        """The bitmap of the batch's jobs that fit the criteria."""
        bitmap = self.all
        for group in criteria.groups:
            bitmap &= self.group(group)
            if not bitmap:
                return 0
        for mask_name, bits_name in TAXONOMY:
            mask = getattr(criteria, mask_name)
            if mask:
                bitmap &= self.taxonomy(bits_name, mask)
                if not bitmap:
                    return 0
        if criteria.companies:
            bitmap &= self.companies(criteria.companies)
        if criteria.featured_only:
            bitmap &= self.featured()
        if criteria.salary_min is not None:
            bitmap &= self.salary("min", criteria.salary_min)
        if criteria.salary_max is not None:
            bitmap &= self.salary("max", criteria.salary_max)
        window = timezone_window(criteria)
        if window is not None:
            bitmap &= self.timezone(*window)
        for term in criteria.excluded:
            if not bitmap:
                break
            if analyzed(term):  # all stop words: search ignores it
                bitmap &= ~self.term(term)
        return bitmap


class Matches:
    """Which jobs of the batch each alert wants, as bitmaps; alerts without a match are absent."""

    def __init__(self, jobs: Sequence[JobFacts], bitmaps: dict[int, int]) -> None:
        self.jobs = jobs
        self.bitmaps = bitmaps

    def alert_ids(self) -> list[int]:
        return list(self.bitmaps)

    def count(self, alert_id: int) -> int:
        return self.bitmaps.get(alert_id, 0).bit_count()

    def total(self) -> int:
        """How many (alert, job) pairs match."""
        return sum(bitmap.bit_count() for bitmap in self.bitmaps.values())

    def jobs_of(self, alert_id: int) -> Iterator[JobFacts]:
        """The alert's jobs in batch order, produced as they are asked for."""
        return (self.jobs[i] for i in bit_indices(self.bitmaps.get(alert_id, 0)))

    def as_dict(self) -> dict[int, list[int]]:
        """alert id -> matching job ids, every pair spelled out."""
        return {
            alert_id: [job.job_id for job in self.jobs_of(alert_id)] for alert_id in self.bitmaps
        }


def match(alerts: Iterable[tuple[int, Criteria]], jobs: Sequence[JobFacts]) -> Matches:
    """Match a batch of jobs (in the order the caller wants them listed) against alerts given
    as (alert id, criteria); identical criteria are evaluated once."""
    by_criteria: dict[Criteria, list[int]] = defaultdict(list)
    for alert_id, criteria in alerts:
        by_criteria[criteria].append(alert_id)
    bitmaps: dict[int, int] = {}
    if not by_criteria or not jobs:
        return Matches(jobs, bitmaps)
    batch = JobBatch(jobs)
    for criteria, alert_ids in by_criteria.items():
        found = batch.evaluate(criteria)
        if found:
            for alert_id in alert_ids:
                bitmaps[alert_id] = found
    return Matches(batch.jobs, bitmaps)
