"""What a person types finds what they mean, on whichever database the run uses, and the alert
matcher agrees with the search on every query (search.analysis used by both)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerboard.alerts.matching import match
from careerboard.alerts.searches import saved_search_of
from careerboard.alerts.selectors import job_facts
from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.indexing import job_search_sync
from careerboard.jobs.selectors import job_search
from careerboard.search.query import JobQuery

pytestmark = pytest.mark.django_db

BOARD = [
    ("Back-End Developer", "Build our APIs in Python."),
    ("Senior Backend Engineer", "Go, Kubernetes (k8s) and PostgreSQL."),
    ("Frontend Developer", "React and TypeScript; work with back-end developers."),
    ("Full-Stack Engineer", "Node.js and Vue.js."),
    ("Site Reliability Engineer", "On call for our CI/CD."),
    ("Machine Learning Engineer", "PyTorch models."),
    ("C++ Developer", "Low latency."),
    ("C# / .NET Developer", "ASP.NET services."),
    ("Account Executive", "Sell our booking engine to hotels."),
    ("Production Manager", "Run the print production line."),
    ("Product Manager", "Own the roadmap."),
    ("Android Software Engineer", "Kotlin apps for Android phones."),
    ("Platform Engineer", "Terraform and on-call duty."),
    ("Customer Support Specialist", "Answer our customers by chat."),
    ("Game Programmer", "Unity gameplay."),
    ("Technical Recruiter", "Hire for every team."),
]


@pytest.fixture
def board():
    now = timezone.now()
    jobs = [
        JobFactory(title=title, description=f"<p>{body}</p>", published_at=now - timedelta(hours=i))
        for i, (title, body) in enumerate(BOARD)
    ]
    job_search_sync(job_ids=[job.pk for job in jobs])
    return jobs


def titles(text: str) -> list[str]:
    return [job.title for job in job_search(query=JobQuery(text=text), limit=50).jobs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The two titles naming the role, then a description naming it.
        (
            "backend developer",
            ["Back-End Developer", "Senior Backend Engineer", "Frontend Developer"],
        ),
        ("front-end", ["Frontend Developer"]),
        ("golang", ["Senior Backend Engineer"]),
        ("k8s", ["Senior Backend Engineer"]),
        ("sre", ["Site Reliability Engineer"]),
        ("ml engineer", ["Machine Learning Engineer"]),
        ("fullstack developer", ["Full-Stack Engineer"]),
        ("c++", ["C++ Developer"]),
        ("c#", ["C# / .NET Developer"]),
        (".net", ["C# / .NET Developer"]),
        ("node.js", ["Full-Stack Engineer"]),
        ("ci/cd", ["Site Reliability Engineer"]),
        ("product manager", ["Product Manager"]),
        ("role:backend-developer", ["Back-End Developer", "Senior Backend Engineer"]),
        # A role's name finds titles naming none of its synonyms by its words ...
        ("android developer", ["Android Software Engineer"]),
        # ... and its qualifier typed alone finds the role's other titles.
        ("devops", ["Platform Engineer"]),
        # Names of one function, and a short word of titles.
        ("customer service", ["Customer Support Specialist"]),
        ("game developer", ["Game Programmer"]),
        ("tech recruiter", ["Technical Recruiter"]),
        ("role", []),
    ],
)
def test_a_query_finds_the_jobs_a_person_means(board, text, expected):
    assert titles(text) == expected


def test_engineer_is_not_engine_and_title_matches_come_first(board):
    found = titles("engineer")
    assert "Account Executive" not in found
    # Every title match before the body-only ones; newest first among equals.
    assert found[:4] == [
        "Senior Backend Engineer",
        "Full-Stack Engineer",
        "Site Reliability Engineer",
        "Machine Learning Engineer",
    ]


def test_the_role_name_as_typed_ranks_before_its_other_names(board):
    # "Senior Backend Engineer" is newer than nothing here, but "back-end developer" is typed.
    assert titles("back-end developer")[0] == "Back-End Developer"


def test_a_search_without_results_suggests_the_closest_terms(board, client):
    result = job_search(query=JobQuery(text="golnag"))
    assert (result.total, result.suggestion) == (0, "golang")
    page = client.get("/jobs", {"q": "golnag", "type": "full-time"}).content.decode()
    assert "Did you mean" in page and 'href="?type=full-time&amp;q=golang"' in page
    api = client.get("/api/v1/jobs", {"q": "kubernets"}).json()
    assert (api["total"], api["suggestion"]) == (0, "kubernetes")
    assert client.get("/api/v1/jobs", {"q": "kubernetes"}).json()["suggestion"] is None


WORDS = [
    "backend", "back-end", "back", "end", "developer", "engineer", "engineers", "go", "golang",
    "k8s", "c++", "c#", ".net", "node.js", "ci/cd", "sre", "ml", "machine", "learning",
    "product", "manager", "engine", "role:backend-developer", "-python", "OR", '"back end"',
    "devops", "android", "programmer", "customer", "service", "tech", "role", '"backend developer"',
]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
def test_the_alert_matcher_finds_what_the_search_finds(board, words):
    text = " ".join(words)
    searched = {job.id for job in job_search(query=JobQuery(text=text), limit=100).jobs}
    params = QueryDict(mutable=True)
    params["q"] = text
    facts = job_facts(job_ids=[job.pk for job in board], now=timezone.now())
    matched = match([(1, saved_search_of(params.urlencode()).criteria)], facts).as_dict()
    assert set(matched.get(1, [])) == searched
