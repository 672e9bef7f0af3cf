"""schema.org JobPosting for a job's page, with Google's required and recommended properties.

Every job on the board is remote, so the posting says jobLocationType TELECOMMUTE and names
where applicants may live in applicantLocationRequirements: a Country for a country of our
region tree, an AdministrativeArea for a wider area (Europe, APAC, ...). A job open Anywhere
leaves applicantLocationRequirements out: Google asks for it when applicants must live in
particular places, and there is no value that means "the whole world" to it.

`ld_json` serializes for a <script type="application/ld+json"> block with <, > and & escaped
as \\u003C, \\u003E and \\u0026 (as Django's json_script does), so "</script>" inside a job's
text cannot end the block.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from careerboard.companies.jsonld import organization
from careerboard.jobs.models import Job

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Our job types as Google's employmentType values.
EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "freelance": "CONTRACTOR",
    "internship": "INTERN",
}
UNIT_TEXT: dict[str, str] = {"hour": "HOUR", "month": "MONTH", "year": "YEAR"}


def ld_json(data: object) -> SafeString:
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(encoded)  # noqa: S308  # no <, > or & is left to close the block


def _applicant_locations(job: Job) -> list[dict]:
    return [
        {
            "@type": "Country" if region.kind == region.Kind.COUNTRY else "AdministrativeArea",
            "name": region.name,
        }
        for region in job.regions.all()
        if not region.is_anywhere
    ]


def _salary(job: Job) -> dict | None:
    if (job.salary_min is None and job.salary_max is None) or job.salary_period not in UNIT_TEXT:
        return None
    value: dict = {"@type": "QuantitativeValue", "unitText": UNIT_TEXT[job.salary_period]}
    if (
        job.salary_min is not None
        and job.salary_max is not None
        and job.salary_min != job.salary_max
    ):
        value.update(minValue=job.salary_min, maxValue=job.salary_max)
    else:
        value["value"] = job.salary_min if job.salary_min is not None else job.salary_max
    return {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}


def job_posting(job: Job, *, site_url: str) -> dict:
    """The JobPosting of a live job (the taxonomies are expected prefetched)."""
    posting: dict = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description,
        "url": site_url + job.get_absolute_url(),
        "datePosted": job.published_at,
        "validThrough": job.expires_at,
        "hiringOrganization": organization(job.company),
        "identifier": {"@type": "PropertyValue", "name": "careerboard", "value": str(job.pk)},
        "jobLocationType": "TELECOMMUTE",
        "directApply": job.apply_method == Job.ApplyMethod.ON_SITE,
    }
    locations = _applicant_locations(job)
    if locations:
        posting["applicantLocationRequirements"] = locations
    employment = list(
        dict.fromkeys(EMPLOYMENT_TYPES.get(t.slug, "OTHER") for t in job.job_types.all())
    )
    if employment:
        posting["employmentType"] = employment if len(employment) > 1 else employment[0]
    salary = _salary(job)
    if salary:
        posting["baseSalary"] = salary
    industries = [term.name for term in job.industries.all()]
    if industries:
        posting["industry"] = ", ".join(industries)
    return posting
