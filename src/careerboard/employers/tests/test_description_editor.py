"""The job form's description: typed as Markdown, stored as sanitized HTML, previewed before
it is saved (live with htmx, or with a button without JavaScript), and an existing description
edits back without loss."""

from __future__ import annotations

import html

import pytest

from careerboard.core import markdown
from careerboard.core.html import sanitize_html
from careerboard.core.markdown import html_shape
from careerboard.core.tests.factories import JobFactory
from careerboard.employers.tests.conftest import client_for, job_form_data
from careerboard.jobs.models import MAX_DESCRIPTION_LENGTH, Job

pytestmark = pytest.mark.django_db

MARKDOWN = (
    "# About Acme\n\nWe move **money** for thousands of shops, calmly.\n\n"
    "## What you will do\n\n- Build the payment APIs\n  - and their [docs](https://acme.example/docs)\n"
    "- Keep the *ledger* balanced\n\n<script>alert(1)</script>\n"
    '<p onclick="steal()">Click</p> [bad](javascript:alert(2))'
)


def test_a_description_typed_as_markdown_is_stored_as_safe_html(as_employer):
    response = as_employer.post("/employer/jobs/new", job_form_data(description=MARKDOWN))
    assert response.status_code == 302
    stored = Job.objects.get().description
    assert "<h2>About Acme</h2>" in stored and "<h3>What you will do</h3>" in stored
    assert "<strong>money</strong>" in stored and "<em>ledger</em>" in stored
    assert '<ul>\n<li>and their <a href="https://acme.example/docs"' in stored
    for gone in ("<script", "onclick", 'href="javascript'):
        assert gone not in stored
    preview = as_employer.get(response["Location"]).content.decode()
    assert "<h3>What you will do</h3>" in preview


def test_the_form_shows_the_preview_and_formatting_help(as_employer, company):
    job = JobFactory(
        company=company,
        description="<p>We are <b>remote</b>.</p><h3>Perks</h3><ul><li>Books</li><li>Time</li></ul>",
    )
    page = as_employer.get(f"/employer/jobs/{job.pk}/edit").content.decode()
    # The stored HTML is offered as Markdown, and the preview shows it as it is now.
    assert html.escape("We are **remote**.\n\n## Perks\n\n- Books\n- Time", quote=False) in page
    assert (
        '<div id="description-preview" class="description"><p>We are <strong>remote</strong>'
        in page
    )
    assert "Formatting help" in page
    assert 'hx-post="/employer/jobs/description-preview"' in page
    assert 'maxlength="50000"' in page


@pytest.mark.parametrize(
    "stored",
    [
        "<p>Build and run the APIs behind our product, with <em>care</em> &amp; tests.</p>"
        "<h2>You</h2><ol><li>Go<ul><li>or Rust</li></ul></li><li>SQL</li></ol>"
        "<blockquote><p>Best team.</p></blockquote><pre><code>make run\n</code></pre>",
        # What Markdown cannot say (a link with a space) stays HTML in the editor.
        '<p>Read <a href="https://acme.example/our handbook">the handbook</a> <u>first</u>.</p>'
        "<p>Then write to us, in at least thirty characters.</p>",
    ],
)
def test_saving_an_existing_description_unchanged_loses_nothing(as_employer, company, stored):
    job = JobFactory(company=company, description=stored)
    before = job.description
    shown = as_employer.get(f"/employer/jobs/{job.pk}/edit").context["form"]["description"]
    response = as_employer.post(
        f"/employer/jobs/{job.pk}/edit", job_form_data(description=shown.value())
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert html_shape(job.description) == html_shape(sanitize_html(before))


def test_the_live_preview_renders_through_the_same_sanitizer(as_employer):
    response = as_employer.post(
        "/employer/jobs/description-preview", {"description": MARKDOWN, "title": "ignored"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<h3>What you will do</h3>" in fragment and "<strong>money</strong>" in fragment
    assert "<script" not in fragment and "onclick" not in fragment
    assert "<html" not in fragment  # a fragment for htmx, not a page

    empty = as_employer.post("/employer/jobs/description-preview", {}).content.decode()
    assert "Nothing to show yet" in empty


def test_the_live_preview_refuses_what_the_form_refuses(as_employer):
    too_long = "x" * (MAX_DESCRIPTION_LENGTH + 1)
    response = as_employer.post("/employer/jobs/description-preview", {"description": too_long})
    assert response.status_code == 400
    assert "longer than 50,000 characters" in response.content.decode()
    assert as_employer.get("/employer/jobs/description-preview").status_code == 405
    form = as_employer.post("/employer/jobs/new", job_form_data(description=too_long))
    assert form.status_code == 400
    assert "at most 50000 characters" in form.content.decode()


@pytest.mark.parametrize("who", ["seeker", "staff", None])
def test_only_employers_use_the_preview(request, who):
    client = client_for(request.getfixturevalue(who) if who else None)
    response = client.post("/employer/jobs/description-preview", {"description": "# Hi"})
    assert response.status_code in (302, 404)
    assert "<h3>" not in response.content.decode()


def test_show_preview_without_javascript_saves_nothing_and_keeps_the_form(as_employer):
    data = job_form_data(description="## Perks\n\n- Books", title="", show_preview="1")
    response = as_employer.post("/employer/jobs/new", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not Job.objects.exists()
    assert '<div id="description-preview" class="description"><h3>Perks</h3>' in page
    assert "This field is required" not in page  # the title is left empty, and not yet wrong
    assert 'value="engineering" id="id_industries_0" checked' in page
    assert "<noscript><button" in page and "Show preview" in page


@pytest.fixture
def markdown_renders(monkeypatch) -> list[str]:
    """Every Markdown text rendered while a test runs (the real renderer, counted)."""
    rendered: list[str] = []
    render = markdown._markdown.render

    def counted(source: str, env=None) -> str:  # type: ignore[no-untyped-def]
        rendered.append(source)
        return render(source, env)

    monkeypatch.setattr(markdown._markdown, "render", counted)
    return rendered


def test_the_edit_page_renders_the_description_once(as_employer, company, markdown_renders):
    job = JobFactory(company=company, description="<p>We are <b>remote</b>.</p><h3>Perks</h3>")
    page = as_employer.get(f"/employer/jobs/{job.pk}/edit").content.decode()
    assert '<div id="description-preview" class="description"><p>We are <strong>remote' in page
    assert markdown_renders == ["We are **remote**.\n\n## Perks"]

    markdown_renders.clear()
    # Posted with a mistake elsewhere, the page comes back with the preview of what was typed.
    response = as_employer.post(
        f"/employer/jobs/{job.pk}/edit", job_form_data(description="## Books", title="")
    )
    assert response.status_code == 400
    assert '<div id="description-preview" class="description"><h3>Books</h3>' in (
        response.content.decode()
    )
    assert markdown_renders == ["## Books"]
