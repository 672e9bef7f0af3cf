"""The consultant's pages: Plus fills the profile (form errors for bad input) and reads the
report and its history; Free sees a sample and the upgrade link; the skills autocomplete."""

from __future__ import annotations

import json
import re

import pytest

from careerboard.consultant.models import Profile, Report
from careerboard.consultant.selectors import guide_responsibilities

MID_PROFILE = {
    "current_title": "Software Developer",
    "years_experience": "3",
    "skills": "Python, SQL, git, unit testing, debugging, REST API, postgres, Docker, CI/CD",
    "certifications": "",
    "education": "BSc Computer Science",
    "target_role": "backend-developer",
    "checklist_role": "backend-developer",  # the person saw this role's checklist
    "responsibilities": ["Build features end to end"],
    "regions": ["germany"],
    "salary_expectation_usd": "105000",
    "job_type": "full-time",
}


def test_plus_fills_the_profile_and_reads_the_report(plus_client, plus_seeker, board):
    assert plus_client.get("/consultant").url == "/consultant/profile"
    form = plus_client.get("/consultant/profile")
    assert b"Build features end to end" not in form.content  # no role chosen yet

    first = {**MID_PROFILE, "checklist_role": "", "responsibilities": []}
    response = plus_client.post("/consultant/profile", first, follow=True)

    # The checklist of the role was not shown yet: the responsibilities of the stages three
    # years reach are assumed (3 of Backend Developer's), and ticked on the form.
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/consultant"
    assert 'data-testid="stage">Backend Developer<' in page
    assert "You cover 12 of the 14 skills and responsibilities it expects (86%)" in page
    form = plus_client.get("/consultant/profile").content.decode()
    assert re.search(
        r'value="Build features end to end" id="id_responsibilities_\d+" checked', form
    )
    assert not re.search(
        r'value="Design system architecture" id="id_responsibilities_\d+" checked', form
    )
    assert f'href="{board["fit"].get_absolute_url()}"' in page
    assert "You have 5 of the 5 skills it names" in page
    assert board["us_only"].get_absolute_url() not in page
    assert Profile.objects.get(user=plus_seeker).skills.count() == 9


def test_progress_is_kept_report_by_report(plus_client, plus_seeker, board):
    plus_client.post("/consultant/profile", {**MID_PROFILE, "skills": "Python, SQL"})
    plus_client.post("/consultant/profile", MID_PROFILE)

    coverage = list(
        Report.objects.filter(user=plus_seeker).values_list("stage_title", "stage_coverage_percent")
    )
    # Newest first: the added skills moved the person from Junior to Backend Developer.
    assert coverage == [("Backend Developer", 71), ("Junior Backend Developer", 25)]
    page = plus_client.get("/consultant").content.decode()
    history = page[page.index('data-testid="history"') :]
    rows = history.split("<tr>")[2:]  # past the header
    assert "<td>Backend Developer</td><td>71%</td>" in rows[0]
    assert "<td>Junior Backend Developer</td><td>25%</td>" in rows[1]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("skills", "Python, Klingon", "Not in our skill catalog: Klingon."),
        ("years_experience", "-2", "Ensure this value is greater than or equal to 0."),
        ("salary_expectation_usd", "900000000", "less than or equal to 2000000"),
        ("target_role", "astronaut", "Select a valid choice."),
    ],
)
def test_bad_input_is_a_form_error(plus_client, plus_seeker, guides, field, value, message):
    response = plus_client.post("/consultant/profile", {**MID_PROFILE, field: value})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Profile.objects.filter(user=plus_seeker).exists()


def test_responsibilities_of_another_role_do_not_carry_over(plus_client, plus_seeker, guides):
    plus_client.post("/consultant/profile", MID_PROFILE)
    response = plus_client.post(
        "/consultant/profile", {**MID_PROFILE, "target_role": "frontend-developer"}
    )
    # The new role's checklist was not shown: those of the stages the years reach are assumed.
    assert response.status_code == 302
    assert Profile.objects.get(user=plus_seeker).responsibilities == (
        guide_responsibilities(slug="frontend-developer", years=3)
    )
    assert "Build features end to end" not in Profile.objects.get(user=plus_seeker).responsibilities


def test_free_sees_a_sample_and_the_upgrade_link(free_client, free_seeker, board):
    page = free_client.get("/consultant").content.decode()

    assert 'data-testid="sample"' in page
    assert 'href="/pricing"' in page and "Upgrade to Plus" in page
    assert "You have 3 of the 4 skills it names" in page  # the sample's recommendation
    assert board["fit"].get_absolute_url() not in page

    refused = free_client.post("/consultant/profile", MID_PROFILE)
    assert refused.status_code == 403
    assert "Upgrade to Plus" in refused.content.decode()
    assert not Profile.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client, guides):
    assert client.get("/consultant").url.startswith("/account/login/?next=/consultant")


def test_skill_suggestions_complete_the_last_skill(plus_client, guides):
    response = plus_client.get("/consultant/skills", {"skills": "Python, postg"})

    assert '<option value="Python, PostgreSQL">' in response.content.decode()
    empty = plus_client.get("/consultant/skills", {"skills": "Python, "})
    assert empty.content.decode().strip() == ""


def test_the_export_holds_the_profile_and_reports(plus_client, plus_seeker, guides):
    plus_client.post("/consultant/profile", MID_PROFILE)

    section = json.loads(plus_client.get("/account/export.json").content)["sections"]["consultant"]

    assert section["profile"]["salary_expectation_usd"] == 105_000
    assert "PostgreSQL" in section["profile"]["skills"]
    assert [report["stage"] for report in section["reports"]] == ["Backend Developer"]
