"""Live market figures match the jobs on the board, and small samples stay hidden."""

from __future__ import annotations

import json
import re
import statistics
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from careerboard.core.tests.factories import JobFactory
from careerboard.guides.models import GuideMarketSnapshot
from careerboard.guides.salaries import posted_yearly_usd
from careerboard.guides.services import guide_market_refresh
from careerboard.guides.skill_matching import SkillMatcher, SkillTerm
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


def job(
    title: str, days_ago: float | None, *, salary=None, level="senior", regions=(), **extra
) -> Job:
    low, high, currency, period = salary or (None, None, "", "")
    return JobFactory(
        title=title,
        slug=slugify(title),
        published_at=None if days_ago is None else timezone.now() - timedelta(days=days_ago),
        salary_min=low,
        salary_max=high,
        salary_currency=currency,
        salary_period=period,
        levels=[level],
        regions=list(regions),
        industries=extra.pop("industries", ["engineering"]),
        **extra,
    )


@pytest.fixture
def backend_jobs(synced):
    """Eight open back-end jobs with known figures, and jobs that must not count."""
    jobs = [
        job(
            "Senior Backend Engineer",
            1,
            salary=(100_000, 120_000, "USD", "year"),
            description="<p>We use Postgres and Kubernetes; go ahead and apply.</p>",
        ),
        job(
            "Backend Developer (Python)",
            2,
            salary=(130_000, None, "USD", "year"),
            regions=["europe"],
            description="<p>Python and Go services on k8s.</p>",
        ),
        job("Junior backend developer", 3, salary=(60_000, 60_000, "USD", "year"), level="junior"),
        job("Back-End Engineer", 9, salary=(5_000, 5_000, "EUR", "month"), regions=["anywhere"]),
        job(
            "Lead Backend Software Engineer",
            10,
            salary=(50, 70, "GBP", "hour"),
            regions=["usa", "europe"],
        ),
        job(
            "API Developer",
            20,
            salary=(90_000, 90_000, "USD", "year"),
            regions=["europe"],
            industries=["engineering", "product"],
        ),
        job("Backend Engineer", 30, level="junior", regions=["germany"]),
        job(
            "Backend Engineer", 40, salary=(9_000_000, 9_000_000, "XTS", "year"), regions=["canada"]
        ),
    ]
    # Not open back-end jobs: another role, a word that only contains a synonym, a closed
    # posting (it still counts in the weekly trend), a draft.
    job("Frontend Developer", 1, salary=(200_000, 200_000, "USD", "year"))
    job("Microbackend Engineer", 1, salary=(200_000, 200_000, "USD", "year"))
    job("Backend Engineer", 15, salary=(999_000, 999_000, "USD", "year"), status=Job.Status.EXPIRED)
    job("Backend Engineer", None, status=Job.Status.DRAFT)
    guide_market_refresh()
    return jobs


def market(slug: str) -> dict:
    return GuideMarketSnapshot.objects.get(guide__slug=slug).figures


def test_open_jobs_and_where_they_are(backend_jobs):
    figures = market("backend-developer")
    assert figures["open_jobs"] == 8
    assert figures["anywhere_jobs"] == 3  # no region, or the region Anywhere
    assert figures["anywhere_percent"] == 38
    assert [(r["name"], r["jobs"], r["percent"]) for r in figures["regions"]] == [
        ("Europe", 3, 38),
        ("Canada", 1, 12),
        ("Germany", 1, 12),
        ("USA", 1, 12),
    ]
    assert [(i["slug"], i["jobs"]) for i in figures["industries"]] == [
        ("engineering", 8),
        ("product", 1),
    ]
    assert [card["id"] for card in figures["latest_jobs"]] == [j.pk for j in backend_jobs]
    newest, lead = figures["latest_jobs"][0], figures["latest_jobs"][4]
    assert newest["title"] == "Senior Backend Engineer"
    assert newest["url"] == backend_jobs[0].get_absolute_url()
    assert newest["company"] == backend_jobs[0].company.name
    assert (newest["places"], lead["places"]) == ("Anywhere", "Europe, USA")


def test_salary_percentiles_in_usd_per_year(backend_jobs):
    usd = [110_000, 130_000, 60_000, round(5_000 * 1.08 * 12), round(60 * 1.27 * 2080), 90_000]
    p25, median, p75 = statistics.quantiles(usd, n=4, method="inclusive")
    salary = market("backend-developer")["salary"]
    assert salary["sample_size"] == 6  # one has no salary; XTS has no exchange rate
    assert (salary["p25"], salary["median"], salary["p75"]) == (
        round(p25),
        round(median),
        round(p75),
    )


def test_salary_per_level_only_with_enough_postings(backend_jobs):
    levels = {r["level"]: r for r in market("backend-developer")["salary_by_level"]}
    senior = [110_000, 130_000, round(5_000 * 1.08 * 12), round(60 * 1.27 * 2080), 90_000]
    assert levels["senior"]["sample_size"] == 5
    assert levels["senior"]["median"] == round(statistics.median(senior))
    assert levels["junior"]["sample_size"] == 1
    assert levels["junior"]["p25"] is levels["junior"]["median"] is levels["junior"]["p75"] is None


def test_weekly_trend_counts_every_posting_of_the_last_12_weeks(backend_jobs):
    trend = [week["postings"] for week in market("backend-developer")["trend"]]
    assert len(trend) == 12
    assert trend == [0, 0, 0, 0, 0, 0, 1, 1, 0, 2, 2, 3]
    starts = [week["week_start"] for week in market("backend-developer")["trend"]]
    assert starts == sorted(starts)


def test_skills_postings_ask_for_against_the_guide(backend_jobs):
    figures = market("backend-developer")
    assert figures["skills_sample_size"] == 8
    asked = [
        (s["slug"], s["postings"], s["percent"], s["in_guide"]) for s in figures["skills_asked"]
    ]
    assert asked == [
        ("kubernetes", 2, 25, False),
        ("go", 1, 12, False),  # "Go services", but not "go ahead"
        ("postgresql", 1, 12, True),
        ("python", 1, 12, True),
    ]
    guide_skills = {s["slug"]: s["postings"] for s in figures["guide_skills"]}
    assert guide_skills["postgresql"] == 1 and guide_skills["java"] == 0


def test_a_small_sample_is_hidden_everywhere(synced, client):
    for i in range(3):
        job("QA Engineer", i + 1, salary=(80_000, 90_000, "USD", "year"), industries=["qa-testing"])
    guide_market_refresh()
    figures = market("qa-engineer")
    assert figures["open_jobs"] == 3
    assert figures["salary"] == {
        "level": "",
        "label": "All levels",
        "sample_size": 3,
        "p25": None,
        "median": None,
        "p75": None,
    }
    page = client.get("/careers/qa-engineer").content.decode()
    assert "Too few postings with a salary to show a range" in page
    assert "$85,000" not in page
    assert "estimatedSalary" not in page
    api = client.get("/api/v1/guides/qa-engineer").json()
    assert api["market"]["salary"]["median"] is None


def test_enough_postings_give_estimated_salary_in_json_ld(backend_jobs, client):
    html = client.get("/careers/backend-developer").content.decode()
    start = html.index(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Occupation"'
    )
    block = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    occupation = json.loads(block)
    salary = occupation["estimatedSalary"][0]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert (salary["currency"], salary["duration"]) == ("USD", "P1Y")
    assert salary["median"] == market("backend-developer")["salary"]["median"]


def test_a_guide_without_jobs_has_empty_figures(synced):
    guide_market_refresh()
    figures = market("technical-writer")
    assert figures["open_jobs"] == 0
    assert figures["salary"]["sample_size"] == 0
    assert figures["latest_jobs"] == [] and figures["skills_asked"] == []
    assert [w["postings"] for w in figures["trend"]] == [0] * 12


@pytest.mark.django_db(transaction=True)
def test_refresh_runs_as_a_task_and_a_command(synced, run_tasks):
    from careerboard.guides.tasks import guides_refresh_market

    job("Site Reliability Engineer", 1)
    guides_refresh_market.enqueue()
    assert run_tasks() >= 1  # with the refresh the sync of the `synced` fixture queued
    assert market("site-reliability-engineer")["open_jobs"] == 1
    job("SRE", 1)
    out = StringIO()
    call_command("refresh_guide_market", stdout=out)
    assert "Refreshed the market figures of 16 guides" in out.getvalue()
    assert market("site-reliability-engineer")["open_jobs"] == 2


def test_a_sync_that_changes_guides_queues_a_refresh(db, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from careerboard.guides.services import guides_sync
    from careerboard.guides.tests.conftest import CONTENT

    with django_capture_on_commit_callbacks(execute=True):
        guides_sync(root=CONTENT)
    assert DBTaskResult.objects.filter(task_path__endswith="guides_refresh_market").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        guides_sync(root=CONTENT)  # nothing changed: nothing to recompute
    assert DBTaskResult.objects.filter(task_path__endswith="guides_refresh_market").count() == 1


def test_the_page_reads_the_snapshot_not_the_jobs(backend_jobs, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/careers/backend-developer")  # warms the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/careers/backend-developer").status_code == 200
    sqls = [query["sql"] for query in queries.captured_queries]
    # No job is matched per request: jobs are only looked up by the ids the refresh stored.
    assert not any(re.search(r'WHERE .*"jobs_job"\."title"', sql) for sql in sqls)
    assert any('"jobs_job"."id" IN' in sql for sql in sqls)
    # The guide itself comes from the cache, after one query for its versions.
    assert sum('FROM "guides_' in sql for sql in sqls) == 1


def test_skill_matcher_prefers_the_longest_term():
    matcher = SkillMatcher(
        [
            SkillTerm("node", "node-js"),
            SkillTerm("node.js", "node-js"),
            SkillTerm("c++", "cpp"),
            SkillTerm("c", "c"),
            SkillTerm("react", "react"),
            SkillTerm("react native", "react-native"),
        ]
    )
    assert matcher.skills_in("<li>Node.js, C++ and React Native</li>") == {
        "node-js",
        "cpp",
        "react-native",
    }
    assert matcher.skills_in("<p>React quickly; we react to alerts.</p>") == {"react"}
    assert matcher.skills_in("<p>we react to alerts</p>") == set()


def test_skill_matcher_reads_single_letter_languages_as_search_does():
    """Written alone, "C" and "R" are the languages, as the search's analyzer reads them; a
    lowercase letter, "C-level" or C++ is not C."""
    matcher = SkillMatcher(
        [
            SkillTerm("C", "c"),
            SkillTerm("c programming", "c"),
            SkillTerm("C++", "cpp"),
            SkillTerm("C#", "c-sharp"),
            SkillTerm("R", "r"),
        ]
    )
    assert matcher.skills_in("<li>Hands-on experience with C.</li>") == {"c"}
    assert matcher.skills_in("<li>Embedded C and C++</li><li>R or C#</li>") == {
        "c",
        "cpp",
        "c-sharp",
        "r",
    }
    assert matcher.skills_in("<p>Years of C programming</p>") == {"c"}
    assert matcher.skills_in("<p>Report to the C-level; see section c and r.</p>") == set()


def test_posted_salary_in_usd_per_year():
    rates = {"USD": Decimal("1"), "EUR": Decimal("1.08")}

    def usd(low, high, currency, period):
        return posted_yearly_usd(
            salary_min=low, salary_max=high, currency=currency, period=period, rates=rates
        )

    assert usd(50, None, "USD", "hour") == 104_000
    assert usd(4_000, 6_000, "EUR", "month") == 64_800
    assert usd(None, 90_000, "USD", "year") == 90_000
    assert usd(1, 2, "XTS", "year") is None
    assert usd(1, 2, "USD", "fortnight") is None
