"""Hostile input: script through every field that is shown as HTML, SQL through every search
parameter, and bodies that are too big, malformed or of the wrong type. Nothing executable
reaches a page, nothing reaches the database as SQL, and bad input is a clear 4xx that stores
nothing."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client

from careerboard.accounts.models import User
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.accounts.services.profile import profile_update
from careerboard.alerts.models import Alert
from careerboard.alerts.services import alert_create
from careerboard.applications.models import Application, Bookmark
from careerboard.applications.services.applying import ApplicantProfile, application_apply
from careerboard.applications.services.bookmarks import bookmark_add, bookmark_note_update
from careerboard.applications.services.tracking import Tracking, application_tracking_update
from careerboard.companies.models import Company
from careerboard.companies.services import company_update
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.guides.models import Guide
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.models import Job
from careerboard.jobs.services import JobInput, job_approve, job_create, job_submit

pytestmark = pytest.mark.django_db

# Each payload is written after a marker, so a test can tell that the field reached the page.
XSS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt&#x3A;alert(1)">click</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<div style="width: expression(alert(1)); background: url(javascript:alert(1))">x</div>',
    '<iframe src="javascript:alert(1)"></iframe><object data="javascript:alert(1)"></object>',
    "</script><script>alert(1)</script>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button>',
    '<body onload=alert(1)><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]
PAYLOAD = " ".join(XSS)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class ExecutableFinder(HTMLParser):
    """Everything a browser would run from a page: script elements that are not our own
    files or JSON-LD data, event-handler attributes, script URLs, CSS expressions, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag == "script":
            ours = values.get("src", "").startswith("/static/") and not any(
                v for n, v in values.items() if n not in ("src", "defer", "type", "async")
            )
            if not ours and values.get("type") != "application/ld+json":
                self.found.append(f"<script {values}>")
        if tag in ("iframe", "object", "embed", "base", "frame"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            squeezed = "".join(value.split()).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and ("expression(" in squeezed or "javascript:" in squeezed):
                self.found.append(f"<{tag} style={value!r}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def executable_parts(html: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(html)
    return finder.found


def assert_safe(client: Client, url: str, marker: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert marker in html, f"{marker} is not on {url}: the test does not reach the field"
    assert executable_parts(html) == [], (url, executable_parts(html))


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def hostile(settings, tmp_path):
    """Every HTML-shown field of a company, a job, a seeker and what they wrote, filled with
    the corpus after a marker naming the field."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    membership = MembershipFactory(company__name="Acme", company__slug="acme")
    employer, company = membership.user, membership.company
    company_update(
        company=company,
        by=employer,
        name="MARK-company-name " + PAYLOAD[:150],
        website="https://acme.example",
        description="MARK-company-description " + PAYLOAD,
    )
    staff = UserFactory(is_staff=True)

    def posted(name: str) -> Job:
        job = job_create(
            company=company,
            by=employer,
            data=JobInput(
                title=f"MARK-{name}-title " + PAYLOAD[:150],
                description=f"<p>MARK-{name}-description, a long enough text.</p>" + PAYLOAD,
            ),
        )
        return job_submit(job=job, by=employer)

    job = job_approve(job=posted("job"), by=staff)
    pending = posted("pending")
    job_search_rebuild()
    seeker = UserFactory(email="ada@example.com")
    profile_update(user=seeker, name="MARK-seeker-name " + PAYLOAD[:100])
    bookmark = bookmark_add(user=seeker, job=job)
    bookmark_note_update(user=seeker, bookmark=bookmark, note="MARK-bookmark-note " + PAYLOAD)
    application = application_apply(
        user=seeker,
        job=job,
        profile=ApplicantProfile(
            name="MARK-applicant-name " + PAYLOAD[:100],
            email=seeker.email,
            location="MARK-applicant-location " + PAYLOAD[:100],
        ),
        resume=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        cover_letter="MARK-cover-letter " + PAYLOAD,
    )
    application_tracking_update(
        user=seeker,
        application=application,
        tracking=Tracking(notes="MARK-application-notes " + PAYLOAD, next_step="MARK-next-step"),
    )
    alert_create(user=seeker, params=QueryDict("q=python"), name="MARK-alert-name " + PAYLOAD[:150])
    return {
        "employer": employer,
        "company": company,
        "job": job,
        "pending": pending,
        "seeker": seeker,
        "staff": staff,
        "application": application,
    }


def test_stored_script_never_reaches_a_public_page(hostile, client):
    job = hostile["job"]
    assert_safe(client, job.get_absolute_url(), "MARK-job-description")
    assert_safe(client, job.get_absolute_url(), "MARK-job-title")
    assert_safe(client, job.get_absolute_url(), "MARK-company-name")
    assert_safe(client, "/jobs?q=MARK", "MARK-job-title")
    assert_safe(client, "/companies/acme", "MARK-company-description")


def test_stored_script_never_reaches_the_seekers_pages(hostile):
    seeker = signed_in(hostile["seeker"])
    assert_safe(seeker, "/account/", "MARK-seeker-name")
    assert_safe(seeker, "/saved/", "MARK-bookmark-note")
    assert_safe(seeker, "/applications/", "MARK-job-title")
    assert_safe(seeker, f"/applications/{hostile['application'].pk}/", "MARK-application-notes")
    assert_safe(seeker, f"/applications/{hostile['application'].pk}/", "MARK-cover-letter")
    assert_safe(seeker, "/alerts/", "MARK-alert-name")


def test_stored_script_never_reaches_the_employers_and_staffs_pages(hostile):
    employer = signed_in(hostile["employer"])
    job, pending = hostile["job"], hostile["pending"]
    assert_safe(employer, "/employer/", "MARK-pending-title")
    assert_safe(employer, f"/employer/jobs/{pending.pk}/preview", "MARK-pending-description")
    assert_safe(employer, f"/employer/jobs/{job.pk}/applicants", "MARK-applicant-name")
    detail = f"/employer/jobs/{job.pk}/applicants/{hostile['application'].pk}"
    assert_safe(employer, detail, "MARK-cover-letter")
    assert_safe(employer, detail, "MARK-applicant-location")
    assert_safe(employer, "/employer/companies/acme/edit", "MARK-company-description")
    staff = signed_in(hostile["staff"])
    assert_safe(staff, "/staff/moderation/", "MARK-pending-title")
    assert_safe(staff, f"/staff/moderation/{pending.pk}/", "MARK-pending-description")


def test_a_guide_edited_by_staff_shows_no_script(db, client):
    from django.conf import settings

    from careerboard.guides.services import guides_sync

    guides_sync(root=Path(settings.BASE_DIR) / "content")
    guide = Guide.objects.order_by("slug").first()
    guide.title = "MARK-guide-title " + PAYLOAD[:90]
    guide.summary = "MARK-guide-summary " + PAYLOAD
    guide.overview = "MARK-guide-overview " + PAYLOAD
    guide.key_aspects = ["MARK-guide-aspect " + PAYLOAD]
    guide.demand_note = "MARK-guide-demand " + PAYLOAD[:200]
    guide.save()
    for marker in ("MARK-guide-summary", "MARK-guide-overview", "MARK-guide-aspect"):
        assert_safe(client, guide.get_absolute_url(), marker)
    assert_safe(client, "/careers/", "MARK-guide-title")


def test_the_finder_sees_what_a_browser_would_run():
    """The checks above can fail: the raw corpus, unescaped, is full of executable parts."""
    found = executable_parts(f"<html><body>{PAYLOAD}</body></html>")
    assert any(part.startswith("<script") for part in found)
    assert any("onerror" in part for part in found)
    assert any("javascript" in part.lower() for part in found)
    assert any("expression" in part for part in found)
    assert executable_parts('<script src="/static/core/app.js" defer></script>') == []


def test_script_urls_are_refused_where_a_link_is_stored(hostile):
    """Links people give (a company's website, an applicant's links) are refused unless they
    are http(s), rather than shown as a link that runs script."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        company_update(
            company=hostile["company"],
            by=hostile["employer"],
            name="Acme",
            website="javascript:alert(1)",
            description="",
        )
    other_job = JobFactory(company=hostile["company"], title="Second job")
    with pytest.raises(ValidationError):
        application_apply(
            user=hostile["seeker"],
            job=other_job,
            profile=ApplicantProfile(
                name="Ada",
                email="ada@example.com",
                location="London",
                links=["javascript:alert(1)"],
            ),
            resume=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        )
    assert Company.objects.get(pk=hostile["company"].pk).website == "https://acme.example"
    assert not Application.objects.filter(job=other_job).exists()


# --- SQL through every search parameter ---------------------------------------------------------

SQL = [
    "' OR '1'='1",
    "nomatch' OR 1=1 --",
    "1; DROP TABLE jobs_job; --",
    "1' UNION SELECT id, email, password FROM accounts_user --",
    "') OR ('x'='x",
    '" OR ""="',
    "%' AND 1=(SELECT COUNT(*) FROM accounts_user) AND '%'='",
    "1 AND pg_sleep(5)",
    "nomatch'; SELECT sqlite_version(); --",
    "\\'; --",
    "nomatch & !x | y:* <-> (z",
    'nomatch" NEAR(a b) OR title:*',
]
SEARCH_PARAMETERS = [
    "q", "industry", "type", "level", "region", "company", "salary_min", "salary_max",
    "posted_within", "featured", "tz_min", "tz_max", "sort", "limit", "cursor",
]  # fmt: skip
ENDPOINTS = {
    "/jobs": SEARCH_PARAMETERS,
    "/jobs/feed": SEARCH_PARAMETERS,
    "/jobs/feed/atom": SEARCH_PARAMETERS,
    "/api/v1/jobs": SEARCH_PARAMETERS,
    "/api/v2/remote-jobs": ["count", "geo", "industry", "tag", "cursor", "get"],
    "/feed/job_feed": [
        "job_categories",
        "job_types",
        "search_keywords",
        "search_region",
        "industry",
        "type",
        "tag",
        "geo",
    ],
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_sql_in_any_search_parameter_is_only_text(endpoint, client):
    """Every parameter of every search takes every string: a plain answer or a clear 400/422,
    never a server error, never more jobs than match, and the tables stay as they were."""
    from careerboard.jobs.indexing import job_search_sync

    job = JobFactory(title="Backend Engineer", industries=["engineering"])
    job_search_sync(job_ids=[job.pk])
    people = User.objects.count()
    for name in ENDPOINTS[endpoint]:
        for value in SQL:
            response = client.get(endpoint, {name: value})
            assert response.status_code in (200, 400, 422), (endpoint, name, value)
            body = response.content.decode()
            if response.status_code == 200 and name in ("q", "tag"):
                # Read as keywords, every string above holds "nomatch" or matches no word of
                # the one job; an injected OR would have returned it.
                assert "Backend Engineer" not in body or "nomatch" not in value, (name, value)
    assert Job.objects.filter(pk=job.pk).exists()
    assert User.objects.count() == people
    assert client.get(endpoint).status_code == 200


# --- Malformed and oversized input --------------------------------------------------------------


@pytest.fixture
def api_seeker(db):
    seeker = UserFactory()
    _, raw = access_token_create(user=seeker, name="t", scope="write", expires_in_days=None)
    return seeker, Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _error(response) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body["error"]) == {"status", "code", "message", "fields"}, body
    return body["error"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b'{"search": {"q": "python"', 400),
        (b"[]", 422),
        (b'"a string"', 422),
        (b"null", 422),
        (b'{"search": "python"}', 422),
        (b'{"search": {"salary_min": "lots"}}', 422),
        (b'{"search": {"region": {"nested": true}}}', 422),
        (b'{"search": {}, "frequency": ["daily"]}', 422),
        (b'{"search": {}, "name": 12345678901234567890}', 422),
        (b'{"search": {"q": "' + b"x" * 5000 + b'"}}', 422),
        (b"\xff\xfe\x00garbage", 400),
    ],
    ids=lambda value: value if isinstance(value, int) else value[:24].decode("latin-1"),
)
def test_a_malformed_body_is_a_clear_4xx_and_stores_nothing(api_seeker, body, status):
    seeker, api = api_seeker
    response = api.post("/api/v1/alerts", body, content_type="application/json")
    assert response.status_code == status, response.content[:300]
    assert _error(response)["status"] == status
    assert not Alert.objects.filter(user=seeker).exists()


def test_an_oversized_body_is_a_413_and_stores_nothing(api_seeker, settings):
    seeker, api = api_seeker
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    body = json.dumps({"search": {"q": "python"}, "name": "big", "padding": padding})
    response = api.post("/api/v1/alerts", body, content_type="application/json")
    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"
    assert not Alert.objects.filter(user=seeker).exists()


def test_absurd_page_sizes_and_offsets_are_refused_not_served(api_seeker, client):
    _, api = api_seeker
    for url in (
        "/api/v1/jobs?limit=1000000",
        "/api/v1/jobs?limit=-1",
        "/api/v1/jobs?limit=99999999999999999999999",
        "/api/v1/companies?limit=1000000",
        "/api/v1/applications?limit=1000000",
        "/api/v1/applications?offset=99999999999999",
        "/api/v1/bookmarks?limit=0",
    ):
        response = api.get(url)
        assert response.status_code == 422, (url, response.status_code)
        assert _error(response)["fields"], url
    for url in ("/api/v2/remote-jobs?count=1000000", "/api/v2/remote-jobs?count=-5"):
        assert client.get(url).status_code in (200, 400), url
    assert client.get("/jobs?page=99999999999999999999").status_code in (200, 400, 404)


def test_a_half_valid_application_stores_neither_row_nor_file(api_seeker, settings, tmp_path):
    """The résumé is refused after the fields were read: nothing is kept of either."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    seeker, api = api_seeker
    job = JobFactory()
    for resume in (
        SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"),
        SimpleUploadedFile("cv.pdf", PDF * 200_000, content_type="application/pdf"),
    ):
        response = api.post(
            "/api/v1/applications",
            {"job_id": job.pk, "name": "Ada", "email": "ada@example.com", "location": "London",
             "resume": resume},
        )  # fmt: skip
        assert response.status_code in (413, 422), response.content[:300]
    assert not Application.objects.filter(user=seeker).exists()
    assert not (tmp_path / "private").exists() or not any((tmp_path / "private").rglob("*.*"))
    assert not Bookmark.objects.filter(user=seeker).exists()


def test_null_for_a_field_without_an_empty_value_is_a_422_and_changes_nothing(db):
    membership = MembershipFactory()
    job = JobFactory(company=membership.company, title="Backend Engineer")
    _, raw = access_token_create(
        user=membership.user, name="t", scope="write", expires_in_days=None
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for field in ("title", "job_types", "apply_method"):
        response = api.patch(
            f"/api/v1/jobs/{job.pk}",
            {field: None, "salary_min": 1000},
            content_type="application/json",
        )
        assert response.status_code == 422, response.content[:300]
        assert [f["field"] for f in _error(response)["fields"]] == [field]
    job.refresh_from_db()
    assert (job.title, job.salary_min) == ("Backend Engineer", None)


def test_an_oversized_or_overfull_form_on_a_page_is_a_400_and_stores_nothing(db, settings):
    seeker = UserFactory()
    page = Client(enforce_csrf_checks=False)
    page.force_login(seeker)
    too_big = {"q": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    too_many = {f"field{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    for data in (too_big, too_many):
        response = page.post("/alerts/create", data)
        assert response.status_code == 400, response.status_code
    assert not Alert.objects.filter(user=seeker).exists()


# --- A corpus of odd text through every public parameter and form field ----------------------

# NUL, C0 and C1 controls, superscript and Arabic-Indic digits, RTL and zero-width marks, a 10 KB
# string, astral and non-characters, numbers no parser should take, and a path.
CORPUS = [
    "\x00",
    "a\x01\x0b\x1b[2J\x7f\x85\x9bz",
    "²¹",
    "١٢",
    "\u202eevil\u200f\u200b",
    "x" * 10_240,
    "🙂\ufeff\U0010fffd\ufffd",
    "-1e309",
    "../../%00",
]
QUERY_PARAMETERS = {
    **ENDPOINTS,
    "/jobs": [*SEARCH_PARAMETERS, "page", "partial"],
    "/sitemap-jobs.xml": ["p"],
    "/api/v2/remote-jobs/status": ["ids"],
    "/consultant/skills": ["skills", "q"],
    "/api/v1/companies": ["limit", "offset", "q"],
    "/account/login/": ["next"],
    "/": ["q"],
}
# Forms that end the session or remove things; what they take is a button, not text.
SKIPPED_FORMS = ("logout", "delete", "revoke", "disable", "export", "cancel", "resume", "pause")


class FormFinder(HTMLParser):
    """The forms of a page: method, action and the names of their fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag == "form":
            self.forms.append(
                (values.get("method", "get").lower(), values.get("action", ""), set())
            )
        elif (
            tag in ("input", "select", "textarea")
            and self.forms
            and values.get("name")
            and values.get("type") not in ("file", "submit", "hidden")
        ):
            self.forms[-1][2].add(values["name"])


def forms_of(client: Client, url: str) -> list[tuple[str, str, set[str]]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    finder = FormFinder()
    finder.feed(response.content.decode())
    return [
        (method, action or url, fields)
        for method, action, fields in finder.forms
        if fields and not any(word in action for word in SKIPPED_FORMS)
    ]


@pytest.mark.parametrize("endpoint", list(QUERY_PARAMETERS))
def test_the_corpus_in_any_query_parameter_is_never_a_server_error(endpoint, db):
    job = JobFactory(title="Backend Engineer", industries=["engineering"])
    job_search_rebuild()
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    failures = []
    for name in QUERY_PARAMETERS[endpoint]:
        for value in CORPUS:
            status = client.get(endpoint, {name: value}).status_code
            if status >= 500:
                failures.append((name, value[:20], status))
    assert failures == [], failures
    assert Job.objects.filter(pk=job.pk).exists()


def test_the_corpus_in_every_field_of_every_form_is_never_a_server_error(hostile):
    """Each form found on the public, the seeker's and the employer's pages, submitted with
    every field holding one corpus value at a time: a page or a form error, never a 500."""
    job = hostile["job"]
    pages = {
        None: ["/", "/jobs", job.get_absolute_url(), "/companies/acme", "/account/login/",
               "/account/signup/", "/account/password-reset/", "/pricing"],
        "seeker": ["/account/", "/account/email/", "/account/password/", "/account/tokens/",
                   "/account/two-factor/", "/alerts/", "/saved/",
                   "/applications/", f"/apply/{JobFactory(company=hostile['company']).pk}/"],
        "employer": ["/employer/", "/employer/jobs/new", "/employer/companies/new",
                     "/employer/companies/acme/edit", f"/employer/jobs/{job.pk}/applicants"],
    }  # fmt: skip
    failures, submitted = [], 0
    for who, urls in pages.items():
        client = Client(raise_request_exception=False)
        if who:
            client.force_login(hostile[who])
        for url in urls:
            for method, action, fields in forms_of(client, url):
                for value in CORPUS:
                    data = dict.fromkeys(fields, value)
                    send = client.post if method == "post" else client.get
                    status = send(action, data).status_code
                    submitted += 1
                    if status >= 500:
                        failures.append((url, action, value[:20], status))
    assert failures == [], failures
    assert submitted > 100  # the pages' forms were found and sent
