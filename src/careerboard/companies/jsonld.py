"""schema.org Organization for a company: its page's own block and the hiringOrganization of
its jobs' JobPosting (jobs/jsonld.py)."""

from __future__ import annotations

from careerboard.companies.models import Company


def organization(company: Company) -> dict:
    """Name, website (sameAs), logo and head count (numberOfEmployees, a range) where known."""
    data: dict = {"@type": "Organization", "name": company.name}
    if company.website:
        data["sameAs"] = company.website
    if company.logo:
        data["logo"] = company.logo_absolute_url
    bounds = company.size_bounds
    if bounds is not None:
        low, high = bounds
        employees = {"@type": "QuantitativeValue", "minValue": low}
        if high is not None:
            employees["maxValue"] = high
        data["numberOfEmployees"] = employees
    return data


def organization_page(company: Company) -> dict:
    """The company page's block: the organization with its website (url) and description."""
    data = {"@context": "https://schema.org", **organization(company)}
    if company.website:
        data["url"] = company.website
    if company.description:
        data["description"] = company.description
    return data
