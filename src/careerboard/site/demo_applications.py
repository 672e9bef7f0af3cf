"""The demo board's applications, so the seeker's tracker and the employer's pipeline show
something: the demo seeker's applications in several stages (sent on careerboard, sent on a
company's own site, tracked by hand, saved jobs), and applicants spread over the pipeline of
each open job of the demo employer's companies that takes applications here.

Every row is written through the applications services, as the people's own clicks would write
it (so the timelines, the résumés and the mails are the real ones). It lives in `site`, beside
`seed_demo`, because `demo` sits below `applications` in the import graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction

from careerboard.accounts.models import User
from careerboard.accounts.selectors import user_get_by_email
from careerboard.accounts.services.registration import user_create
from careerboard.applications.models import Application
from careerboard.applications.selectors import application_list
from careerboard.applications.services import applying, bookmarks, hiring, tracking
from careerboard.companies.selectors import company_list_for_member
from careerboard.demo.load import DEMO_LOGINS
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_list_for_company, job_list_latest

Status = Application.Status


@dataclass(frozen=True)
class DemoApplicant:
    name: str
    location: str
    slug: str  # of the email address and the portfolio link


# The people who apply to the demo employer's jobs (accounts without a password: not logins).
APPLICANTS = [
    DemoApplicant("Maya Okafor", "Lagos, Nigeria", "maya-okafor"),
    DemoApplicant("Lukas Brandt", "Berlin, Germany", "lukas-brandt"),
    DemoApplicant("Priya Raman", "Bengaluru, India", "priya-raman"),
    DemoApplicant("Sofia Marín", "Valencia, Spain", "sofia-marin"),
    DemoApplicant("Daniel Kim", "Toronto, Canada", "daniel-kim"),
    DemoApplicant("Aiko Tanaka", "Osaka, Japan", "aiko-tanaka"),
    DemoApplicant("Tomás Silva", "Lisbon, Portugal", "tomas-silva"),
    DemoApplicant("Grace Mensah", "Accra, Ghana", "grace-mensah"),
    DemoApplicant("Oliver Hughes", "Manchester, United Kingdom", "oliver-hughes"),
    DemoApplicant("Chloé Dubois", "Lyon, France", "chloe-dubois"),
]
# The demo seeker as an applicant.
SEEKER = DemoApplicant("Alex Morgan", "Amsterdam, Netherlands", "alex-morgan")

# Where the applicants of a job end up, first applied first: the first job gets all of them,
# each later one two fewer (at least three).
PIPELINE = [
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEW,
    Status.REJECTED,
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEW,
    Status.OFFER,
    Status.WITHDRAWN,
    Status.HIRED,
]
# The stages a company moves an application through on its way to each outcome.
_STEPS: dict[str, list[str]] = {
    Status.APPLIED: [],
    Status.WITHDRAWN: [],
    Status.SCREENING: [Status.SCREENING],
    Status.INTERVIEW: [Status.SCREENING, Status.INTERVIEW],
    Status.OFFER: [Status.SCREENING, Status.INTERVIEW, Status.OFFER],
    Status.HIRED: [Status.SCREENING, Status.INTERVIEW, Status.OFFER, Status.HIRED],
    Status.REJECTED: [Status.SCREENING, Status.REJECTED],
}
_MESSAGES: dict[str, str] = {
    Status.INTERVIEW: "Thank you for your time so far. We would like to meet you for a "
    "45-minute video call with two people from the team; we will send a few times to choose from.",
    Status.OFFER: "We are happy to offer you the role. The details are in the letter we sent; "
    "take the time you need and ask us anything.",
    Status.REJECTED: "Thank you for applying. We have decided to go on with candidates whose "
    "experience is closer to what this role needs right now. We wish you the best.",
}
# The demo seeker's applications to jobs that take them on the company's own site, and where
# each stands in the seeker's own tracking.
_ELSEWHERE = [
    (Status.REJECTED, "", None),
    (Status.APPLIED, "", None),
    (Status.OFFER, "Reply to the offer", 6),
    (Status.INTERVIEW, "Technical interview: pair on a small feature", 4),
]


def demo_applications_load(*, today: date) -> bool:
    """Write the demo's applications once: nothing when the demo seeker has any already (the
    demo board of an earlier version gets them on its next `seed_demo`), or when the demo's
    seeker or employer is gone. True when written."""
    logins = {login.role: user_get_by_email(email=login.email) for login in DEMO_LOGINS}
    seeker, employer = logins["seeker"], logins["employer"]
    if seeker is None or employer is None or application_list(user=seeker, limit=1):
        return False
    with transaction.atomic():
        hiring = _employer_jobs_onsite(employer)
        _seeker_applications(seeker, employer, hiring, today)
        applicants = [
            user_create(
                email=f"{person.slug}@applicants.careerboard.example",
                password=None,
                name=person.name,
            )
            for person in APPLICANTS
        ]
        for index, job in enumerate(hiring):
            outcomes = PIPELINE[: max(3, len(PIPELINE) - 2 * index)]
            for person, user, outcome in zip(APPLICANTS, applicants, outcomes, strict=False):
                application = _apply(user, person, job)
                _move(application, employer, outcome)
    return True


def _employer_jobs_onsite(employer: User) -> list[Job]:
    """The open jobs of the employer's companies that take applications on careerboard, in the
    dashboard's order (employers.selectors), so the first one a visitor opens has every stage."""
    jobs = [
        job
        for membership in company_list_for_member(user=employer)
        for job in job_list_for_company(company_id=membership.company_id)
        if job.apply_method == Job.ApplyMethod.ON_SITE
    ]
    return sorted(jobs, key=lambda job: (job.updated_at, job.pk), reverse=True)


def _seeker_applications(seeker: User, employer: User, hiring: list[Job], today: date) -> None:
    """Written oldest first: the tracker lists the latest change first, so the interviews and the
    offer come out on top."""
    elsewhere = [
        job
        for job in job_list_latest(limit=60)
        if job.apply_method != Job.ApplyMethod.ON_SITE and job not in hiring
    ]
    for job in elsewhere[len(_ELSEWHERE) : len(_ELSEWHERE) + 2]:
        bookmark = bookmarks.bookmark_add(user=seeker, job=job)
        bookmarks.bookmark_note_update(
            user=seeker, bookmark=bookmark, note="Apply this week: ask Sam for a referral."
        )
    for title, company, status in (
        ("Staff Engineer, Developer Tools", "Globex Cloud", Status.WITHDRAWN),
        ("Senior Platform Engineer", "Northwind Labs", Status.APPLIED),
    ):
        applying.application_track(
            user=seeker,
            data=applying.TrackedJob(
                title=title,
                company_name=company,
                url=f"https://{company.split()[0].lower()}.example/careers",
                status=status,
            ),
        )
    for job, (status, next_step, days) in zip(elsewhere, _ELSEWHERE, strict=False):
        application = applying.application_record_elsewhere(user=seeker, job=job)
        tracking.application_tracking_update(
            user=seeker,
            application=application,
            tracking=tracking.Tracking(
                next_step=next_step,
                next_step_on=today + timedelta(days=days) if days else None,
                status=status,
            ),
        )
    # Sent on careerboard to the demo employer, who moved them on (so both sides show them).
    for job, outcome in zip(hiring, (Status.INTERVIEW, Status.SCREENING), strict=False):
        application = _apply(seeker, SEEKER, job)
        _move(application, employer, outcome)
        if outcome == Status.INTERVIEW:
            tracking.application_tracking_update(
                user=seeker,
                application=application,
                tracking=tracking.Tracking(
                    notes="They build the product I use every day. Read their engineering "
                    "blog before the call; ask how on-call works.",
                    next_step="Video call with the team",
                    next_step_on=today + timedelta(days=2),
                ),
            )


def _apply(user: User, person: DemoApplicant, job: Job) -> Application:
    return applying.application_apply(
        user=user,
        job=job,
        profile=applying.ApplicantProfile(
            name=person.name,
            email=user.email,
            location=person.location,
            links=[f"https://{person.slug}.example"],
        ),
        resume=ContentFile(_resume_pdf(person.name), name=f"{person.name} CV.pdf"),
        cover_letter=f"Hello,\n\nI would like to apply for the {job.title} role at "
        f"{job.company.name}. I have done this kind of work for several years, most of it "
        "remotely, and my résumé has the details.\n\nBest regards,\n" + person.name,
    )


def _move(application: Application, employer: User, outcome: str) -> None:
    if outcome == Status.WITHDRAWN:
        tracking.application_withdraw(user=application.user, application=application)
    for status in _STEPS[outcome]:
        hiring.application_move(
            application=application, by=employer, status=status, message=_MESSAGES.get(status, "")
        )


def _resume_pdf(name: str) -> bytes:
    """A one-page PDF naming the applicant: what the employer downloads from the pipeline."""
    # Latin-1 is what WinAnsiEncoding gives the demo names' letters (é, í, á).
    text = f"BT /F1 24 Tf 72 740 Td ({name}) Tj /F1 12 Tf 0 -28 Td (Curriculum vitae) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{content}\nendobj\n".encode("latin-1")
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return body + trailer.encode()
