"""Relevance of job search: judged queries (benchmarks/relevance/queries.yaml) on a generated board.

BENCH_RELEVANCE_JOBS jobs (default 3,000) from the shared loader (benchmarks/jobdata.py), on
DATABASE_URL if set, else on a fresh SQLite file. What is relevant comes from the generator's
ground truth (each generated job's role and skills, content/roles.yaml), never from our search.

Per query: the search's first 10 results and every result (the web search, `job_search`).
Reported: the zero-result rate over queries that have relevant jobs, precision@10 (relevant
results among the first min(10, relevant jobs)), nDCG@10 (gains 2 for the role or a required
skill, 1 for a related role of the same family or a nice-to-have skill), recall (grade-2 jobs
found among all results), and how many queries the alert matcher answers with another set of
jobs than the search. Goal: 0 zero-result, P@10 >= 0.9, nDCG@10 >= 0.85, recall >= 0.9.
"""

from __future__ import annotations

import inspect
import math
import os
import time
from collections import defaultdict
from pathlib import Path

import yaml

from benchmarks.common import setup_django

QUERIES = Path(__file__).with_name("relevance") / "queries.yaml"


def _grades(judged: dict, truth: list) -> dict[int, int]:
    """job id -> grade (1 or 2) of every job judged relevant to a query."""
    from careerboard.demo import roles as r

    grades = {}
    for job_id, job in enumerate(truth, start=1):
        grade = 2
        if judged.get("roles"):
            grade = min(grade, max(r.relevance(slug, job.role) for slug in judged["roles"]))
        if judged.get("levels") and not set(judged["levels"]) & set(job.levels):
            continue
        for skill in judged.get("skills", []):
            grade = min(grade, 2 if skill in job.required_skills else int(skill in job.nice_skills))
        if grade:
            grades[job_id] = grade
    return grades


def _ndcg(ranked: list[int], grades: dict[int, int]) -> float:
    gains = [grades.get(job_id, 0) for job_id in ranked[:10]]
    ideal = sorted(grades.values(), reverse=True)[:10]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 1.0


def _suggested(text: str) -> str | None:
    try:
        from careerboard.search.analysis import analyzer
    except ImportError:  # the search before the analyzer suggests nothing
        return None
    words = analyzer().suggest(text.split())
    return " ".join(words) if words else None


def _alert_ids(texts: list[str], facts: list) -> list[set[int]]:
    """The jobs an alert saved with each of these keywords matches, by the alert matching
    engine (one batch of every job, as the alert run has it)."""
    from django.http import QueryDict

    from careerboard.alerts.matching import match
    from careerboard.alerts.searches import saved_search_of

    alerts = []
    for number, text in enumerate(texts):
        params = QueryDict(mutable=True)
        params["q"] = text
        alerts.append((number, saved_search_of(params.urlencode()).criteria))
    found = match(alerts, facts).as_dict()
    return [set(found.get(number, [])) for number in range(len(texts))]


def _all_ids(text: str, count: int) -> list[int]:
    """Every job the search finds, in its order (the backend's ids, not hydrated)."""
    from django.utils import timezone

    from careerboard.search.backends import search_backend
    from careerboard.search.filters import build_filters
    from careerboard.search.query import JobQuery, parse_text

    backend = search_backend()
    size = {"offset": 0, "limit": count, "cap": count + 1}
    # The backends of the search before the analyzer (the "before" figures) take no sample.
    if "sample" in inspect.signature(backend.search).parameters:
        size["sample"] = count + 1
    found = backend.search(
        parse_text(text),
        text,
        build_filters(JobQuery(text=text), now=timezone.now()),
        sort="relevance",
        **size,
    )
    return found.page_ids


def main() -> None:
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from benchmarks import jobdata
    from careerboard.alerts.selectors import job_facts
    from careerboard.demo import generate
    from careerboard.jobs.selectors import job_search
    from careerboard.search.query import JobQuery

    count = int(os.environ.get("BENCH_RELEVANCE_JOBS", "3000"))
    jobdata.kept_board(count)
    # The loader's own arguments: the same seed gives the same jobs in the same order (id N is
    # the N-th generated job).
    truth = list(
        generate.jobs(
            count,
            companies_count=max(50, min(20_000, count // 100)),
            now=timezone.now(),
            min_words=300,
            max_words=800,
        )
    )
    facts = job_facts(job_ids=range(1, count + 1), now=timezone.now())
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    by_kind: dict[str, list[dict]] = defaultdict(list)
    misses = []
    texts, started = [], time.perf_counter()
    for judged in queries:
        text = judged["q"]
        result = job_search(query=JobQuery(text=text), limit=10, with_facets=False)
        if not result.total and judged.get("follow_suggestion"):
            text = _suggested(text) or text
        texts.append(text)
    print(f"  {len(texts)} searches in {time.perf_counter() - started:.1f}s", flush=True)
    alerts = _alert_ids(texts, facts)
    for judged, text, alert in zip(queries, texts, alerts, strict=True):
        grades = _grades(judged, truth)
        ranked = _all_ids(text, count)
        perfect = [j for j, g in grades.items() if g == 2]
        top = ranked[:10]
        wanted = min(10, len(grades))
        row = {
            "zero": not ranked,
            "p10": sum(1 for j in top if j in grades) / wanted if wanted else 1.0,
            "ndcg": _ndcg(ranked, grades),
            "recall": len(set(perfect) & set(ranked)) / len(perfect) if perfect else 1.0,
            "alert_differs": alert != set(ranked),
        }
        by_kind[judged["kind"]].append(row)
        by_kind["all"].append(row)
        if row["p10"] < 0.9 or row["recall"] < 0.9 or row["zero"]:
            misses.append(f"{judged['q']!r}: {len(ranked)} results, " + _figures([row]))
    print(f"database: {connection.vendor}; {count:,} jobs; {len(queries)} judged queries")
    for kind, rows in by_kind.items():
        print(f"  {kind:8} ({len(rows):3} queries): {_figures(rows)}")
    print(f"  queries short of the goal ({len(misses)}):")
    for line in misses:
        print(f"    {line}")


def _figures(rows: list[dict]) -> str:
    n = len(rows)
    return (
        f"zero-result {sum(r['zero'] for r in rows) / n:.1%}, "
        f"P@10 {sum(r['p10'] for r in rows) / n:.3f}, "
        f"nDCG@10 {sum(r['ndcg'] for r in rows) / n:.3f}, "
        f"recall {sum(r['recall'] for r in rows) / n:.3f}, "
        f"alert set differs {sum(r['alert_differs'] for r in rows)}"
    )
