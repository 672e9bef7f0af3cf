"""The generated board as the product reads it: the guides' skill reader and market figures."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from careerboard.demo import company_words, generate, vocabulary
from careerboard.guides import selectors as guide_selectors
from careerboard.guides.models import GuideMarketSnapshot
from careerboard.guides.services import guide_market_refresh
from careerboard.guides.skill_matching import SkillMatcher
from careerboard.guides.tests.conftest import CONTENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill_reader(db):
    call_command("sync_guides", "--path", str(CONTENT), verbosity=0)
    return SkillMatcher(guide_selectors.skill_terms())


def test_the_words_every_ad_shares_name_no_skill(skill_reader):
    """Boilerplate naming a skill (a "collaboration" in the filler, a company "Swift Labs")
    would put that skill into every role's market figures."""
    shared = [
        *vocabulary.FILLER,
        *vocabulary.DUTIES,
        *vocabulary.TRAITS,
        *vocabulary.BENEFITS,
        *(phrase.format(skill="") for phrase in vocabulary.SKILL_PHRASES),
        *(sector.story for sector in company_words.SECTORS.values()),
        *(product for sector in company_words.SECTORS.values() for product in sector.products),
        *company_words.NAME_FIRST,
        *company_words.NAME_NOUN,
        *company_words.GENERIC_SUFFIXES,
        *(suffix for sector in company_words.SECTORS.values() for suffix in sector.suffixes),
    ]
    assert {
        text: skill_reader.skills_in(text) for text in shared if skill_reader.skills_in(text)
    } == {}


def test_the_skill_reader_finds_every_required_skill_of_every_generated_job(skill_reader):
    """What the guides' market figures and the consultant count is what each ad asks for,
    single-letter languages included (an Embedded Engineer's C)."""
    jobs = list(generate.jobs(1500, companies_count=60, now=timezone.now()))
    missed = {
        (job.title, slug)
        for job in jobs
        for slug in job.required_skills
        if slug not in skill_reader.skills_in(job.description)
    }
    assert missed == set()
    assert sum("c" in job.required_skills for job in jobs) >= 5


def test_the_guides_market_figures_on_the_demo_board_are_the_roles_own(skill_reader):
    call_command("seed_demo", companies=40, jobs=1200, verbosity=0)
    guide_market_refresh()
    snapshots = {
        s.guide.slug: s.figures for s in GuideMarketSnapshot.objects.select_related("guide")
    }

    def top(guide: str, n: int) -> set[str]:
        return {skill["slug"] for skill in snapshots[guide]["skills_asked"][:n]}

    assert top("backend-developer", 4) <= {
        "api-design",
        "sql",
        "postgresql",
        "version-control",
        "python",
        "java",
        "docker",
    }
    assert {"javascript", "typescript", "html", "css"} <= top("frontend-developer", 6)
    assert {"figma", "ux-design", "ui-design"} <= top("product-designer", 6)
    assert {"python", "machine-learning"} <= top("machine-learning-engineer", 6)
    for figures in snapshots.values():
        assert not top_has_marketing(figures)
    backend = snapshots["backend-developer"]
    medians = {row["level"]: row["median"] for row in backend["salary_by_level"] if row["median"]}
    assert medians["midweight"] < medians["senior"]


def top_has_marketing(figures) -> bool:
    return bool({s["slug"] for s in figures["skills_asked"][:6]} & {"seo", "copywriting"})
