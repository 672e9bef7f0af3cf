"""Search as a seeker sees it, on whichever database the run uses (SQLite FTS5 or PostgreSQL),
and again through OpenSearch when a server answers at OPENSEARCH_URL."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from conftest import port_open
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerboard.core.tests.factories import CompanyFactory, JobFactory
from careerboard.jobs.indexing import job_search_rebuild, job_search_sync
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search
from careerboard.search import selectors
from careerboard.search.backends import postgres, postgres_text, search_backend, sqlite
from careerboard.search.filters import UnknownFilterValue
from careerboard.search.query import JobQuery, parse_text
from careerboard.search.selectors import InvalidCursor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["database", "opensearch"])
def search_engine(request, settings):
    """Every test runs on the database's text index, then on OpenSearch in a throwaway index."""
    if request.param == "database":
        yield
        return
    if not port_open(settings.OPENSEARCH_URL, 9200):
        pytest.skip(
            f"no OpenSearch server at OPENSEARCH_URL={settings.OPENSEARCH_URL}: "
            "the OpenSearch backend's run of the search tests is skipped"
        )
    settings.SEARCH_BACKEND = "opensearch"
    settings.OPENSEARCH_INDEX = f"careerboard-test-{uuid.uuid4().hex}"
    settings.OPENSEARCH_REFRESH = "wait_for"
    yield
    search_backend().client.indices.delete(index=settings.OPENSEARCH_INDEX, ignore_unavailable=True)


def indexed(**fields) -> Job:
    job = JobFactory(**fields)
    job_search_sync(job_ids=[job.pk])
    return job


def titles(**query) -> list[str]:
    return [job.title for job in job_search(query=JobQuery(**query), limit=50).jobs]


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def test_title_weighs_more_than_description():
    indexed(
        title="Backend Engineer",
        description="<p>Python, python and more python.</p>",
        published_at=ago(hours=1),
    )
    indexed(title="Python Developer", description="<p>Build APIs.</p>", published_at=ago(days=3))
    assert titles(text="python") == ["Python Developer", "Backend Engineer"]
    assert titles(text="python", sort="newest") == ["Backend Engineer", "Python Developer"]


def test_stemming_phrases_and_exclusion():
    indexed(title="Senior Product Manager", description="<p>Own the roadmap.</p>")
    indexed(title="Manager of Product Support", description="<p>Lead support.</p>")
    indexed(title="Software Developer", description="<p>We are developing tools.</p>")
    assert titles(text="developers") == ["Software Developer"]
    assert titles(text='"product manager"') == ["Senior Product Manager"]
    assert set(titles(text="manager -senior")) == {"Manager of Product Support"}
    assert set(titles(text="roadmap OR support")) == {
        "Senior Product Manager",
        "Manager of Product Support",
    }


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced',
        "c++",
        "AND OR NOT",
        "*",
        ":",
        "(((",
        "'; DROP TABLE jobs_job; --",
        "NEAR(a b)",
        "-",
        '""',
        "x" * 500,
        "🚀 remote",
        "-python -java",
    ],
)
def test_odd_keywords_never_crash(text):
    indexed(title="Python Developer")
    result = job_search(query=JobQuery(text=text))
    assert result.total >= 0
    assert Job.objects.count() == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_any_keywords_parse_and_search(text):
    parse_text(text)
    job_search(query=JobQuery(text=text), with_facets=False)


def test_region_filter_walks_up_the_tree():
    indexed(title="Anywhere job")
    indexed(title="Europe job", regions=["europe"])
    indexed(title="Germany job", regions=["germany"])
    indexed(title="USA job", regions=["usa"])
    assert set(titles(regions=("germany",))) == {"Anywhere job", "Europe job", "Germany job"}
    assert set(titles(regions=("europe",))) == {"Anywhere job", "Europe job"}
    assert set(titles(regions=("germany", "usa"))) == {
        "Anywhere job",
        "Europe job",
        "Germany job",
        "USA job",
    }


def test_values_of_one_filter_or_and_filters_and():
    indexed(title="A", industries=["engineering"], job_types=["full-time"])
    indexed(title="B", industries=["design-multimedia"], job_types=["full-time"])
    indexed(title="C", industries=["engineering"], job_types=["contract"])
    indexed(title="D", industries=["marketing"], job_types=["full-time"])
    assert set(titles(industries=("engineering", "design-multimedia"))) == {"A", "B", "C"}
    assert set(
        titles(industries=("engineering", "design-multimedia"), job_types=("full-time",))
    ) == {"A", "B"}
    assert titles(levels=("senior",)) == []


def test_salary_overlap_is_compared_per_year_in_dollars():
    indexed(
        title="Euro yearly",
        salary_min=50_000,
        salary_max=60_000,
        salary_currency="EUR",
        salary_period="year",
    )
    indexed(
        title="Dollar hourly",
        salary_min=50,
        salary_max=60,
        salary_currency="USD",
        salary_period="hour",
    )
    indexed(title="No salary")
    # 60,000 EUR is 64,800 USD; 50 USD an hour is 104,000 USD a year.
    assert set(titles(salary_min=60_000)) == {"Euro yearly", "Dollar hourly"}
    assert titles(salary_min=70_000) == ["Dollar hourly"]
    assert titles(salary_max=55_000) == ["Euro yearly"]
    assert titles(salary_min=60_000, sort="salary") == ["Dollar hourly", "Euro yearly"]


def test_posted_within_company_featured_and_timezone():
    company = CompanyFactory(slug="acme")
    indexed(title="Fresh", published_at=ago(days=1), company=company, featured=True)
    indexed(title="Old", published_at=ago(days=20), timezone_min=-300, timezone_max=0)
    indexed(title="Asia hours", timezone_min=300, timezone_max=600)
    assert set(titles(posted_within_days=7)) == {"Fresh", "Asia hours"}
    assert titles(companies=("acme",)) == ["Fresh"]
    assert titles(featured_only=True) == ["Fresh"]
    assert set(titles(timezone_min=-120, timezone_max=-60)) == {"Fresh", "Old"}


def test_unknown_filter_values_are_named():
    with pytest.raises(UnknownFilterValue) as error:
        job_search(query=JobQuery(regions=("atlantis",)))
    assert error.value.field == "region"
    with pytest.raises(UnknownFilterValue):
        job_search(query=JobQuery(companies=("nobody",)))


def test_facets_count_the_results():
    indexed(title="Python A", industries=["engineering"], levels=["senior"])
    indexed(title="Python B", industries=["engineering"], levels=["junior"], regions=["europe"])
    indexed(title="Python C", industries=["data-science"], levels=["senior"])
    indexed(title="Ruby D", industries=["engineering"])
    result = job_search(query=JobQuery(text="python"))
    counts = {name: {v.slug: v.count for v in values} for name, values in result.facets.items()}
    assert counts["industry"] == {"engineering": 2, "data-science": 1}
    assert counts["level"] == {"senior": 2, "junior": 1}
    assert counts["region"] == {"anywhere": 2, "europe": 1}


def test_cursor_pages_through_and_refuses_other_queries():
    for n in range(5):
        indexed(title=f"Job {n}", published_at=ago(hours=n))
    query = JobQuery(sort="newest")
    first = job_search(query=query, limit=2)
    second = job_search(query=query, limit=2, cursor=first.next_cursor)
    third = job_search(query=query, limit=2, cursor=second.next_cursor)
    assert [j.title for j in first.jobs + second.jobs + third.jobs] == [
        f"Job {n}" for n in range(5)
    ]
    assert third.next_cursor is None
    with pytest.raises(InvalidCursor):
        job_search(query=JobQuery(sort="newest", text="job"), cursor=first.next_cursor)
    with pytest.raises(InvalidCursor):
        job_search(query=query, cursor="forged" + first.next_cursor)


def test_totals_are_exact_up_to_the_cap(monkeypatch):
    monkeypatch.setattr(selectors, "MAX_COUNTED", 5)
    for n in range(5):
        indexed(title=f"Job {n}")
    assert job_search(query=JobQuery()).total_display == "5"
    indexed(title="One more")
    result = job_search(query=JobQuery())
    assert result.total_is_capped
    assert result.total_display == "5+"


def test_only_live_jobs_are_found():
    live = indexed(title="Live role")
    expired = indexed(title="Expired role", published_at=ago(days=40), expires_at=ago(days=10))
    indexed(title="Pending role", status=Job.Status.PENDING, published_at=None)
    assert titles() == ["Live role"]
    live.status = Job.Status.CLOSED
    live.save()
    job_search_sync(job_ids=[live.pk, expired.pk])
    assert titles() == []


def test_rebuild_indexes_every_live_job_once():
    for n in range(3):
        JobFactory(title=f"Unindexed {n}")
    JobFactory(title="Draft", status=Job.Status.DRAFT, published_at=None)
    assert job_search_rebuild() == 3
    assert job_search_rebuild() == 3
    assert len(titles(text="unindexed")) == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 segments and ANALYZE")
def test_rebuild_on_sqlite_merges_the_text_index_and_gathers_statistics():
    for n in range(3):
        JobFactory(title=f"Unindexed {n}")
        job_search_rebuild()  # each rebuild's inserts would leave a segment of their own
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT segid) FROM search_fts_idx")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'search_searchentry'")
        assert cursor.fetchall()


def test_relevance_beyond_the_cap_still_puts_title_matches_first(monkeypatch):
    monkeypatch.setattr(selectors, "MAX_COUNTED", 3)
    for hours in (0, 2, 4):
        indexed(
            title=f"Backend role {hours}",
            description="<p>We write Python every day.</p>",
            published_at=ago(hours=hours),
        )
    for hours in (1, 3):
        indexed(
            title=f"Python Developer {hours}",
            description="<p>APIs and queues.</p>",
            published_at=ago(hours=hours),
        )
    result = job_search(query=JobQuery(text="python"), limit=4)
    assert result.total_display == "3+"
    assert [job.title for job in result.jobs] == [
        "Python Developer 1",
        "Python Developer 3",
        "Backend role 0",
        "Backend role 2",
    ]
    newest = job_search(query=JobQuery(text="python", sort="newest"), limit=2)
    assert [job.title for job in newest.jobs] == ["Backend role 0", "Python Developer 1"]


def test_a_slow_page_walk_is_cut_off_and_the_page_still_comes(on_postgres, monkeypatch):
    """Past the sample, PostgreSQL walks the salary index for a page by salary under a time
    limit; when the walk is cancelled, the page ordered among the sample is served and the
    connection stays usable."""

    monkeypatch.setattr(selectors, "MAX_COUNTED", 2)
    monkeypatch.setattr(postgres, "WALK_TIME_LIMIT_MS", 50)
    monkeypatch.setattr(
        postgres.PostgresBackend,
        "_walk",
        lambda self, cursor, *args, **kwargs: cursor.execute("SELECT pg_sleep(5)"),
    )
    for hours in range(4):
        indexed(title=f"Python role {hours}", published_at=ago(days=10, hours=hours))
    result = job_search(query=JobQuery(text="python", sort="salary"), limit=2)
    assert result.total_display == "2+"
    assert len(result.jobs) == 2
    assert Job.objects.count() == 4


def test_or_binds_to_its_neighbours_on_every_backend():
    indexed(title="Python Developer", description="<p>Backend services.</p>")
    indexed(title="Java Designer", description="<p>Interfaces.</p>")
    indexed(title="Go Designer", description="<p>Interfaces.</p>")
    # a b OR c is a AND (b OR c): Java and (Developer or Designer).
    assert titles(text="java developer OR designer") == ["Java Designer"]
    assert set(titles(text="developer OR designer -go")) == {"Python Developer", "Java Designer"}


def test_past_the_cap_the_newest_page_is_the_newest_matches(monkeypatch):
    """Above the cap a newest-first page is still the newest matches, whether they lie in the
    last day, the last week or further back (PostgreSQL looks in that order)."""
    monkeypatch.setattr(selectors, "MAX_COUNTED", 2)
    for days in (40, 0.5, 20, 3, 10):
        indexed(title=f"Python role {days}", published_at=ago(days=days))
    indexed(title="Go role", published_at=ago(hours=1))
    for limit, expected in (
        (1, ["Python role 0.5"]),
        (3, ["Python role 0.5", "Python role 3", "Python role 10"]),
    ):
        result = job_search(query=JobQuery(text="python", sort="newest"), limit=limit)
        assert result.total_display == "2+"
        assert [job.title for job in result.jobs] == expected


def test_a_page_names_its_jobs_terms_from_the_index_without_the_join_tables():
    indexed(
        title="Platform Engineer",
        industries=["engineering"],
        job_types=["full-time", "contract"],
        levels=["senior"],
        regions=["europe", "usa"],
    )
    indexed(title="Anywhere Engineer", industries=["engineering"])
    with CaptureQueriesContext(connection) as queries:
        jobs = {job.title: job for job in job_search(query=JobQuery(text="engineer")).jobs}
        platform, anywhere = jobs["Platform Engineer"], jobs["Anywhere Engineer"]
        assert [t.slug for t in platform.industries.all()] == ["engineering"]
        assert {t.slug for t in platform.job_types.all()} == {"full-time", "contract"}
        assert [t.slug for t in platform.levels.all()] == ["senior"]
        assert {t.slug for t in platform.regions.all()} == {"europe", "usa"}
        assert list(anywhere.regions.all()) == []  # no region named: open to anywhere
    assert not [q for q in queries if "jobs_job_" in q["sql"]]


def test_past_the_cap_a_page_keeps_every_filter(monkeypatch):
    monkeypatch.setattr(selectors, "MAX_COUNTED", 1)
    for title, hours, types, regions in (
        ("Python in the USA", 1, ["contract"], ["usa"]),
        ("Python in Germany", 2, ["contract"], ["germany"]),
        ("Python full-time", 3, ["full-time"], []),
        ("Python contract", 4, ["contract"], []),
    ):
        indexed(title=title, job_types=types, regions=regions, published_at=ago(hours=hours))
    query = JobQuery(text="python", job_types=("contract",), regions=("germany",), sort="newest")
    result = job_search(query=query, limit=2)
    assert result.total_display == "1+"
    assert [job.title for job in result.jobs] == ["Python in Germany", "Python contract"]


def test_a_repeated_search_is_served_from_the_cache_and_drops_a_closed_job(settings):
    settings.SEARCH_CACHE_SECONDS = 30
    first = indexed(title="Python Developer", published_at=ago(hours=1))
    indexed(title="Python Engineer", published_at=ago(hours=2))
    assert titles(text="python", sort="newest") == ["Python Developer", "Python Engineer"]
    with CaptureQueriesContext(connection) as queries:
        assert titles(text="python", sort="newest") == ["Python Developer", "Python Engineer"]
    assert not [q for q in queries if "search_searchentry e" in q["sql"]]  # no search ran
    first.status = Job.Status.CLOSED
    first.save()
    job_search_sync(job_ids=[first.pk])
    assert titles(text="python", sort="newest") == ["Python Engineer"]


def test_past_the_facet_sample_facets_are_estimates_and_the_total_stays_exact(monkeypatch):
    """Above FACET_SAMPLE matches, facet counts are estimated from a sample and say so; the
    total is still counted exactly up to the cap."""
    monkeypatch.setattr(selectors, "FACET_SAMPLE", 2)
    for n in range(6):
        indexed(title=f"Python role {n}", industries=["engineering"])
    indexed(title="Ruby role", industries=["data-science"])
    result = job_search(query=JobQuery(text="python"))
    assert result.total_display == "6"
    [engineering] = result.facets["industry"]
    assert engineering.estimated and engineering.count == 6
    assert engineering.count_display == "about 6"
    small = job_search(query=JobQuery(text="ruby"))
    assert [(v.count, v.count_display) for v in small.facets["industry"]] == [(1, "1")]


def test_an_estimate_is_two_significant_digits_and_marks_a_capped_total():
    assert [selectors._about(v) for v in (7, 99.6, 3456, 12_499, 150_000)] == [
        7,
        100,
        3500,
        12_000,
        150_000,
    ]
    assert selectors.FacetValue("x", "X", 3400, estimated=True, at_least=True).count_display == (
        "about 3,400+"
    )


def test_a_count_past_the_sample_leaves_out_jobs_expired_since_they_were_indexed(monkeypatch):
    """The total past the sample may be counted in the text index alone; a job whose date
    passed before expire_jobs removed it from the index is not counted, nor shown."""
    from careerboard.search.models import SearchEntry

    monkeypatch.setattr(selectors, "FACET_SAMPLE", 1)
    jobs = [indexed(title=f"Python role {n}", industries=["engineering"]) for n in range(4)]
    # An expired job that matches neither search takes nothing off their totals.
    other = indexed(title="Designer role", industries=["design-multimedia"])
    SearchEntry.objects.filter(job__in=[jobs[0], other]).update(expires_at=ago(minutes=1))
    for query in (JobQuery(text="python"), JobQuery(industries=("engineering",))):
        result = job_search(query=query)
        assert result.total_display == "3"
        assert jobs[0].title not in [job.title for job in result.jobs]


@pytest.mark.parametrize(
    "query",
    [
        JobQuery(text="python", sort="newest"),
        JobQuery(text="python"),
        JobQuery(text="python", sort="salary"),
        JobQuery(industries=("engineering",)),
        JobQuery(regions=("germany",), sort="salary"),
        JobQuery(salary_min=60_000),
        JobQuery(text="python", regions=("europe",), salary_min=50_000),
        JobQuery(text="python", regions=("europe",)),
        JobQuery(text="python", industries=("engineering",), sort="newest"),
    ],
    ids=repr,
)
def test_pages_past_the_facet_sample_are_the_pages_ordered_among_every_match(query, monkeypatch):
    """Whether a search orders every match at once (up to FACET_SAMPLE) or asks for the page
    on its own, each page is the same."""
    for n in range(12):
        indexed(
            title=f"Python role {n}" if n % 3 else f"Backend role {n}",
            description="<p>We write Python.</p>",
            industries=["engineering"] if n % 2 else ["data-science"],
            regions=[["germany"], ["usa"], []][n % 3],
            salary_min=40_000 + 5_000 * (n % 5),
            salary_max=60_000 + 5_000 * (n % 5),
            salary_currency="USD",
            salary_period="year",
            published_at=ago(hours=n * 7),
        )

    def pages() -> tuple[int, list[str], list[str]]:
        first = job_search(query=query, limit=3)
        second = job_search(query=query, limit=3, cursor=first.next_cursor)
        return first.total, [j.title for j in first.jobs], [j.title for j in second.jobs]

    exact = pages()
    assert exact[1]
    monkeypatch.setattr(selectors, "FACET_SAMPLE", 1)
    assert pages() == exact
    # Past the sample a page by salary walks the salary index when the matches are many.
    monkeypatch.setattr(postgres, "SALARY_WALK_MATCHES", 1)
    monkeypatch.setattr(sqlite, "SALARY_WALK_MATCHES", 1)
    assert pages() == exact
    # PostgreSQL tests the bit sets of common taxonomy terms on the rows, not in the GIN index.
    monkeypatch.setattr(postgres, "COMMON_TAGS_SHARE", 0.0)
    assert pages() == exact
    # PostgreSQL samples and pages a common match among the newest hours' jobs (hour tags in
    # the GIN match), in windows of several sizes.
    monkeypatch.setattr(postgres, "WINDOW_MATCHES", 0)
    monkeypatch.setattr(postgres, "HOUR_TAGS_SHARE", 1e9)
    with CaptureQueriesContext(connection) as queries:
        for margin in (0.02, 0.1, 0.5):
            monkeypatch.setattr(postgres, "SAMPLE_MARGIN", margin)
            assert pages() == exact
    if connection.vendor == "postgresql" and "e.document" in str(queries.captured_queries):
        assert postgres_text.HOUR_TAG_PREFIX in str(queries.captured_queries)
