from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from careerboard.accounts.models import User
from careerboard.companies.models import Company, Membership


def company_unique_slug(*, name: str) -> str:
    base = slugify(name)[:180] or "company"
    slug, n = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def company_create(*, name: str, owner: User, website: str = "", description: str = "") -> Company:
    """Create a company and make `owner` its first member."""
    company = Company.objects.create(
        name=name, slug=company_unique_slug(name=name), website=website, description=description
    )
    Membership.objects.create(company=company, user=owner, role=Membership.Role.OWNER)
    return company
