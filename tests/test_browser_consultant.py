"""The career consultant in a real browser: a Plus seeker fills the profile (the skills field
suggests catalog skills as they type), reads the report with its reasons (the role first: their
target role, a neighbouring role explained, not jobs of other roles naming one of their skills),
finds the responsibilities their years reach assumed on the profile, opens the recommended job
and applies to it."""

import re

import pytest
from playwright.sync_api import expect

from careerboard.applications.models import Application
from careerboard.applications.tests.conftest import PDF, private_dir  # noqa: F401
from careerboard.billing.services import local_checkout_complete
from careerboard.consultant.index import job_index_forget
from careerboard.consultant.tests.conftest import CONTENT, post_job
from careerboard.core.tests.factories import UserFactory
from careerboard.guides.services import guides_sync
from tests.helpers import account_menu
from tests.test_browser_employers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_profile_report_and_applying_to_a_recommended_job(page, live_server, private_dir):  # noqa: F811
    guides_sync(root=CONTENT)
    job_index_forget()
    fit = post_job(
        "Backend Engineer",
        "Python, PostgreSQL, Docker, REST APIs and CI/CD",
        levels=["midweight"],
        regions=["europe"],
        salary=(100_000, 120_000),
    )
    post_job("Frontend Developer", "React and CSS", levels=["midweight"])
    post_job("Cloud Security Engineer", "Python, AWS, IAM and SIEM", levels=["midweight"])
    post_job("DevOps Engineer", "Docker, Kubernetes and CI/CD", levels=["midweight"])
    user = UserFactory(email="grace@example.com", name="Grace Hopper")
    local_checkout_complete(user=user, price_key="plus-month")
    base = live_server.url

    sign_in(page, base, "grace@example.com")
    account_menu(page, "Career consultant")
    page.wait_for_url(re.compile(r"/consultant/profile$"))
    page.get_by_label("Current job title").fill("Software Developer")
    page.get_by_label("Years of experience").fill("3")
    skills = page.get_by_label("Skills")
    skills.press_sequentially("Python, postg", delay=20)
    # htmx fills the datalist with the field completed by catalog skills (aliases resolved).
    expect(page.locator("#skill-options option[value='Python, PostgreSQL']")).to_have_count(1)
    skills.fill("Python, SQL, git, unit testing, debugging, REST API, postgres, Docker, CI/CD")
    page.get_by_label("Target role").select_option("backend-developer")
    page.get_by_label("Germany").check()
    page.get_by_label("Salary expectation (USD per year)").fill("105000")
    page.get_by_role("button", name="Save and see my report").click()

    page.wait_for_url(re.compile(r"/consultant$"))
    expect(page.get_by_test_id("stage")).to_have_text("Backend Developer")
    # Three years reach Backend Developer; its responsibilities are assumed until unticked.
    expect(page.get_by_test_id("reasoning")).to_contain_text(
        "You cover 12 of the 14 skills and responsibilities it expects (86%)"
    )
    expect(page.get_by_test_id("current-gap")).to_contain_text("Database Management")
    recommendations = page.get_by_test_id("recommendations")
    expect(recommendations.locator("h3, h2").first).to_contain_text("Backend Engineer")
    expect(recommendations).to_contain_text("Back-End Developer: the role you want.")
    expect(recommendations).to_contain_text("You have 5 of the 5 skills it names")
    expect(recommendations).to_contain_text(
        "DevOps Engineer: a role next to Back-End Developer. Your CI/CD and Docker skills "
        "carry over."
    )
    expect(recommendations).not_to_contain_text("Frontend Developer")
    expect(recommendations).not_to_contain_text("Cloud Security Engineer")
    expect(page.get_by_test_id("history")).to_contain_text("86%")

    page.goto(f"{base}/consultant/profile")
    expect(page.get_by_label("Build features end to end")).to_be_checked()
    expect(page.get_by_label("Design system architecture")).not_to_be_checked()
    page.goto(f"{base}/consultant")

    recommendations.get_by_role("link", name="Backend Engineer").click()
    page.wait_for_url(re.compile(re.escape(fit.get_absolute_url()) + "$"))
    page.get_by_role("link", name="Apply now").click()
    expect(page.get_by_label("Full name")).to_have_value("Grace Hopper")
    page.get_by_label("Location").fill("Berlin, Germany")
    page.get_by_label("Résumé").set_input_files(
        files=[{"name": "grace-cv.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    expect(page.locator("#application-status")).to_have_text("Applied")
    assert Application.objects.get(user=user).job_id == fit.pk
    assert page.js_errors == []
