"""The guide pages and the guides API: every section, the JSON-LD, search, sharing."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

from careerboard.core.tests.factories import JobFactory
from careerboard.guides.models import Guide
from careerboard.guides.services import guide_market_refresh

pytestmark = pytest.mark.django_db


def ld_blocks(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.fixture
def backend_page(synced, client) -> str:
    for days in range(6):
        JobFactory(
            title=f"Senior Backend Engineer {days}",
            slug="senior-backend-engineer",
            salary_min=100_000 + days * 10_000,
            salary_currency="USD",
            salary_period="year",
            industries=["engineering"],
        )
    guide_market_refresh()
    response = client.get("/careers/backend-developer")
    assert response.status_code == 200
    return response.content.decode()


def test_every_section_of_the_guide_is_on_the_page(backend_page):
    html = backend_page
    for heading in (
        "Overview",
        "Key aspects",
        "Responsibilities by level",
        "Junior",
        "Middle",
        "Senior",
        "Technical skills",
        "Soft skills",
        "Career progression",
        "Education and certifications",
        "Certifications",
        "Continuous learning",
        "Market trends",
        "Salaries",
        "Postings over the last 12 weeks",
        "Open jobs",
        "Frequently asked questions",
        "Related roles",
    ):
        assert re.search(rf"<h[234][^>]*>{heading}</h[234]>", html), heading
    for text in (
        "Server-side development",  # a key aspect
        "Build simple API endpoints",  # a junior responsibility
        "PostgreSQL",
        "Problem-Solving",  # skills
        "Backend Architecture Manager",
        "10+ years",
        "2\u20135 years",  # progression
        "Oracle Certified Professional: Java SE 17 Developer",
        "Mirantis",  # certifications
        "17% over 2023-2033",
        "https://www.bls.gov/ooh/computer-and-information-technology/software-developers.htm",
        "What does a Back-End Developer do?",  # FAQ
        'href="/careers/fullstack-developer"',  # related role
        "Senior Backend Engineer 5",  # an open job
    ):
        assert text in html, text


def test_charts_are_inline_svg_with_text_alternatives(backend_page):
    html = backend_page
    for chart in ("timeline-chart", "salary-chart", "trend-chart"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
        assert f'<title id="{chart}-title">' in html
        assert f'<desc id="{chart}-desc">' in html
    assert "<caption>Salaries in USD per year, from current postings</caption>" in html
    assert "Postings per week as a table" in html
    assert '<ol class="timeline">' in html


def test_json_ld_parses_and_has_the_right_types(backend_page):
    blocks = ld_blocks(backend_page)
    assert [b["@type"] for b in blocks] == ["Occupation", "FAQPage", "BreadcrumbList"]
    occupation, faq, crumbs = blocks
    assert occupation["name"] == "Back-End Developer"
    assert occupation["occupationalCategory"] == "Software Engineering"
    assert "PostgreSQL" in occupation["skills"]
    assert occupation["educationRequirements"][0]["credentialCategory"] == "degree"
    assert {"@type": "Organization", "name": "Amazon Web Services"} in [
        c.get("recognizedBy") for c in occupation["educationRequirements"]
    ]
    assert "Lead Backend Developer: 8+ years" in occupation["experienceRequirements"]
    assert "Mentor other developers" in occupation["responsibilities"]
    assert occupation["estimatedSalary"][0]["percentile25"] > 0
    assert len(faq["mainEntity"]) == 7
    assert faq["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home",
        "Career guides",
        "Back-End Developer",
    ]
    assert crumbs["itemListElement"][2]["item"].endswith("/careers/backend-developer")


def test_json_ld_cannot_be_broken_out_of(synced, client):
    guide = Guide.objects.get(slug="qa-engineer")
    guide.summary = 'Testers </script><script>alert("x")</script> & more'
    guide.save()
    html = client.get("/careers/qa-engineer").content.decode()
    assert "<script>alert" not in html
    occupation = ld_blocks(html)[0]
    assert occupation["description"] == guide.summary


def test_share_links_and_card_tags(backend_page, settings):
    html = backend_page
    url = f"{settings.SITE_URL}/careers/backend-developer"
    assert f'value="{url}" readonly' in html  # visible and selectable without JavaScript
    assert 'data-copy-from="share-url" hidden' in html
    links = dict(re.findall(r'<a href="([^"]+)"[^>]*>(Share [^<]+)</a>', html))
    by_name = {name: href.replace("&amp;", "&") for href, name in links.items()}
    linkedin = urlparse(by_name["Share on LinkedIn"])
    assert linkedin.netloc == "www.linkedin.com" and parse_qs(linkedin.query)["url"] == [url]
    x = urlparse(by_name["Share on X"])
    assert parse_qs(x.query)["url"] == [url]
    mail = by_name["Share by email"]
    assert mail.startswith("mailto:?subject=Back-End%20Developer%20career%20guide&body=")
    assert "http%3A%2F%2F" in mail or "https%3A%2F%2F" in mail
    for tag in (
        f'<meta property="og:url" content="{url}">',
        '<meta property="og:title" content="Back-End Developer career guide">',
        '<meta name="twitter:card" content="summary">',
        f'<link rel="canonical" href="{url}">',
    ):
        assert tag in html
    assert 'src="/static/guides/share.js"' in html
    assert "onclick" not in html
    assert 'href="/static/guides/guides.css"' in html


def test_open_jobs_link_goes_to_the_prefiltered_job_search(backend_page):
    assert 'href="/jobs?q=role%3Abackend-developer"' in backend_page


def test_each_guides_open_jobs_are_the_total_of_the_search_it_links_to(synced, client):
    from careerboard.guides.selectors import guide_detail
    from careerboard.jobs.indexing import job_search_sync
    from careerboard.jobs.selectors import job_search
    from careerboard.search.query import JobQuery

    jobs = [
        JobFactory(title=title, slug="job", description=f"<p>{body}</p>")
        for title, body in [
            ("Back-End Developer", ""),
            ("Senior Back End Engineer (Go)", ""),
            ("Frontend Developer", "You will work with back-end developers."),
            ("Javascript Developer", ""),
            ("ML Engineer", ""),
            ("SRE", ""),
            ("Site Reliability Engineer", ""),
            ("QA Analyst", ""),
        ]
    ]
    job_search_sync(job_ids=[job.pk for job in jobs])
    guide_market_refresh()
    counts = {}
    for slug in Guide.objects.values_list("slug", flat=True):
        page = client.get(f"/careers/{slug}").content.decode()
        link = re.search(r'href="(/jobs\?[^"]*)">Search all', page)
        assert link, slug
        query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
        market = guide_detail(slug=slug)["market"]
        counts[slug] = market["open_jobs"] if market else 0
        assert job_search(query=JobQuery(text=query["q"][0])).total == counts[slug], slug
    assert (counts["backend-developer"], counts["frontend-developer"]) == (2, 2)
    assert (counts["site-reliability-engineer"], counts["qa-engineer"]) == (2, 1)


def test_a_job_closed_since_the_refresh_leaves_the_open_jobs(backend_page, client):
    from careerboard.jobs.models import Job

    Job.objects.filter(title="Senior Backend Engineer 5").update(status=Job.Status.CLOSED)
    html = client.get("/careers/backend-developer").content.decode()
    assert "Senior Backend Engineer 5" not in html
    assert "Senior Backend Engineer 4" in html


def test_a_guide_before_its_first_market_refresh(synced, client):
    html = client.get("/careers/technical-writer").content.decode()
    assert "being computed" in html
    assert "No open jobs for this role right now." in html
    assert "estimatedSalary" not in html


def test_unknown_guide_is_404(synced, client):
    assert client.get("/careers/astronaut").status_code == 404


def test_index_lists_every_guide_and_searches(synced, client):
    html = client.get("/careers/").content.decode()
    assert html.count('class="guide-card"') == 16
    assert 'href="/careers/"' in html  # the nav link
    assert ">Career guides</a>" in html

    html = client.get("/careers/?q=Kubernetes+reliability").content.decode()
    assert "1 guide found" in html and "Site Reliability Engineer" in html

    html = client.get("/careers/?q=engineer&category=data-science").content.decode()
    titles = re.findall(r'<h2><a href="/careers/[^"]+">([^<]+)</a></h2>', html)
    assert titles == ["Data Engineer", "Machine Learning Engineer"]
    assert '<option value="data-science" selected>' in html


def test_index_answers_htmx_with_the_results_only(synced, client):
    response = client.get("/careers/?q=designer", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Product Designer" in html and "1 guide found" in html
    assert "HX-Request" in response["Vary"]


def test_index_bad_input_is_a_form_error(synced, client):
    response = client.get("/careers/?category=baking")
    assert response.status_code == 400
    assert 'id="category-errors"' in response.content.decode()
    response = client.get("/careers/?q=" + "x" * 101)
    assert response.status_code == 400
    assert 'id="q-errors"' in response.content.decode()


def test_api_lists_and_searches_guides(synced, client):
    guides = client.get("/api/v1/guides").json()
    assert len(guides) == 16
    assert guides[0] == {
        "slug": "backend-developer",
        "title": "Back-End Developer",
        "summary": guides[0]["summary"],
        "category": {"slug": "engineering", "name": "Software Engineering"},
        "url": "/careers/backend-developer",
    }
    found = client.get("/api/v1/guides", {"q": "writer"}).json()
    assert [g["slug"] for g in found] == ["technical-writer"]
    assert client.get("/api/v1/guides", {"q": "x" * 101}).status_code == 422


def test_api_guide_has_every_section_faq_and_market(backend_page, client):
    guide = client.get("/api/v1/guides/backend-developer").json()
    assert guide["progression"][3] == {
        "title": "Lead Backend Developer",
        "years_from": 8,
        "years_to": None,
        "years_label": "8+ years",
        "responsibilities": guide["progression"][3]["responsibilities"],
        "new_skills": guide["progression"][3]["new_skills"],
        "expected_skills": guide["progression"][3]["expected_skills"],
    }
    expected = [s["slug"] for s in guide["progression"][3]["expected_skills"]]
    assert expected[:5] == ["python", "sql", "version-control", "testing", "debugging"]
    assert "kubernetes" in expected and "budgeting" not in expected
    assert guide["responsibilities"]["middle"]["items"][0] == "Develop complex features"
    assert guide["education"]["certifications"][0]["issuer"] == "Amazon Web Services"
    assert guide["outlook"]["growth"]["source_year"] == 2024
    assert len(guide["faq"]) == 7
    assert guide["market"]["open_jobs"] == 6
    assert guide["market"]["salary"]["sample_size"] == 6
    assert client.get("/api/v1/guides/astronaut").json()["error"]["code"] == "not_found"


def test_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/guides" in paths and "/api/v1/guides/{slug}" in paths
