"""manage.py import_jobs: Jobicy JSON and CSV, upsert by id, bad rows skipped with reasons."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from careerboard.companies.models import Company
from careerboard.core.tests.factories import CompanyFactory
from careerboard.jobs.importer import JobImporter
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search
from careerboard.search.query import JobQuery

pytestmark = pytest.mark.django_db

DESCRIPTION = "<p>Build and run the payment APIs that shops rely on.</p><script>alert(1)</script>"


def jobicy_job(job_id, **fields) -> dict:
    job = {
        "id": job_id,
        "url": f"https://feed.example/jobs/{job_id}",
        "jobSlug": "payments-engineer",
        "jobTitle": "Payments Engineer",
        "companyName": "Acme",
        "companyLogo": False,
        "jobIndustry": ["Software Engineering"],
        "jobType": ["full-time"],
        "jobGeo": "Germany, USA",
        "jobLevel": "Senior",
        "jobExcerpt": "Build and run",
        "jobDescription": DESCRIPTION,
        "pubDate": "2026-11-01T10:00:00Z",
        "salaryMin": 90000,
        "salaryMax": 120000,
        "salaryCurrency": "EUR",
        "salaryPeriod": "year",
    }
    job.update(fields)
    return job


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_jobs", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def write_json(tmp_path, jobs, name="jobs.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"apiVersion": "2", "jobs": jobs}))
    return path


def found(text: str) -> list[str]:
    return [job.external_id for job in job_search(query=JobQuery(text=text)).jobs]


# Outside a transaction (as in production) a second thread indexes the committed batches.
@pytest.mark.django_db(transaction=True)
def test_import_creates_publishes_and_indexes_jobs(tmp_path):
    CompanyFactory(name="Acme")
    path = write_json(
        tmp_path,
        [
            jobicy_job(1),
            jobicy_job("2", jobTitle="Payroll Analyst", companyName="Newco", jobGeo="Anywhere"),
        ],
    )
    output = run(path)
    assert "2 created, 0 updated, 0 skipped" in output
    job = Job.objects.get(external_id="1")
    assert (job.external_source, job.status, job.company.name) == ("jobicy", "published", "Acme")
    assert Company.objects.filter(name="Acme").count() == 1
    assert "<script" not in job.description and job.excerpt.startswith("Build and run")
    assert [r.slug for r in job.regions.all()] == ["usa", "germany"]
    assert [t.slug for t in job.job_types.all()] == ["full-time"]
    assert [t.slug for t in job.industries.all()] == ["engineering"]
    assert [t.slug for t in job.levels.all()] == ["senior"]
    assert (job.salary_min, job.salary_max, job.salary_currency, job.salary_period) == (
        90000,
        120000,
        "EUR",
        "year",
    )
    assert job.apply_method == "url" and job.apply_url == "https://feed.example/jobs/1"
    assert job.published_at.isoformat() == "2026-11-01T10:00:00+00:00"
    assert job.expires_at > job.published_at
    newco = Job.objects.get(external_id="2")
    assert newco.company.name == "Newco" and not newco.regions.exists()
    assert found("engineer") == ["1"] and found("payroll") == ["2"]


def test_reimport_updates_by_id_and_keeps_ended_jobs_ended(tmp_path):
    run(write_json(tmp_path, [jobicy_job(1), jobicy_job(2)]))
    Job.objects.filter(external_id="2").update(status=Job.Status.CLOSED)
    output = run(
        write_json(
            tmp_path,
            [
                jobicy_job(1, jobTitle="Lead Payments Engineer", jobGeo="Europe"),
                jobicy_job(2),
                jobicy_job(3),
            ],
        )
    )
    assert "1 created, 2 updated, 0 skipped" in output
    first = Job.objects.get(external_id="1")
    assert first.title == "Lead Payments Engineer" and [r.slug for r in first.regions.all()] == [
        "europe"
    ]
    assert Job.objects.get(external_id="2").status == Job.Status.CLOSED
    assert Job.objects.count() == 3
    assert found("lead") == ["1"]


def test_another_source_is_another_job(tmp_path):
    path = write_json(tmp_path, [jobicy_job(1)])
    run(path)
    assert "1 created" in run(path, "--source", "otherboard")
    assert Job.objects.count() == 2


def test_bad_rows_are_skipped_with_reasons_and_never_stop_the_import(tmp_path):
    rows = [
        jobicy_job(1),
        "not an object",
        jobicy_job(None),
        jobicy_job(3, jobGeo="Atlantis"),
        jobicy_job(4, salaryMin=5000, salaryMax=10),
        jobicy_job(5, salaryCurrency="XYZ"),
        jobicy_job(6, pubDate="yesterday"),
        jobicy_job(7, jobDescription="<p>Too short</p>"),
        jobicy_job(8, url="javascript:alert(1)"),
        jobicy_job(9, salaryMin="lots"),
        jobicy_job(1, jobTitle="Duplicate"),
        jobicy_job(10, jobIndustry=["Astrology", "Sales"], jobType="Full-Time, Gig"),
    ]
    output = run(write_json(tmp_path, rows))
    assert "2 created, 0 updated, 10 skipped" in output
    for reason in (
        "row 2: not an object",
        "row 3: no id",
        "row 4 (id 3): jobGeo 'Atlantis' is not a region we know",
        "row 5 (id 4): salaryMin is above salaryMax",
        "row 6 (id 5): salaryCurrency 'XYZ' is not a currency we know",
        "row 7 (id 6): pubDate 'yesterday' is not an ISO 8601 date and time",
        "row 8 (id 7): jobDescription has fewer than 30 characters of text",
        "row 9 (id 8): url is not an http(s) address",
        "row 10 (id 9): salaryMin must be a number",
        "row 11 (id 1): id 1 appears earlier in the file",
    ):
        assert f"skipped {reason}" in output
    assert "warning: unknown jobIndustry 'Astrology' left out (1 rows)" in output
    assert "warning: unknown jobType 'Gig' left out (1 rows)" in output
    tenth = Job.objects.get(external_id="10")
    assert [t.slug for t in tenth.industries.all()] == ["sales"]
    assert [t.slug for t in tenth.job_types.all()] == ["full-time"]


def test_a_row_the_database_refuses_costs_only_that_row(on_postgres):
    rows = [jobicy_job(n, companyName=f"Company {n}") for n in range(1, 6)]
    rows[2]["jobTitle"] = "Refused Engineer"
    # Row 3 passes every check the importer knows (it cleans NUL and other controls itself);
    # a constraint only the database has refuses it. DDL is undone with the test's transaction.
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {Job._meta.db_table} ADD CONSTRAINT test_refused_title"
            " CHECK (title <> 'Refused Engineer')"
        )
    report = JobImporter().run(rows)
    assert (report.created, len(report.skipped)) == (4, 1)
    assert (
        report.skipped[0][0] == "row 3 (id 3)" and "refused by the database" in report.skipped[0][1]
    )
    assert Job.objects.count() == 4


def test_csv_with_the_documented_columns(tmp_path):
    path = tmp_path / "jobs.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id",
                "url",
                "jobTitle",
                "companyName",
                "jobIndustry",
                "jobType",
                "jobGeo",
                "jobLevel",
                "jobDescription",
                "pubDate",
                "salaryMin",
                "salaryMax",
                "salaryCurrency",
                "salaryPeriod",
            ]
        )
        writer.writerow(
            [
                "a1",
                "https://feed.example/a1",
                "Data Engineer",
                "Acme",
                "Data Science & Analytics,Software Engineering",
                "contract",
                "Europe, Canada",
                "",
                DESCRIPTION,
                "2026-11-02 08:30:00",
                "60",
                "80",
                "usd",
                "hourly",
            ]
        )
        writer.writerow(
            [
                "",
                "https://feed.example/a2",
                "No Id",
                "Acme",
                "",
                "",
                "",
                "",
                DESCRIPTION,
                "",
                "",
                "",
                "",
                "",
            ]
        )
    output = run(path)
    assert "1 created, 0 updated, 1 skipped" in output
    job = Job.objects.get(external_id="a1")
    assert [t.slug for t in job.industries.all()] == ["engineering", "data-science"]
    assert (job.salary_min, job.salary_currency, job.salary_period) == (60, "USD", "hour")
    assert [r.slug for r in job.regions.all()] == ["europe", "canada"]


@pytest.mark.parametrize(
    "content",
    ['{"jobs": "nope"}', "{not json", "just,some,columns\n1,2,3\n", '[{"id": 1}]'],
)
def test_an_unreadable_file_is_a_command_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError):
        run(path)
    with pytest.raises(CommandError):
        run(tmp_path / "missing.json")
