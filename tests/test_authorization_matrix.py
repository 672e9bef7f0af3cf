"""Who may read and change what, as one table: every page and API operation that touches
something owned (applications, alerts, bookmarks, jobs, companies, tokens, sessions, billing,
moderation), asked by six people: nobody signed in, the seeker who owns the records, another
seeker, an employer of the company that owns the jobs, an employer of another company, and
staff; the API's operations also by the owner's read-only token (reads as the owner, every
write refused with 403).

Each row names its route (a URL name, or the API's method and path as in the OpenAPI schema)
and the answer each person gets: a status code, LOGIN (302 to the log-in page), or Keep(code)
(that code, and the database unchanged). Every refused write (LOGIN, 401, 403, 404, 405) must
leave the database as it was; every other write must change it, so a row whose request data is
wrong fails instead of passing for the wrong reason. Each request runs in a transaction that is
rolled back, so the people do not see each other's changes.

A route that is neither in the table nor in PUBLIC fails test_every_route_is_in_the_table: a new
page or operation has to say who may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careerboard.accounts.models import AccessToken, User, UserSession
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.alerts.models import Alert
from careerboard.alerts.services import alert_create
from careerboard.applications.models import Application, Bookmark
from careerboard.applications.services.applying import (
    ApplicantProfile,
    TrackedJob,
    application_apply,
    application_track,
)
from careerboard.applications.services.bookmarks import bookmark_add
from careerboard.applications.tests.conftest import PDF
from careerboard.billing.services import local_checkout_complete
from careerboard.companies.models import Company
from careerboard.companies.services import company_invitation_token
from careerboard.consultant.models import Report
from careerboard.consultant.services import ProfileInput, profile_save
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.employers.tests.conftest import job_form_data
from careerboard.guides.services import guides_sync
from careerboard.guides.tests.conftest import CONTENT
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ("anon", "seeker", "other_seeker", "employer", "other_employer", "staff")
READ_TOKEN = "seeker_read_token"  # API rows only: the seeker's token with the read scope
REFUSED = {LOGIN, 401, 403, 404, 405}
# Written by any use of a token, not by the request's action.
VOLATILE = {"last_used_at"}
OWNED_APPS = ("accounts", "applications", "alerts", "billing", "companies", "jobs", "consultant")


@dataclass(frozen=True)
class Keep:
    """Answered with `status`, and nothing in the database changed."""

    status: int


@dataclass(frozen=True)
class Any_:
    """Answered with `status`; whether it writes depends on the person's own state (a first
    visit makes their subscription row, a second does not), so the database is not checked."""

    status: int


Outcome = int | str | Keep | Any_


def expect(default: Outcome, *, anon: Outcome = LOGIN, **roles: Outcome) -> dict[str, Outcome]:
    """`default` for every signed-in person not named; pages send strangers to log in."""
    return {"anon": anon} | {role: roles.get(role, default) for role in ROLES[1:]}


def api(default: Outcome, **roles: Outcome) -> dict[str, Outcome]:
    """The API answers a caller without credentials 401."""
    return expect(default, anon=401, **roles)


def mine(ok: Outcome, *, api_route: bool = False) -> dict[str, Outcome]:
    """Only the seeker who owns it; everybody else is told it does not exist."""
    return (api if api_route else expect)(404, seeker=ok)


def seekers(ok: Outcome) -> dict[str, Outcome]:
    """Any seeker, for their own records; other accounts are refused."""
    return expect(403, seeker=ok, other_seeker=ok)


def hiring(ok: Outcome, *, api_route: bool = False) -> dict[str, Outcome]:
    """Only an employer of the job's company."""
    return (api if api_route else expect)(404, employer=ok)


@dataclass(frozen=True)
class Route:
    name: str  # a URL name ("applications:detail"), or an API path ("/api/v1/alerts/{alert_id}")
    method: str
    expected: dict[str, Outcome]
    # URL argument -> an attribute of World (a model gives its pk), or a function of it.
    args: dict[str, str | Callable[[World], Any]] = field(default_factory=dict)
    data: Callable[[World], dict] | None = None
    setup: Callable[[World], None] | None = None  # more of the world, for this row only

    def __str__(self) -> str:
        return f"{self.method} {self.name}"

    @property
    def is_api(self) -> bool:
        return self.name.startswith("/api/")


@dataclass
class World:
    seeker: User
    other_seeker: User
    employer: User
    other_employer: User
    staff: User
    company: Company
    job: Job  # published, of `company`; the seeker applied to it and saved it
    draft: Job  # of `company`
    pending: Job  # of `company`, waiting for moderation
    other_job: Job  # published, of another company
    application: Application  # sent on careerboard to `job`
    tracked: Application  # a job the seeker tracks by hand
    external: Job  # published, of another company, applied to on the company's own site
    bookmark: Bookmark
    alert: Alert
    token: AccessToken
    session: UserSession  # the seeker's log-in on another device
    invitation: str
    read_token: str  # the seeker's personal access token with the read scope, as sent
    report: Report | None = None  # made by consultant_world()


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    seeker = UserFactory(email="ada@example.com", name="Ada Lovelace")
    membership = MembershipFactory(company__name="Acme", company__slug="acme")
    other = MembershipFactory(company__name="Rival", company__slug="rival")
    company = membership.company
    job = JobFactory(company=company, title="Ledger Engineer")
    application = application_apply(
        user=seeker,
        job=job,
        profile=ApplicantProfile(
            name="Ada Lovelace", email="ada@example.com", phone="", location="London", links=[]
        ),
        resume=resume(),
    )
    token, _ = access_token_create(user=seeker, name="laptop", scope="write", expires_in_days=None)
    _, read_token = access_token_create(
        user=seeker, name="scripts", scope="read", expires_in_days=None
    )
    return World(
        seeker=seeker,
        other_seeker=UserFactory(email="grace@example.com"),
        employer=membership.user,
        other_employer=other.user,
        staff=UserFactory(role=User.Role.STAFF, is_staff=True),
        company=company,
        job=job,
        draft=JobFactory(
            company=company, title="Draft", status=Job.Status.DRAFT, published_at=None
        ),
        pending=JobFactory(
            company=company, title="Pending", status=Job.Status.PENDING, published_at=None
        ),
        other_job=JobFactory(company=other.company, title="Rival Engineer"),
        application=application,
        tracked=application_track(
            user=seeker, data=TrackedJob(title="Cook", company_name="Diner", url="", status="saved")
        ),
        external=JobFactory(
            company=other.company,
            title="Rival Designer",
            apply_method=Job.ApplyMethod.URL,
            apply_url="https://rival.example/jobs/1",
        ),
        bookmark=bookmark_add(user=seeker, job=job),
        alert=alert_create(user=seeker, params={"q": "python"}),
        token=token,
        session=UserSession.objects.create(user=seeker, session_key="phone", user_agent="Phone"),
        invitation=company_invitation_token(company=company, by=membership.user),
        read_token=read_token,
    )


def consultant_world(world: World) -> None:
    """Both seekers on Plus (so one is refused another's report for its owner, not its plan),
    the first with a profile and the report it gave."""
    guides_sync(root=CONTENT)
    for person in (world.seeker, world.other_seeker):
        local_checkout_complete(user=person, price_key="plus-month")
    profile_save(
        user=world.seeker,
        data=ProfileInput(target_role="backend-developer", years_experience=3, skills=["python"]),
    )
    world.report = Report.objects.get(user=world.seeker)


def resume() -> SimpleUploadedFile:
    return SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")


def apply_form(world: World) -> dict:
    return {
        "name": "Someone",
        "email": "someone@example.com",
        "location": "Oslo",
        "resume": resume(),
    }


# Every page and operation that reads or changes something owned, and who gets what.
ROUTES: list[Route] = [
    # Saved jobs: the list is the caller's own; a bookmark is reached through its job.
    Route("applications:saved", "GET", expect(200)),
    Route("applications:bookmark_add", "POST", expect(302), {"job_id": "other_job"}),
    Route(
        "applications:bookmark_remove",
        "POST",
        expect(Keep(302), seeker=302),
        {"job_id": "job"},
    ),
    Route(
        "applications:bookmark_note",
        "POST",
        mine(302),
        {"job_id": "job"},
        lambda w: {"note": "call back"},
    ),
    # Applying and the tracker.
    # Applying and tracking are for seekers; employers and staff are refused.
    Route("applications:apply", "GET", expect(200), {"job_id": "other_job"}),
    Route("applications:apply", "POST", seekers(302), {"job_id": "other_job"}, apply_form),
    Route(
        "applications:apply_elsewhere",
        "POST",
        expect(Keep(302), seeker=302, other_seeker=302),  # back to the job, with the reason
        {"job_id": "external"},
    ),
    Route("applications:tracker", "GET", expect(200)),
    Route("applications:tracker_board", "GET", expect(200)),
    Route("applications:track", "GET", expect(200)),
    Route(
        "applications:track",
        "POST",
        seekers(302),
        data=lambda w: {"title": "Cook", "company_name": "Diner", "status": "saved"},
    ),
    Route("applications:detail", "GET", mine(200), {"application_id": "application"}),
    Route(
        "applications:detail",
        "POST",
        mine(302),
        {"application_id": "application"},
        lambda w: {"notes": "ask about equity", "next_step": "call"},
    ),
    Route("applications:withdraw", "POST", mine(302), {"application_id": "application"}),
    Route("applications:delete", "POST", mine(302), {"application_id": "tracked"}),
    Route(
        "applications:resume",
        "GET",
        hiring(200) | {"seeker": 200},
        {"application_id": "application"},
    ),
    # The employer's pipeline of the job's applicants.
    Route("applications:pipeline", "GET", hiring(200), {"job_id": "job"}),
    Route("applications:pipeline_board", "GET", hiring(200), {"job_id": "job"}),
    Route(
        "applications:pipeline_detail",
        "GET",
        hiring(200),
        {"job_id": "job", "application_id": "application"},
    ),
    Route(
        "applications:pipeline_move",
        "POST",
        hiring(302),
        {"job_id": "job", "application_id": "application"},
        lambda w: {"status": "interview", "message": "Tuesday?"},
    ),
    Route(
        "applications:pipeline_notes",
        "POST",
        hiring(302),
        {"job_id": "job", "application_id": "application"},
        lambda w: {"employer_notes": "strong"},
    ),
    Route(
        "applications:pipeline_reject",
        "POST",
        hiring(302),
        {"job_id": "job"},
        lambda w: {"applications": [w.application.pk], "message": "Sorry"},
    ),
    # Alerts.
    Route("alerts:list", "GET", expect(200)),
    Route(
        "alerts:create",
        "POST",
        expect(302, seeker=Keep(422)),  # the seeker's Free plan holds one active alert
        data=lambda w: {"q": "rust"},
    ),
    Route("alerts:edit", "GET", mine(200), {"alert_id": "alert"}),
    Route(
        "alerts:edit",
        "POST",
        mine(302),
        {"alert_id": "alert"},
        lambda w: {"name": "Rust", "frequency": "weekly", "q": "rust"},
    ),
    Route("alerts:pause", "POST", mine(302), {"alert_id": "alert"}),
    Route("alerts:resume", "POST", mine(Keep(302)), {"alert_id": "alert"}),
    Route("alerts:delete", "POST", mine(302), {"alert_id": "alert"}),
    # The account: every page is the caller's own.
    Route("accounts:home", "GET", expect(200)),
    Route("accounts:logout", "POST", expect(302, anon=Keep(302))),
    Route("accounts:verify_email_resend", "POST", expect(Keep(302))),  # queues a mail
    Route("accounts:email_change", "GET", expect(200)),
    Route("accounts:password_change", "GET", expect(200)),
    Route("accounts:two_factor", "GET", expect(200)),
    # Without the password (and with two-factor off) these are refused for everybody.
    Route("accounts:two_factor_disable", "POST", expect(Keep(400))),
    Route("accounts:recovery_codes_regenerate", "POST", expect(Keep(400))),
    Route("accounts:notifications", "GET", expect(200)),
    # Ticking nothing turns off every application mail of the person's kind; staff get none.
    Route("accounts:notifications", "POST", expect(302, staff=Keep(302)), data=lambda w: {}),
    Route("accounts:sessions", "GET", expect(200)),
    Route("accounts:session_revoke", "POST", mine(302), {"session_id": "session"}),
    Route("accounts:sessions_revoke_others", "POST", expect(Keep(302), seeker=302)),
    Route("accounts:tokens", "GET", expect(200)),
    Route(
        "accounts:tokens",
        "POST",
        expect(200),
        data=lambda w: {"name": "ci", "scope": "read", "expires_in_days": "30"},
    ),
    Route("accounts:token_revoke", "POST", mine(302), {"token_id": "token"}),
    Route("accounts:export", "GET", expect(200)),
    Route("accounts:export_download", "GET", expect(200)),
    Route("accounts:delete", "GET", expect(200)),
    Route("accounts:delete", "POST", expect(Keep(400)), data=lambda w: {"password": "wrong"}),
    # Billing: each person's own subscription.
    Route("billing:home", "GET", expect(200)),
    Route("billing:checkout", "POST", expect(Any_(302)), data=lambda w: {"price": "plus-month"}),
    Route("billing:checkout_local", "GET", expect(200), {"price_key": lambda w: "plus-month"}),
    Route("billing:checkout_local", "POST", expect(302), {"price_key": lambda w: "plus-month"}),
    Route("billing:cancel", "POST", expect(Keep(302))),
    Route("billing:resume", "POST", expect(Keep(302))),
    Route("billing:portal", "POST", expect(Keep(302))),
    # Employer pages: members of the company only.
    Route("employers:dashboard", "GET", expect(404, employer=200, other_employer=200)),
    Route("employers:job_create", "GET", expect(404, employer=200, other_employer=200)),
    Route(
        "employers:job_create",
        "POST",
        expect(404, employer=302, other_employer=Keep(400)),  # not their company
        data=lambda w: job_form_data(),
    ),
    Route(
        "employers:description_preview",
        "POST",
        expect(404, employer=Keep(200), other_employer=Keep(200)),  # renders, saves nothing
        data=lambda w: {"description": "## Duties"},
    ),
    Route("employers:job_preview", "GET", hiring(200), {"job_id": "draft"}),
    Route("employers:job_edit", "GET", hiring(200), {"job_id": "draft"}),
    Route(
        "employers:job_edit", "POST", hiring(302), {"job_id": "draft"}, lambda w: job_form_data()
    ),
    Route(
        "employers:job_action",
        "POST",
        hiring(302),
        {"job_id": "draft", "action": lambda w: "submit"},
    ),
    Route("employers:company_create", "GET", expect(404, employer=200, other_employer=200)),
    Route(
        "employers:company_create",
        "POST",
        expect(404, employer=302, other_employer=302),
        data=lambda w: {"name": "Newco"},
    ),
    Route("employers:company_edit", "GET", hiring(200), {"slug": lambda w: w.company.slug}),
    Route(
        "employers:company_edit",
        "POST",
        hiring(302),
        {"slug": lambda w: w.company.slug},
        lambda w: {"name": "Acme Ltd", "website": "https://acme.example"},
    ),
    Route("employers:company_invite", "GET", hiring(200), {"slug": lambda w: w.company.slug}),
    # An invitation link is the permission to join: any employer who holds it may.
    Route(
        "employers:join",
        "GET",
        expect(403, employer=200, other_employer=200),
        {"token": "invitation"},
    ),
    Route(
        "employers:join",
        "POST",
        expect(403, employer=Keep(302), other_employer=302),
        {"token": "invitation"},
    ),
    # Moderation: staff only.
    Route("staff:queue", "GET", expect(404, staff=200)),
    Route("staff:outbox", "GET", expect(404, staff=200)),
    Route("staff:job_review", "GET", expect(404, staff=200), {"job_id": "pending"}),
    Route("staff:approve", "POST", expect(404, staff=302), {"job_id": "pending"}),
    Route(
        "staff:reject",
        "POST",
        expect(404, staff=302),
        {"job_id": "pending"},
        lambda w: {"reason": "Spam"},
    ),
    Route("admin:index", "GET", expect(LOGIN, staff=200)),
    # API: the caller's profile.
    Route("/api/v1/me", "GET", api(200)),
    Route("/api/v1/me", "PATCH", api(200), data=lambda w: {"name": "New Name"}),
    # API: jobs.
    Route(
        "/api/v1/jobs",
        "POST",
        api(403, employer=201, staff=201),
        data=lambda w: {
            **job_form_data(),
            "company": "acme",
            "timezone_min": 0,
            "timezone_max": 60,
        },
    ),
    # Staff may change any job through the API (docs/api.md); a draft is hidden from others,
    # a published job is visible, so changing it is forbidden rather than missing.
    Route(
        "/api/v1/jobs/{job_id}",
        "GET",
        expect(404, anon=404, employer=200, staff=200),
        {"job_id": "draft"},
    ),
    Route(
        "/api/v1/jobs/{job_id}",
        "PATCH",
        api(404, employer=200, staff=200),
        {"job_id": "draft"},
        lambda w: {"title": "Renamed"},
    ),
    Route(
        "/api/v1/jobs/{job_id}/close",
        "POST",
        api(403, employer=200, staff=200),
        {"job_id": "job"},
        lambda w: {"status": "filled"},
    ),
    # API: bookmarks.
    Route("/api/v1/bookmarks", "GET", api(200)),
    Route("/api/v1/bookmarks", "POST", api(201), data=lambda w: {"job_id": w.other_job.pk}),
    Route(
        "/api/v1/bookmarks/{bookmark_id}",
        "PATCH",
        mine(200, api_route=True),
        {"bookmark_id": "bookmark"},
        lambda w: {"note": "later"},
    ),
    Route(
        "/api/v1/bookmarks/{bookmark_id}",
        "DELETE",
        mine(204, api_route=True),
        {"bookmark_id": "bookmark"},
    ),
    # API: applications.
    Route("/api/v1/applications", "GET", api(200)),
    Route(
        "/api/v1/applications",
        "POST",
        api(403, seeker=201, other_seeker=201),
        data=lambda w: {**apply_form(w), "job_id": w.other_job.pk},
    ),
    Route(
        "/api/v1/applications/{application_id}",
        "GET",
        mine(200, api_route=True),
        {"application_id": "application"},
    ),
    Route(
        "/api/v1/applications/{application_id}",
        "PATCH",
        mine(200, api_route=True),
        {"application_id": "application"},
        lambda w: {"notes": "ask about equity"},
    ),
    Route(
        "/api/v1/applications/{application_id}",
        "DELETE",
        mine(204, api_route=True),
        {"application_id": "tracked"},
    ),
    Route(
        "/api/v1/applications/elsewhere",
        "POST",
        api(403, seeker=201, other_seeker=201),
        data=lambda w: {"job_id": w.external.pk},
    ),
    Route(
        "/api/v1/applications/manual",
        "POST",
        api(403, seeker=201, other_seeker=201),
        data=lambda w: {"title": "Cook", "company_name": "Diner"},
    ),
    Route(
        "/api/v1/applications/{application_id}/withdraw",
        "POST",
        mine(200, api_route=True),
        {"application_id": "application"},
    ),
    Route(
        "/api/v1/applications/{application_id}/resume",
        "GET",
        hiring(200, api_route=True) | {"seeker": 200},
        {"application_id": "application"},
    ),
    Route(
        "/api/v1/applications/jobs/{job_id}/applicants",
        "GET",
        hiring(200, api_route=True),
        {"job_id": "job"},
    ),
    Route(
        "/api/v1/applications/jobs/{job_id}/applicants/{application_id}/move",
        "POST",
        hiring(200, api_route=True),
        {"job_id": "job", "application_id": "application"},
        lambda w: {"status": "interview"},
    ),
    Route(
        "/api/v1/applications/jobs/{job_id}/applicants/{application_id}",
        "PATCH",
        hiring(200, api_route=True),
        {"job_id": "job", "application_id": "application"},
        lambda w: {"employer_notes": "strong"},
    ),
    Route(
        "/api/v1/applications/jobs/{job_id}/applicants/reject",
        "POST",
        hiring(200, api_route=True),
        {"job_id": "job"},
        lambda w: {"application_ids": [w.application.pk]},
    ),
    # API: alerts.
    Route("/api/v1/alerts", "GET", api(200)),
    Route(
        "/api/v1/alerts",
        "POST",
        api(201, seeker=Keep(422)),  # the seeker's Free plan holds one active alert
        data=lambda w: {"search": {"q": "rust"}},
    ),
    Route("/api/v1/alerts/{alert_id}", "GET", mine(200, api_route=True), {"alert_id": "alert"}),
    Route(
        "/api/v1/alerts/{alert_id}",
        "PATCH",
        mine(200, api_route=True),
        {"alert_id": "alert"},
        lambda w: {"name": "Rust"},
    ),
    Route("/api/v1/alerts/{alert_id}", "DELETE", mine(204, api_route=True), {"alert_id": "alert"}),
    Route(
        "/api/v1/alerts/{alert_id}/pause", "POST", mine(200, api_route=True), {"alert_id": "alert"}
    ),
    Route(
        "/api/v1/alerts/{alert_id}/resume",
        "POST",
        mine(Keep(200), api_route=True),
        {"alert_id": "alert"},
    ),
]


# The consultant (Plus): each person's own profile and reports; the Free plan gets the upgrade
# page on the report, 403 on the rest.
CONSULTANT_PROFILE = {"target_role": "backend-developer", "years_experience": 5, "skills": ["go"]}
ROUTES += [
    # Plus without a profile yet: sent to make one.
    Route("consultant:report", "GET", expect(200, other_seeker=302), setup=consultant_world),
    Route(
        "consultant:profile",
        "GET",
        expect(403, seeker=200, other_seeker=200),
        setup=consultant_world,
    ),
    Route(
        "consultant:profile",
        "POST",
        expect(Keep(403), seeker=302, other_seeker=302),
        data=lambda w: {**CONSULTANT_PROFILE, "skills": "go"},
        setup=consultant_world,
    ),
    Route("consultant:skill_options", "GET", expect(200)),
    Route(
        "/api/v1/consultant/profile",
        "GET",
        api(403, seeker=200, other_seeker=404),  # the other has no profile yet
        setup=consultant_world,
    ),
    Route(
        "/api/v1/consultant/profile",
        "PUT",
        api(Keep(403), seeker=200, other_seeker=200),
        data=lambda w: CONSULTANT_PROFILE,
        setup=consultant_world,
    ),
    Route(
        "/api/v1/consultant/report",
        "GET",
        api(403, seeker=200, other_seeker=404),
        setup=consultant_world,
    ),
    Route(
        "/api/v1/consultant/reports",
        "GET",
        api(403, seeker=200, other_seeker=200),
        setup=consultant_world,
    ),
    Route(
        "/api/v1/consultant/reports/{report_id}",
        "GET",
        api(403, seeker=200, other_seeker=404),
        {"report_id": "report"},
        setup=consultant_world,
    ),
]

# Routes that hold nothing owned, or whose link itself is the permission; why, for each.
PUBLIC: dict[str, str] = {
    "home": "public page",
    "about": "public page",
    "terms": "public page",
    "privacy": "public page",
    "contact": "public page",
    "companies": "public directory of companies",
    "healthz": "health check",
    "readyz": "health check",
    "metrics": "operations counters, only for the allowed addresses (core/tests)",
    "manifest": "public file",
    "robots": "public file",
    "media": "public uploads (logos); résumés live in private storage, never under /media",
    "sitemap": "public index",
    "sitemap-section": "public index",
    "jobs:search": "public search",
    "jobs:detail": "published jobs only (drafts are 404: core/tests, jobs/tests)",
    "jobs:feed": "public feed",
    "jobs:feed-atom": "public feed",
    "jobs:jobicy": "public API of published jobs",
    "jobs:jobicy-status": "public API",
    "jobs:jobicy-php": "public API of published jobs (Jobicy's legacy path)",
    "jobs:jobicy-feed": "public feed (Jobicy's legacy feed)",
    "companies:detail": "public company page",
    "guides:index": "public page",
    "guides:detail": "public page",
    "billing:pricing": "public page",
    "billing:stripe_webhook": "Stripe's signature is the permission (billing/tests)",
    "alerts:unsubscribe": "the signed link is the permission (alerts/tests)",
    "alerts:feed": "the signed link is the permission (alerts/tests)",
    "accounts:signup": "for people without an account",
    "accounts:login": "for people without an account",
    "accounts:login_two_factor": "the half-way log-in in the session is the permission",
    "accounts:verify_email": "the signed link is the permission (accounts/tests)",
    "accounts:email_change_confirm": "the signed link is the permission (accounts/tests)",
    "accounts:password_reset": "for people who cannot log in",
    "accounts:password_reset_confirm": "the one-time link is the permission (accounts/tests)",
}
# API operations that hold nothing owned.
PUBLIC_API = {
    "GET /api/v1/guides",
    "GET /api/v1/guides/{slug}",
    "GET /api/v1/jobs",
    "GET /api/v1/companies",
    "GET /api/v1/companies/{slug}",
    "GET /api/v1/taxonomies",
    "GET /api/v1/consultant/skills",
}


def url_of(route: Route, world: World) -> str:
    values = {}
    for arg, source in route.args.items():
        value = source(world) if callable(source) else getattr(world, source)
        values[arg] = value.pk if isinstance(value, Model) else value
    if route.is_api:
        return route.name.format(**values)
    return reverse(route.name, kwargs=values)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every owned model, less the columns that reading alone writes."""
    return {
        model._meta.label: [
            {k: v for k, v in row.items() if k not in VOLATILE}
            for row in model.objects.order_by("pk").values()
        ]
        for app in OWNED_APPS
        if apps.is_installed(f"careerboard.{app}")
        for model in apps.get_app_config(app).get_models()
    }


def ask(client: Client, route: Route, world: World) -> Outcome:
    url = url_of(route, world)
    data = route.data(world) if route.data else {}
    method = getattr(client, route.method.lower())
    if route.method == "GET":
        response = method(url)
    elif route.is_api and "resume" not in data:
        response = method(url, data, content_type="application/json")
    else:
        response = method(url, data)
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(("/account/login/", "/admin/login/")):
            return LOGIN
    return response.status_code


def clients_for(world: World) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anon":
            clients[role].force_login(getattr(world, role))
    clients[READ_TOKEN] = Client(headers={"Authorization": f"Bearer {world.read_token}"})
    return clients


def expected_of(route: Route) -> dict[str, Outcome]:
    """The table's answers, and for the API those of the seeker's read-only token: what the
    seeker may read, and 403 for every write (a refused scope, before anything is looked up)."""
    if not route.is_api:
        return route.expected
    seeker = route.expected["seeker"]
    return route.expected | {READ_TOKEN: seeker if route.method == "GET" else Keep(403)}


def check(route: Route, world: World) -> list[str]:
    wrong = []
    if route.setup:
        route.setup(world)
    clients = clients_for(world)
    for role, wanted in expected_of(route).items():
        status = wanted.status if isinstance(wanted, Keep | Any_) else wanted
        reads = route.method == "GET" or isinstance(wanted, Any_)
        with transaction.atomic():
            before = None if reads else snapshot()
            got = ask(clients[role], route, world)
            after = None if reads else snapshot()
            transaction.set_rollback(True)
        if got != status:
            wrong.append(f"{role}: expected {status}, got {got}")
        elif reads:
            continue
        elif (isinstance(wanted, Keep) or got in REFUSED) and after != before:
            changed = [label for label in before if before[label] != after[label]]
            wrong.append(f"{role}: answered {got} but changed {', '.join(changed)}")
        elif not isinstance(wanted, Keep) and got not in REFUSED and after == before:
            wrong.append(f"{role}: answered {got} but changed nothing (is the request data right?)")
    return wrong


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_authorization_matrix(route: Route, world: World, settings, tmp_path) -> None:
    # As in the embedded default, mail is written to files, so the staff outbox exists.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    wrong = check(route, world)
    assert not wrong, f"{route}:\n  " + "\n  ".join(wrong)


def page_routes() -> set[str]:
    """The names of every URL pattern outside the admin (one row covers its own checks)."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                if inner != "admin":
                    walk(pattern, f"{namespace}{inner}:" if inner else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver(), "")
    # The API's operations are read from its OpenAPI schema, with their methods.
    return {name for name in names if not name.startswith("api-v1:")}


def api_routes(client: Client) -> set[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_route_is_in_the_table(client: Client) -> None:
    in_table = {route.name for route in ROUTES if not route.is_api} | set(PUBLIC)
    missing_pages = page_routes() - in_table - {"admin:index"}
    api_in_table = {f"{route.method} {route.name}" for route in ROUTES if route.is_api}
    missing_api = api_routes(client) - api_in_table - PUBLIC_API
    assert not missing_pages, f"pages missing from ROUTES or PUBLIC: {sorted(missing_pages)}"
    assert not missing_api, (
        f"API operations missing from ROUTES or PUBLIC_API: {sorted(missing_api)}"
    )
    stale = (in_table - page_routes() - {"admin:index"}) | (
        (api_in_table | PUBLIC_API) - api_routes(client)
    )
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"
