"""/api/v1/taxonomies: the values every filter and every job field takes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from careerboard.taxonomy.selectors import taxonomy_lists

router = Router(tags=["taxonomies"])


class TermOut(Schema):
    slug: str
    name: str


class RegionOut(TermOut):
    kind: str = Field(description="anywhere, area or country.")
    parent: str | None = Field(description="Slug of the region that contains this one.")
    country_code: str = Field(description="ISO 3166-1 alpha-2 for a country, else empty.")

    @staticmethod
    def resolve_parent(region) -> str | None:
        return region.parent.slug if region.parent else None


class TaxonomiesOut(Schema):
    industries: list[TermOut]
    job_types: list[TermOut]
    levels: list[TermOut]
    regions: list[RegionOut]


@router.get("", response=TaxonomiesOut, summary="Industries, job types, levels and regions")
def taxonomies(request: HttpRequest) -> dict:
    """Slugs are stable: use them as search filters and when posting jobs."""
    return taxonomy_lists()
