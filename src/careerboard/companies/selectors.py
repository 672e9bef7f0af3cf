from __future__ import annotations

from careerboard.accounts.models import User
from careerboard.companies.models import Company


def company_get_by_slug(*, slug: str) -> Company | None:
    return Company.objects.select_related("headquarters").filter(slug=slug).first()


def company_is_member(*, company: Company, user: User) -> bool:
    return user.is_authenticated and company.memberships.filter(user=user).exists()
