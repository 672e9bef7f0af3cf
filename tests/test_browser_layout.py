"""Every main page on a phone (390x844) and a desktop (1280x800): no sideways scroll, the
header inside the screen, no text under 12 px, controls of at least 44 px, and in dark mode
text that axe finds readable. The checks themselves are in tests/layout_checks.py."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from careerboard.accounts.models import User
from careerboard.applications.services.applying import (
    ApplicantProfile,
    TrackedJob,
    application_apply,
    application_track,
)
from careerboard.applications.tests.conftest import PDF, private_dir  # noqa: F401
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.jobs.models import Job
from tests.layout_checks import MEASURE
from tests.test_accessibility import AXE, board  # noqa: F401
from tests.test_browser_employers import PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context(bypass_csp=True),
]

VIEWPORTS = [(390, 844), (1280, 800)]


def signed_in(browser, base: str, email: str, **options):
    """A browser context, signed in as `email` when one is given."""
    context = browser.new_context(**options)
    if email:
        page = context.new_page()
        page.goto(base + "/account/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/account/login" not in url)
        page.close()
    return context


def check_pages(browser, base: str, paths: list[str], email: str = "") -> list[str]:
    problems = []
    for width, height in VIEWPORTS:
        context = signed_in(browser, base, email, viewport={"width": width, "height": height})
        page = context.new_page()
        for path in paths:
            response = page.goto(base + path)
            assert response.ok, f"{path} answered {response.status}"
            # The top of the page, one screen down and the end: what covers a control may
            # only show once scrolled (a sticky bar over the last filter).
            for scroll in ("0", "innerHeight - 100", "document.documentElement.scrollHeight"):
                page.evaluate(f"window.scrollTo(0, {scroll})")
                problems += [f"{width}px {path}: {p}" for p in page.evaluate(MEASURE)]
        context.close()
    return list(dict.fromkeys(problems))


def dark_contrast(browser, base: str, paths: list[str], email: str = "") -> list[str]:
    context = signed_in(browser, base, email, color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    found = []
    for path in paths:
        page.goto(base + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ["color-contrast"]})).violations"""
        )
        found += [
            f"{path} {node['target']}: {node['failureSummary'][:120]}"
            for v in violations
            for node in v["nodes"][:5]
        ]
    context.close()
    return found


def test_public_pages_fit_every_screen(browser, live_server, board):  # noqa: F811
    paths = [
        "/",
        "/jobs",
        "/jobs?q=backend&region=europe",
        board.get_absolute_url(),
        board.company.get_absolute_url(),
        "/companies",
        "/careers/backend-developer",
        "/pricing",
        "/about",
    ]
    problems = check_pages(browser, live_server.url, paths)
    assert not problems, "\n".join(problems)
    found = dark_contrast(browser, live_server.url, paths)
    assert not found, "\n".join(found)


def test_on_a_phone_the_first_job_is_on_the_first_screen_and_the_menu_folds(
    browser,
    live_server,
    board,  # noqa: F811
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/jobs")
    card = page.locator(".job-card").first.bounding_box()
    assert card["y"] + card["height"] <= 844
    header = page.locator(".site-header")
    assert not header.get_by_role("link", name="Career guides", exact=True).is_visible()
    page.get_by_role("button", name="Menu").click()
    assert header.get_by_role("link", name="Career guides", exact=True).is_visible()
    page.keyboard.press("Escape")

    # The filter sheet: every filter can be reached, its actions stay on screen and, scrolled
    # to its end, cover nothing.
    page.get_by_role("link", name="Filters").click()
    sheet = page.locator("#filters")
    page.locator("#filters summary", has_text="Industry").click()
    assert page.get_by_role("button", name="Show jobs").is_visible()
    sheet.evaluate("sheet => { sheet.scrollTop = sheet.scrollHeight; }")
    assert page.get_by_label("Featured jobs only").is_visible()
    actions = page.locator(".filters-actions").bounding_box()
    assert actions["y"] + actions["height"] <= 844
    assert not page.evaluate(MEASURE)
    context.close()


def test_signed_in_pages_fit_every_screen(browser, live_server, board, private_dir):  # noqa: F811
    seeker = UserFactory(email="ada@example.com", name="Ada Lovelace")
    application_track(
        user=seeker, data=TrackedJob(title="Cook", company_name="Diner", status="interview")
    )
    employer = MembershipFactory(user__email="hiring@acme.example", company=board.company).user
    application_apply(
        user=seeker,
        job=board,
        profile=ApplicantProfile(
            name="Ada Lovelace with a rather long name",
            email="ada@example.com",
            phone="",
            location="London",
            links=[],
        ),
        resume=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
    )
    JobFactory(
        company=board.company, title="Data Engineer", status=Job.Status.PENDING, published_at=None
    )
    UserFactory(email="moderator@example.com", role=User.Role.STAFF, is_staff=True)
    pages = {
        seeker.email: ["/applications/", "/applications/board"],
        employer.email: ["/employer/", f"/employer/jobs/{board.pk}/applicants/board"],
        "moderator@example.com": ["/staff/moderation/"],
    }
    base = live_server.url
    problems = [
        p for email, paths in pages.items() for p in check_pages(browser, base, paths, email)
    ]
    assert not problems, "\n".join(problems)
    found = [
        p for email, paths in pages.items() for p in dark_contrast(browser, base, paths, email)
    ]
    assert not found, "\n".join(found)
