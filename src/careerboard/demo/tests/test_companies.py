"""Generated companies and their logos, and the board-wide mix of generated jobs."""

import io
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

from PIL import Image

from careerboard.demo import generate, logos

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_million_job_board_has_distinct_plausible_company_names():
    companies = generate.companies(20_000)
    assert len({c.name for c in companies}) == 20_000
    assert len({c.slug for c in companies}) == 20_000
    assert not [c.name for c in companies if re.search(r"\d", c.name)]
    assert all(re.fullmatch(r"https://[a-z-]+\.example", c.website) for c in companies)


def test_a_company_page_and_its_job_ads_describe_the_same_product():
    companies = generate.companies(30)
    for company in companies:
        assert company.description.startswith(f"{company.name} builds {company.product}.")
    for job in generate.jobs(100, companies_count=30, now=NOW):
        company = companies[job.company_index]
        assert f"{company.name} builds {company.product}." in job.description


def test_logos_are_deterministic_pngs_in_several_styles():
    companies = generate.companies(60)
    assert {c.logo_style for c in companies} == set(logos.STYLES)
    for style in logos.STYLES:
        png = logos.logo_png("BP", style=style, colour=3)
        assert png == logos.logo_png("BP", style=style, colour=3)
        image = Image.open(io.BytesIO(png))
        assert (image.format, image.size) == ("PNG", (logos.SIZE, logos.SIZE))
    # The monogram is drawn: two monograms on the same ground give different images.
    assert logos.logo_png("AB", style="tile", colour=0) != logos.logo_png(
        "XY", style="tile", colour=0
    )


def test_generated_jobs_follow_the_mix_of_a_real_board():
    jobs = list(generate.jobs(3000, companies_count=300, now=NOW, min_words=20, max_words=30))
    share = lambda n: n / len(jobs)  # noqa: E731
    assert 0.55 <= share(sum(j.salary_min is not None for j in jobs)) <= 0.65
    assert 0.35 <= share(sum(not j.regions for j in jobs)) <= 0.45
    levels = Counter(level for j in jobs for level in j.levels)
    assert levels["senior"] > levels["junior"] > levels["entry"] > 0
    assert all(NOW - timedelta(days=30) <= j.published_at <= NOW for j in jobs)
    roles = Counter(j.role for j in jobs)
    assert len(roles) >= 55
    assert roles["backend-developer"] > roles["accountant"]
