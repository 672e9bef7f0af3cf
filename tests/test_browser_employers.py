"""Employers and staff in a real browser: an employer posts with a preview, staff approve it from
the moderation page, and the job is found on /jobs; staff reject another with a reason the
employer reads; an employer adds a company and gives its page a description and a logo."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from careerboard.accounts.models import User
from careerboard.applications.tests.conftest import private_dir  # noqa: F401
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.jobs.models import Job
from tests.helpers import account_menu
from tests.layout_checks import MEASURE

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"  # the factories' password


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/account/login" not in url)


def test_post_approve_and_find_a_job(page, live_server):
    MembershipFactory(
        user__email="hiring@acme.example",
        company__name="Acme Payments",
        company__website="https://acme.example",
    )
    UserFactory(email="moderator@example.com", role=User.Role.STAFF, is_staff=True)
    base = live_server.url

    sign_in(page, base, "hiring@acme.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Post a job").click()
    page.get_by_label("Job title").fill("Ledger Reconciliation Engineer")
    page.get_by_label("Description").fill(
        "<p>Keep the double-entry ledger of a payments company balanced, in Go and Postgres.</p>"
    )
    page.get_by_label("Software Engineering").check()
    page.get_by_label("Full-Time").check()
    page.get_by_label("Europe", exact=True).check()
    page.get_by_label("Salary from").fill("80000")
    page.get_by_label("Salary to").fill("110000")
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("Paid per").select_option("year")
    page.get_by_role("button", name="Preview").click()

    page.wait_for_url(re.compile(r"/employer/jobs/\d+/preview$"))
    preview = page.locator(".preview")
    expect(preview.get_by_role("heading", name="Ledger Reconciliation Engineer")).to_be_visible()
    expect(preview).to_contain_text("EUR 80000\u2013110000 per year")
    expect(preview).to_contain_text("double-entry ledger")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(re.compile(r"/employer/$"))
    expect(page.locator(".messages")).to_contain_text("is waiting for review")
    expect(page.locator("#group-pending")).to_contain_text("In review")

    account_menu(page, "Log out", role="button")
    sign_in(page, base, "moderator@example.com")
    account_menu(page, "Moderation queue")
    page.locator(".queue-row summary", has_text="Ledger Reconciliation Engineer").click()
    expect(page.get_by_role("heading", name="Ledger Reconciliation Engineer")).to_be_visible()
    page.get_by_role("button", name="Approve: Ledger Reconciliation Engineer").click()
    expect(page.locator(".messages")).to_contain_text("is approved and live")
    expect(page.get_by_text("Nothing to review.")).to_be_visible()

    page.goto(base + "/jobs")
    page.get_by_label("Keywords").fill("ledger reconciliation")
    page.locator("#search-form summary", has_text="Industry").click()
    page.get_by_label("Software Engineering").check()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=ledger.*industry=engineering"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Ledger Reconciliation Engineer")).to_be_visible()
    expect(results).to_contain_text("Acme Payments")
    assert page.js_errors == []


def test_reject_a_job_and_the_employer_reads_why(page, live_server):
    employer = MembershipFactory(user__email="hiring@acme.example", company__name="Acme").user
    JobFactory(
        company=employer.memberships.get().company,
        title="Crypto Millionaire",
        status=Job.Status.PENDING,
        published_at=None,
        posted_by=employer,
    )
    UserFactory(email="moderator@example.com", role=User.Role.STAFF, is_staff=True)
    base = live_server.url

    sign_in(page, base, "moderator@example.com")
    account_menu(page, "Moderation queue")
    page.locator(".queue-row summary", has_text="Crypto Millionaire").click()
    page.get_by_role("button", name="Reject: Crypto Millionaire").click()
    # A reason is required: the form comes back with the error, nothing is rejected.
    expect(page.locator(".errorlist")).to_be_visible()
    assert Job.objects.get().status == Job.Status.PENDING
    page.get_by_label("Why is it rejected?").fill("No salary and no real duties.")
    page.get_by_role("button", name="Reject: Crypto Millionaire").click()
    expect(page.get_by_text("Nothing to review.")).to_be_visible()
    account_menu(page, "Log out", role="button")

    sign_in(page, base, "hiring@acme.example")
    account_menu(page, "Dashboard")
    expect(page.locator("section", has=page.locator("#group-rejected"))).to_contain_text(
        "Not approved. The reviewer wrote: No salary and no real duties."
    )
    # The empty reason's page answered 400, which chromium logs; nothing else may be logged.
    assert [e for e in page.js_errors if "status of 400" not in e] == []


def test_add_a_company_and_edit_its_page_with_a_logo(page, live_server, private_dir):  # noqa: F811
    MembershipFactory(user__email="hiring@acme.example", company__name="Acme")
    base = live_server.url

    sign_in(page, base, "hiring@acme.example")
    account_menu(page, "Dashboard")
    page.get_by_role("link", name="Add another company").click()
    page.get_by_label("Company name").fill("Ledgerly")
    page.get_by_label("Website").fill("ledgerly.example")
    page.get_by_role("button", name="Add the company").click()
    expect(page.locator(".messages")).to_contain_text("Ledgerly is added.")

    page.get_by_role("listitem").filter(has_text="Ledgerly").get_by_role(
        "link", name="Edit page"
    ).click()
    page.get_by_label("About the company").fill("We reconcile ledgers for small shops.")
    page.get_by_label("Logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(re.compile(r"/companies/ledgerly$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledgerly")
    expect(page.get_by_text("We reconcile ledgers for small shops.")).to_be_visible()
    # Beside the company's name the logo is decorative (alt=""), so it is found by its place.
    logo = page.locator("main img.logo.large")
    expect(logo).to_be_visible()
    assert logo.get_attribute("alt") == ""
    assert logo.evaluate("img => img.naturalWidth") == 32  # the stored file is served
    assert page.js_errors == []


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "teal").save(buffer, "PNG")
    return buffer.getvalue()


EDITOR_SIZES = [(390, 844), (1280, 800)]


def test_the_description_is_typed_as_markdown_and_previewed_as_it_is_typed(page, live_server):
    employer = MembershipFactory(user__email="hiring@acme.example", company__name="Acme").user
    job = JobFactory(
        company=employer.memberships.get().company,
        title="Payments Engineer",
        description="<p>We move money for <b>thousands</b> of shops.</p>"
        f"<pre><code>make deploy {'--flag=value ' * 12}</code></pre>",
    )
    base = live_server.url
    sign_in(page, base, "hiring@acme.example")
    page.goto(f"{base}/employer/jobs/{job.pk}/edit")
    description = page.get_by_label("Description")
    preview = page.get_by_role("region", name="Preview")
    # The stored HTML is offered as Markdown, and shown as it reads now.
    expect(description).to_have_value(
        re.compile(r"^We move money for \*\*thousands\*\* of shops\.")
    )
    expect(preview.locator("strong")).to_have_text("thousands")

    description.press("ControlOrMeta+End")
    description.press_sequentially("\n\n## What you will do\n\n- Build the *ledger*\n- Ship")
    expect(preview.get_by_role("heading", name="What you will do")).to_be_visible()
    expect(preview.get_by_role("listitem")).to_have_count(2)
    expect(preview.locator("em")).to_have_text("ledger")
    # The help opens from the keyboard.
    page.get_by_text("Formatting help").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table")).to_contain_text("a section heading")
    for width, height in EDITOR_SIZES:
        page.set_viewport_size({"width": width, "height": height})
        description.scroll_into_view_if_needed()
        assert page.evaluate(MEASURE) == [], width

    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url(re.compile(r"/employer/jobs/\d+/preview$"))
    saved = page.locator(".preview .description")
    expect(saved.get_by_role("heading", name="What you will do")).to_be_visible()
    expect(saved.locator("strong")).to_have_text("thousands")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(MEASURE) == []  # the long line of code scrolls inside its block
    assert page.js_errors == []


@pytest.mark.browser_context(java_script_enabled=False)
def test_without_javascript_the_description_previews_with_a_button(page, live_server):
    MembershipFactory(user__email="hiring@acme.example", company__name="Acme")
    base = live_server.url
    sign_in(page, base, "hiring@acme.example")
    page.goto(base + "/employer/jobs/new")
    page.get_by_label("Description").fill("## Perks\n\n- Books\n- **Time**")
    page.get_by_role("button", name="Show preview").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_role("heading", name="Perks")).to_be_visible()
    expect(page.get_by_label("Description")).to_have_value("## Perks\n\n- Books\n- **Time**")
    assert not Job.objects.exists()
