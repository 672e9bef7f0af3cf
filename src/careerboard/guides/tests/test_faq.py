"""The FAQ is written from the guide's data: change the data and the answers change with it."""

from __future__ import annotations

import pytest

from careerboard.guides.faq import guide_faq
from careerboard.guides.models import Guide
from careerboard.guides.selectors import guide_detail

pytestmark = pytest.mark.django_db


def answers(slug: str) -> dict[str, str]:
    return {item["question"]: item["answer"] for item in guide_detail(slug=slug)["faq"]}


def test_backend_faq_answers_from_the_guide(synced):
    faq = answers("backend-developer")
    assert list(faq) == [
        "What does a Back-End Developer do?",
        "What skills does a Back-End Developer need?",
        "What is the career path of a Back-End Developer?",
        "What education and certifications does a Back-End Developer need?",
        "What is the job market outlook for Back-End Developers?",
        "What are the key responsibilities of a Back-End Developer?",
        "Where are the opportunities for Back-End Developers?",
    ]
    path = faq["What is the career path of a Back-End Developer?"]
    assert (
        "Junior Backend Developer (0\u20132 years), Backend Developer (2\u20135 years), Senior Backend "
        "Developer (5\u20138 years), Lead Backend Developer (8+ years) and Backend Architecture "
        "Manager (10+ years)"
    ) in path
    assert "Senior Backend Developer adds System Design" in path
    skills = faq["What skills does a Back-End Developer need?"]
    assert "Python, Java, PHP, SQL" in skills
    assert (
        "Soft skills matter as much: Problem-Solving, Communication, Analytical Thinking" in skills
    )
    education = faq["What education and certifications does a Back-End Developer need?"]
    assert "AWS Certified Developer \u2013 Associate (Amazon Web Services)" in education
    outlook = faq["What is the job market outlook for Back-End Developers?"]
    assert "projects growth of 17% over 2023-2033" in outlook
    assert "U.S. Bureau of Labor Statistics" in outlook
    duties = faq["What are the key responsibilities of a Back-End Developer?"]
    assert duties.startswith("At junior level they build simple API endpoints")
    assert "at senior level they design system architecture" in duties


def test_changing_a_stage_changes_the_answer(synced):
    guide = Guide.objects.get(slug="backend-developer")
    stage = guide.stages.get(title="Lead Backend Developer")
    stage.title, stage.years_to = "Principal Backend Engineer", 12
    stage.save()
    guide.save()  # as the admin does when a stage is saved: the guide's edit time moves on
    path = answers("backend-developer")["What is the career path of a Back-End Developer?"]
    assert "Principal Backend Engineer (8\u201312 years)" in path
    assert "Lead Backend Developer" not in path


def test_articles_and_declines_read_naturally(synced):
    detail = guide_detail(slug="engineering-manager")
    assert detail["faq"][0]["question"] == "What does an Engineering Manager do?"
    detail["outlook"]["growth"]["percent"] = -3.5
    outlook = guide_faq(detail)[4]["answer"]
    assert "projects a decline of 3.5% over" in outlook


def test_opportunities_answer_uses_live_market_figures(synced):
    detail = guide_detail(slug="qa-engineer")
    assert "careerboard lists" not in detail["faq"][6]["answer"]
    detail["market"] = {
        "open_jobs": 12,
        "anywhere_percent": 25,
        "regions": [{"name": "Europe"}, {"name": "USA"}],
    }
    answer = guide_faq(detail)[6]["answer"]
    assert "careerboard lists 12 open remote QA Engineer jobs right now" in answer
    assert "25% of them are open to people anywhere" in answer
    assert "the regions hiring most are Europe and USA" in answer
