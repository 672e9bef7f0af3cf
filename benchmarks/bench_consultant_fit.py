"""How well the consultant's recommendations fit the person: judged profiles on the generated board.

The profiles and what makes a job relevant to each are data (benchmarks/consultant_fit.yaml
and the role catalog, content/roles.yaml), judged by the role family each job was generated
from, its level and its regions, not by the scorer. Each profile is saved through the API as a
Plus member would and its report read (GET /api/v1/consultant/report); its ten recommendations
are judged. Reported: precision@10 (share of the top 10 judged relevant), nDCG@10 (binary
gains, ideal = as many relevant jobs as the board holds, up to 10) and the share of profiles
with at least 8 relevant jobs in their top 10. Goal: precision@10 >= 0.9 and >= 90% of
profiles with >= 8.

Board: BENCH_CONSULTANT_JOBS jobs (default 100,000), the same kept board as bench_consultant.
BENCH_FIT_VERBOSE=1 prints each profile's top 10 with the judgement.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from benchmarks.common import setup_django

DATA = Path(__file__).with_name("consultant_fit.yaml")
TOP = 10
ENOUGH = 8


@dataclass(frozen=True)
class JudgedJob:
    family: str
    levels: frozenset[str]
    regions: frozenset[str]


def _years_band(years: int) -> str:
    if years <= 1:
        return "0-1"
    if years <= 3:
        return "2-3"
    if years <= 5:
        return "4-5"
    if years <= 8:
        return "6-8"
    return "9+"


def _live_jobs(count: int) -> dict[int, JudgedJob]:
    from django.utils import timezone

    from benchmarks import jobdata
    from careerboard.demo import roles
    from careerboard.jobs.models import Job

    generated = jobdata.board_roles(count)

    live = Job.objects.filter(status=Job.Status.PUBLISHED, expires_at__gt=timezone.now())
    levels: dict[int, set[str]] = {}
    for job_id, slug in Job.levels.through.objects.filter(job__in=live).values_list(
        "job_id", "level__slug"
    ):
        levels.setdefault(job_id, set()).add(slug)
    regions: dict[int, set[str]] = {}
    for job_id, slug in Job.regions.through.objects.filter(job__in=live).values_list(
        "job_id", "region__slug"
    ):
        regions.setdefault(job_id, set()).add(slug)
    return {
        job_id: JudgedJob(
            family=roles.role(generated[job_id]).family,
            levels=frozenset(levels.get(job_id, ())),
            regions=frozenset(regions.get(job_id, ())),
        )
        for job_id in live.values_list("id", flat=True)
    }


def _places(regions: list[str]) -> set[str] | None:
    """The regions whose jobs a person in these regions may take (each and every region
    containing it); None when they named none (anywhere)."""
    from careerboard.taxonomy.data import REGIONS

    parent = {slug: up for slug, _, _, up, _ in REGIONS}
    if not regions:
        return None
    out = set()
    for region in regions:
        while region:
            out.add(region)
            region = parent[region]
    return out


def _judge(profile: dict, data: dict):  # type: ignore[no-untyped-def]
    from careerboard.demo import roles

    family = roles.role(profile["role"]).family
    levels = set(data["levels"][profile.get("levels") or _years_band(profile["years"])])
    places = _places(profile["regions"])

    def relevant(job: JudgedJob) -> bool:
        return (
            job.family == family
            and bool(job.levels & levels)
            and (places is None or not job.regions or bool(job.regions & places))
        )

    return relevant


def _dcg(gains: list[int]) -> float:
    return sum(gain / math.log2(position + 2) for position, gain in enumerate(gains))


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks import jobdata
    from careerboard.accounts.models import User
    from careerboard.billing.entitlements import entitlement_allows
    from careerboard.billing.services import local_checkout_complete
    from careerboard.guides.services import guide_market_refresh

    data = yaml.safe_load(DATA.read_text())
    jobs = int(os.environ.get("BENCH_CONSULTANT_JOBS", "100000"))
    verbose = os.environ.get("BENCH_FIT_VERBOSE") == "1"
    jobdata.kept_board(jobs)
    jobdata.ensure_indexed()
    call_command("sync_guides", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("consultant_index_jobs", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    guide_market_refresh()
    board = _live_jobs(jobs)

    user, _ = User.objects.get_or_create(
        email="bench-consultant-fit@example.com", defaults={"name": "Bench fit"}
    )
    if not entitlement_allows(user=user, feature="career_consultant"):
        local_checkout_complete(user=user, price_key="plus-month")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    precisions, ndcgs, enough = [], [], 0
    for number, profile in enumerate(data["profiles"], start=1):
        body = {
            "target_role": profile["role"],
            "years_experience": profile["years"],
            "skills": profile["skills"],
            "regions": profile["regions"],
            "salary_expectation_usd": profile["salary"],
        }
        response = client.put(
            "/api/v1/consultant/profile", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200, response.content
        report = client.get("/api/v1/consultant/report").json()
        relevant = _judge(profile, data)
        shown = [r for r in report["recommendations"]][:TOP]
        gains = [int(r["job_id"] in board and relevant(board[r["job_id"]])) for r in shown]
        available = sum(relevant(job) for job in board.values())
        ideal = _dcg([1] * min(TOP, available))
        precisions.append(sum(gains) / TOP)
        ndcgs.append(_dcg(gains) / ideal if ideal else 0.0)
        enough += sum(gains) >= ENOUGH
        label = (
            f"{number:2} {profile['role']} {profile['years']}y {profile['regions'] or 'anywhere'}"
        )
        print(f"  {label}: {sum(gains)}/{TOP} relevant ({available:,} on the board)")
        if verbose:
            for recommendation, gain in zip(shown, gains, strict=True):
                print(
                    f"      {'+' if gain else '-'} {recommendation['fit_percent']:3}% "
                    f"{recommendation['title']} ({board[recommendation['job_id']].levels})"
                )
    count = len(data["profiles"])
    print(
        f"database: {connection.vendor}; {jobs:,} jobs; {count} judged profiles: "
        f"precision@10 {sum(precisions) / count:.3f}, nDCG@10 {sum(ndcgs) / count:.3f}, "
        f"profiles with >= {ENOUGH} relevant in their top 10: {enough}/{count} "
        f"({enough / count:.0%})"
    )
