"""What people type finds what they mean, in a real browser: a spelling variant, a tech symbol,
and a typo answered by "Did you mean"."""

import pytest

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.indexing import job_search_rebuild

pytestmark = pytest.mark.django_db(transaction=True)


def search(page, live_server, keywords: str):
    page.goto(live_server.url + "/jobs")
    page.get_by_label("Keywords").fill(keywords)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/jobs?**")
    return page.locator("#results")


def test_a_spelling_variant_finds_the_role(page, live_server):
    JobFactory(title="Back-End Developer", slug="backend")
    JobFactory(title="Senior Backend Engineer", slug="backend-engineer")
    JobFactory(title="Product Designer", slug="designer")
    job_search_rebuild()
    results = search(page, live_server, "back end developer")
    assert results.locator(".result-count").inner_text().startswith("2 jobs")
    names = results.locator(".job-list a[href*='/jobs/']").all_inner_texts()
    assert names.index("Back-End Developer") < names.index("Senior Backend Engineer")
    assert page.js_errors == []


def test_a_symbol_is_searched_as_it_is(page, live_server):
    JobFactory(title="C++ Developer", slug="cpp")
    JobFactory(title="C Developer", slug="c")
    JobFactory(title="C# Developer", slug="csharp")
    job_search_rebuild()
    results = search(page, live_server, "c++")
    assert results.locator(".result-count").inner_text().startswith("1 job")
    assert results.get_by_role("link", name="C++ Developer", exact=True).count() == 1
    assert page.js_errors == []


def test_a_typo_offers_the_term_it_misspells(page, live_server):
    JobFactory(title="Kubernetes Platform Engineer", slug="k8s")
    job_search_rebuild()
    results = search(page, live_server, "kubernets")
    assert "No jobs match this search" in results.inner_text()
    results.get_by_role("link", name="kubernetes").click()
    page.wait_for_url("**q=kubernetes**")
    assert page.locator(".result-count").inner_text().startswith("1 job")
    assert page.js_errors == []
