"""Companies from the employer pages: add one, edit its page and logo, invite colleagues."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone
from freezegun import freeze_time
from PIL import Image

from careerboard.companies.models import Company, Membership
from careerboard.core.tests.factories import MembershipFactory, UserFactory
from careerboard.employers.tests.conftest import client_for, job_form_data
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded logos go to a throwaway folder, never into the repository's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def png(size=(64, 64)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    buffer.name = "logo.png"
    buffer.seek(0)
    return buffer


def test_an_employer_adds_another_company_and_owns_it(as_employer, employer):
    response = as_employer.post(
        "/employer/companies/new", {"name": "Beta Labs", "website": "beta.example"}
    )
    assert response.status_code == 302
    company = Company.objects.get(name="Beta Labs")
    assert company.website == "https://beta.example"
    assert company.memberships.get().user == employer
    assert company.memberships.get().role == Membership.Role.OWNER
    assert "Beta Labs" in as_employer.get("/employer/").content.decode()


def test_a_company_needs_a_name(as_employer):
    response = as_employer.post("/employer/companies/new", {"name": " ", "website": "nope nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name_error"' in html and 'id="id_website_error"' in html
    assert Company.objects.count() == 1


def test_only_employers_add_companies(seeker):
    assert client_for(seeker).post("/employer/companies/new", {"name": "X"}).status_code == 404
    assert not Company.objects.filter(name="X").exists()


def test_the_owner_edits_the_company_page_and_uploads_a_logo(as_employer, company):
    page = as_employer.get("/employer/companies/acme/edit")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = as_employer.post(
        "/employer/companies/acme/edit",
        {
            "name": "Acme Payments",
            "website": "https://acme.example",
            "description": "We move money <fast>.",
            "headquarters": "germany",
            "logo": png(),
        },
    )
    assert response["Location"] == "/companies/acme"
    company.refresh_from_db()
    assert (company.name, company.headquarters.slug) == ("Acme Payments", "germany")
    assert company.logo.name.endswith(".png")
    public = client_for(None).get("/companies/acme").content.decode()
    assert "Acme Payments" in public and "We move money &lt;fast&gt;." in public
    assert company.logo.url in public


def _ld_json(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_the_company_size_shows_on_its_page_its_jobs_and_their_structured_data(
    as_employer, company
):
    from careerboard.core.tests.factories import JobFactory

    job = JobFactory(company=company, title="Payments Engineer")
    edit = {"name": "Acme", "website": "https://acme.example", "description": "", "size": "51-200"}
    assert as_employer.post("/employer/companies/acme/edit", edit).status_code == 302
    company.refresh_from_db()
    assert company.size == "51-200"
    assert (
        'value="51-200" selected'
        in as_employer.get("/employer/companies/acme/edit").content.decode()
    )

    visitor = client_for(None)
    employees = {"@type": "QuantitativeValue", "minValue": 51, "maxValue": 200}
    page = visitor.get("/companies/acme").content.decode()
    assert "51\u2013200 people" in page
    [organization] = _ld_json(page)
    assert organization["@type"] == "Organization"
    assert organization["numberOfEmployees"] == employees
    job_page = visitor.get(job.get_absolute_url()).content.decode()
    assert "51\u2013200 people" in job_page
    [posting] = _ld_json(job_page)
    assert posting["hiringOrganization"]["numberOfEmployees"] == employees
    assert visitor.get("/api/v1/companies/acme").json()["size"] == "51-200"

    # The largest size has no upper bound; an unknown size is a field error, not a 500.
    edit["size"] = "5001+"
    as_employer.post("/employer/companies/acme/edit", edit)
    [organization] = _ld_json(visitor.get("/companies/acme").content.decode())
    assert organization["numberOfEmployees"] == {"@type": "QuantitativeValue", "minValue": 5001}
    edit["size"] = "a million"
    response = as_employer.post("/employer/companies/acme/edit", edit)
    assert response.status_code == 400 and 'id="id_size_error"' in response.content.decode()


def test_a_new_company_may_say_its_size(as_employer):
    as_employer.post("/employer/companies/new", {"name": "Beta Labs", "size": "1-10"})
    assert Company.objects.get(name="Beta Labs").size == "1-10"


def test_a_renamed_company_shows_on_its_jobs_only_after_review(as_employer, company, staff):
    from careerboard.core.tests.factories import JobFactory
    from careerboard.jobs.indexing import job_search_sync
    from careerboard.jobs.services import COMPANY_CHANGED_FLAG

    live = [JobFactory(company=company, title=f"Payments Engineer {n}") for n in range(2)]
    draft = JobFactory(company=company, title="Draft Role", status=Job.Status.DRAFT)
    job_search_sync(job_ids=[job.pk for job in live])
    visitor = client_for(None)
    assert visitor.get(live[0].get_absolute_url()).status_code == 200

    # Only the headquarters: nothing the jobs show, so they stay live.
    edit = {
        "name": company.name,
        "website": company.website,
        "description": company.description,
        "headquarters": "germany",
    }
    as_employer.post("/employer/companies/acme/edit", edit)
    assert set(Job.objects.filter(company=company).values_list("status", flat=True)) == {
        Job.Status.PUBLISHED,
        Job.Status.DRAFT,
    }

    edit.update(name="WIRE FEES TO APPLY", description="Send a deposit to apply.")
    assert as_employer.post("/employer/companies/acme/edit", edit).status_code == 302
    for job in live:
        job.refresh_from_db()
        assert job.status == Job.Status.PENDING
        assert job.spam_flags[-1] == COMPANY_CHANGED_FLAG
        assert visitor.get(job.get_absolute_url()).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Job.Status.DRAFT
    listing = visitor.get("/jobs?q=payments").content.decode()
    assert "WIRE FEES" not in listing and "Payments Engineer" not in listing
    queue = client_for(staff).get("/staff/moderation/").content.decode()
    assert queue.count("WIRE FEES TO APPLY") >= 2

    # Staff let it through: the jobs are live again, with the company's new name.
    assert client_for(staff).post(f"/staff/moderation/{live[0].pk}/approve").status_code == 302
    assert "WIRE FEES TO APPLY" in visitor.get(live[0].get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            "must be a PNG, JPEG, WebP or GIF image",
        ),
        (io.BytesIO(b"\x89PNG" + b"0" * (1024 * 1024 + 1)), "at most 1 MB"),
        (png(size=(5000, 10)), "4096 pixels"),
    ],
)
def test_a_bad_logo_is_refused_and_nothing_changes(as_employer, company, upload, message):
    upload.name = "logo.png"
    response = as_employer.post(
        "/employer/companies/acme/edit", {"name": "Renamed", "logo": upload}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_logo_error"' in html and message in html
    company.refresh_from_db()
    assert (company.name, company.logo.name) == ("Acme", "")


def test_a_company_page_is_edited_only_by_its_owner(company, rival, seeker):
    member = MembershipFactory(company=company, role=Membership.Role.MEMBER).user
    assert client_for(member).get("/employer/companies/acme/edit").status_code == 403
    assert client_for(member).get("/employer/companies/acme/invite").status_code == 403
    for outsider in (rival, seeker):
        client = client_for(outsider)
        assert client.get("/employer/companies/acme/edit").status_code == 404
        assert client.post("/employer/companies/acme/edit", {"name": "Mine"}).status_code == 404
        assert client.get("/employer/companies/acme/invite").status_code == 404
    assert client_for(None).get("/employer/companies/acme/edit").status_code == 302
    company.refresh_from_db()
    assert company.name == "Acme"


def invitation_path(owner_client) -> str:
    html = owner_client.get("/employer/companies/acme/invite").content.decode()
    link = html.split('id="invitation-link"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert link.startswith("http://testserver/employer/join/")
    return link.removeprefix("http://testserver")


def test_a_colleague_joins_through_the_invitation_link_and_posts(as_employer, company):
    path = invitation_path(as_employer)
    colleague = UserFactory(role="employer")
    client = client_for(colleague)
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "Join Acme" in confirm.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()  # opening changes nothing
    joined = client.post(path, follow=True)
    assert "You are a member of Acme now." in joined.content.decode()
    assert Membership.objects.get(user=colleague).role == Membership.Role.MEMBER
    client.post(path)  # a second use changes nothing
    assert Membership.objects.filter(user=colleague).count() == 1
    client.post("/employer/jobs/new", job_form_data())
    assert Job.objects.get().company == company


def test_an_anonymous_visitor_logs_in_first(as_employer):
    path = invitation_path(as_employer)
    response = client_for(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/employer/join/")


def test_a_seeker_cannot_join(as_employer, seeker):
    path = invitation_path(as_employer)
    client = client_for(seeker)
    assert client.get(path).status_code == 403
    response = client.post(path)
    assert response.status_code == 403
    assert "Only employer accounts can join" in response.content.decode()
    assert not Membership.objects.filter(user=seeker).exists()


def test_a_tampered_link_is_refused(as_employer, company):
    path = invitation_path(as_employer)
    token = path.rsplit("/", 1)[1]
    other = signing.loads(token, salt="companies.invitation")
    forged = signing.dumps({**other, "company": company.pk + 1}, salt="another.salt")
    colleague = client_for(UserFactory(role="employer"))
    for bad in (path[:-3] + "abc", f"/employer/join/{forged}", "/employer/join/nonsense"):
        response = colleague.post(bad)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert Membership.objects.count() == 1


def test_an_expired_link_is_refused(as_employer):
    with freeze_time(timezone.now() - timedelta(days=8)):
        path = invitation_path(as_employer)
    response = client_for(UserFactory(role="employer")).post(path)
    assert response.status_code == 400
    assert "This invitation has expired." in response.content.decode()
    assert Membership.objects.count() == 1


def test_a_link_stops_working_when_its_owner_is_no_longer_owner(as_employer, employer):
    path = invitation_path(as_employer)
    Membership.objects.filter(user=employer).update(role=Membership.Role.MEMBER)
    response = client_for(UserFactory(role="employer")).post(path)
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
