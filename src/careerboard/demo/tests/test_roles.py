"""The role catalog and the coherence of the jobs generated from it (plain functions, no db)."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from careerboard.demo import generate, roles

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_catalog_has_every_guide_and_the_common_remote_roles():
    catalog = roles.load_roles()
    guides = {path.stem for path in (roles.CONTENT_DIR / "guides").glob("*.yaml")}
    assert len(catalog) >= 40
    assert guides <= {role.guide for role in catalog.values()}
    for slug in (
        "cpp-developer",
        "dotnet-developer",
        "react-native-developer",
        "android-developer",
        "ios-developer",
        "ruby-on-rails-developer",
        "php-developer",
        "salesforce-developer",
        "data-analyst",
        "support-engineer",
        "account-executive",
        "accountant",
        "recruiter",
    ):
        assert slug in catalog


def test_a_broken_catalog_names_the_role_and_the_problem(tmp_path: Path):
    content = tmp_path / "content"
    (content / "guides").mkdir(parents=True)
    (content / "skills.yaml").write_text(
        "- {slug: python, name: Python, kind: technical, aliases: []}\n"
    )
    (content / "roles.yaml").write_text(
        "- {slug: py, title: Py Dev, family: backend, industry: engineering, titles: [Py Dev],"
        " required: [python, cobol], duties: [Code], salary: [1, 2]}\n"
    )
    with pytest.raises(roles.RoleCatalogError, match=r"'py'.*\['cobol'\]"):
        roles.load_roles(content)


def test_title_variants_carry_the_level_words_boards_use():
    variants = roles.role("backend-developer").title_variants("senior")
    assert {
        "Senior Back-End Developer",
        "Sr. Backend Engineer",
        "Senior Back End Developer",
    } <= set(variants)


def test_relevance_grades_same_role_neighbours_and_strangers():
    assert roles.relevance("backend-developer", "backend-developer") == 2
    assert roles.relevance("backend-developer", "python-developer") == 1
    assert roles.relevance("ios-developer", "android-developer") == 1
    assert roles.relevance("backend-developer", "accountant") == 0


def test_every_generated_job_asks_for_its_roles_skills_and_is_filed_under_its_industry():
    names = roles.skill_names()
    for job in generate.jobs(600, companies_count=40, now=NOW):
        role = roles.role(job.role)
        assert set(role.required) <= set(job.required_skills)
        for slug in job.required_skills:
            assert names[slug] in job.description
        assert job.industries == [role.industry]
        title = job.title.removesuffix(" Intern")
        assert any(title.endswith(variant) for variant in role.titles), job.title
        assert (title != job.title) == (job.job_types == ["internship"])
        assert not set(job.nice_skills) & set(job.required_skills)


def test_the_same_seed_gives_the_same_jobs():
    first = [
        (j.role, j.title, j.description) for j in generate.jobs(50, companies_count=9, now=NOW)
    ]
    again = [
        (j.role, j.title, j.description) for j in generate.jobs(50, companies_count=9, now=NOW)
    ]
    other = [j.title for j in generate.jobs(50, companies_count=9, now=NOW, seed=7)]
    assert first == again
    assert [title for _, title, _ in first] != other


def test_a_guide_roles_titles_are_counted_for_its_guide_and_no_other():
    """The guides' market figures attribute a job by its title holding a guide synonym as whole
    words; a generated title must land in its own role's guide only."""
    synonyms = {}
    for path in (roles.CONTENT_DIR / "guides").glob("*.yaml"):
        guide = yaml.safe_load(path.read_text(encoding="utf-8"))
        synonyms[guide["slug"]] = [s.lower() for s in [guide["title"], *guide["synonyms"]]]

    def guides_of(title: str) -> set[str]:
        return {
            slug
            for slug, words in synonyms.items()
            if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", title.lower()) for w in words)
        }

    for role in roles.roles():
        for title in role.title_variants():
            assert guides_of(title) <= {role.guide}, (role.slug, title)
            if role.guide == role.slug:
                assert guides_of(title) == {role.guide}, (role.slug, title)
