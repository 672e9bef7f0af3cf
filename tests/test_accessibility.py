"""Accessibility: axe-core, run in chromium on the pages people use most, finds no serious or
critical violation (contrast, labels, names of links and buttons, landmarks, ...).

axe-core is vendored (tests/vendor/axe-core/, see its README): the suite needs no Node.js and
no network.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from careerboard.accounts.models import User
from careerboard.alerts.services import alert_create
from careerboard.applications.services.applying import (
    ApplicantProfile,
    TrackedJob,
    application_apply,
    application_track,
)
from careerboard.applications.services.bookmarks import bookmark_add
from careerboard.applications.tests.conftest import PDF, private_dir  # noqa: F401
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.guides.services import guide_market_refresh, guides_sync
from careerboard.guides.tests.conftest import CONTENT
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.models import Job
from tests.helpers import account_menu
from tests.test_browser_employers import sign_in

# The injected axe script is inline, which our CSP (script-src 'self') would refuse.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context(bypass_csp=True),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SEVERE = {"serious", "critical"}


def severe_violations(page) -> list[str]:
    """axe's serious and critical findings on the page as it is now, one line each."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} at "
        + json.dumps([node["target"] for node in v["nodes"][:5]])
        for v in violations
        if v["impact"] in SEVERE
    ]


def audit(page, base: str, paths: list[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        response = page.goto(base + path)
        if not response.ok:  # an error page would pass for the page meant
            found.append(f"{path} answered {response.status}")
            continue
        found += severe_violations(page)
    return found


def test_the_audit_finds_a_broken_page(page, live_server):
    """The check itself: on one of our pages with an unlabelled image and an empty link added,
    axe runs despite the CSP and reports both."""
    page.goto(live_server.url + "/pricing")
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<img src="/static/x.png"><a href="/jobs"></a>')"""
    )
    found = " ".join(severe_violations(page))
    assert "image-alt" in found
    assert "link-name" in found


@pytest.fixture
def board(db):
    guides_sync(root=CONTENT)
    job = JobFactory(
        title="Senior Backend Engineer",
        description="<p>Build our payment APIs in Python and Postgres.</p>",
        industries=["engineering"],
        regions=["europe"],
        job_types=["full-time"],
        salary_min=90000,
        salary_max=120000,
        salary_currency="EUR",
        salary_period="year",
        featured=True,
    )
    job_search_rebuild()
    guide_market_refresh()
    return job


def test_public_pages_have_no_serious_accessibility_violations(page, live_server, board):
    paths = [
        "/",
        "/jobs",
        "/jobs?q=backend&region=europe",
        board.get_absolute_url(),
        board.company.get_absolute_url(),
        "/careers/",
        "/careers/backend-developer",
        "/pricing",
        "/account/login/",
        "/account/signup/",
        "/account/password-reset/",
    ]
    found = audit(page, live_server.url, paths)
    assert not found, "\n".join(found)


def test_seeker_pages_have_no_serious_accessibility_violations(page, live_server, board):
    seeker = UserFactory(email="ada@example.com", name="Ada Lovelace")
    bookmark_add(user=seeker, job=board)
    tracked = application_track(
        user=seeker, data=TrackedJob(title="Cook", company_name="Diner", status="interview")
    )
    alert = alert_create(user=seeker, params={"q": "python"})
    sign_in(page, live_server.url, "ada@example.com")
    paths = [
        "/account/",
        "/jobs?q=backend",
        board.get_absolute_url(),
        f"/apply/{board.pk}/",
        "/saved/",
        "/applications/",
        "/applications/board",
        f"/applications/{tracked.pk}/",
        "/alerts/",
        f"/alerts/{alert.pk}/edit",
        "/billing/",
        "/pricing",
        "/account/notifications/",
        "/account/sessions/",
        "/account/tokens/",
        "/account/two-factor/",
        "/account/export/",
        "/consultant",  # on Free: the upgrade page with a sample report
    ]
    found = audit(page, live_server.url, paths)
    assert not found, "\n".join(found)


def test_employer_and_staff_pages_have_no_serious_accessibility_violations(
    page,
    live_server,
    board,
    private_dir,  # noqa: F811
):
    employer = MembershipFactory(user__email="hiring@acme.example", company=board.company).user
    application = application_apply(
        user=UserFactory(name="Ada Lovelace"),
        job=board,
        profile=ApplicantProfile(
            name="Ada Lovelace", email="ada@example.com", phone="", location="London", links=[]
        ),
        resume=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        cover_letter="I build payment APIs.",
    )
    JobFactory(
        company=board.company, title="Data Engineer", status=Job.Status.PENDING, published_at=None
    )
    UserFactory(email="moderator@example.com", role=User.Role.STAFF, is_staff=True)
    base = live_server.url

    sign_in(page, base, employer.email)
    found = audit(
        page,
        base,
        [
            "/employer/",
            "/employer/jobs/new",
            f"/employer/companies/{board.company.slug}/edit",
            f"/employer/jobs/{board.pk}/applicants",
            f"/employer/jobs/{board.pk}/applicants/board",
            f"/employer/jobs/{board.pk}/applicants/{application.pk}",
        ],
    )
    # A form sent empty: every error must be tied to its field.
    page.goto(base + "/employer/jobs/new")
    page.get_by_role("button", name="Preview").click()
    page.locator(".errorlist").first.wait_for()
    found += severe_violations(page)
    account_menu(page, "Log out", role="button")

    sign_in(page, base, "moderator@example.com")
    found += audit(page, base, ["/staff/moderation/"])
    assert not found, "\n".join(found)
