"""/api/v1/companies: company profiles, by slug. One company with its open jobs counted
(`/companies/{slug}`) is added to this router by site/api.py, which may read jobs too."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from careerboard.companies.models import Company
from careerboard.companies.selectors import company_list
from careerboard.taxonomy.api import TermOut

router = Router(tags=["companies"])
_CURSOR_SALT = "careerboard.companies.cursor"


class CompanyOut(Schema):
    slug: str
    name: str
    url: str = Field(description="The company's page on careerboard.")
    website: str
    logo: str | None = Field(description="Absolute URL of the logo, if there is one.")
    description: str = Field(description="Plain text.")
    headquarters: TermOut | None
    size: str = Field(
        description='Head count: "1-10", "11-50", "51-200", "201-500", "501-1000", '
        '"1001-5000", "5001+", or "" when not known.'
    )
    verified: bool

    @staticmethod
    def resolve_url(company: Company) -> str:
        return settings.SITE_URL + company.get_absolute_url()

    @staticmethod
    def resolve_logo(company: Company) -> str | None:
        return company.logo_absolute_url or None


class CompanyDetailOut(CompanyOut):
    open_jobs: int


class CompanyListOut(Schema):
    companies: list[CompanyOut]
    next_cursor: str | None


class CompanyListParams(Schema):
    limit: int = Field(50, ge=1, le=100)
    cursor: str | None = Field(None, max_length=500)


@router.get("", response=CompanyListOut, summary="Companies, by slug")
def companies_list(request: HttpRequest, params: Query[CompanyListParams]) -> dict:
    after = ""
    if params.cursor:
        try:
            after = signing.loads(params.cursor, salt=_CURSOR_SALT)
        except signing.BadSignature as error:
            raise HttpError(400, "The cursor is not valid.") from error
    companies = company_list(after_slug=after, limit=params.limit + 1)
    page = companies[: params.limit]
    more = len(companies) > params.limit
    return {
        "companies": page,
        "next_cursor": signing.dumps(page[-1].slug, salt=_CURSOR_SALT) if more else None,
    }
