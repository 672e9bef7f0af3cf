from __future__ import annotations

from careerboard.accounts.models import User
from careerboard.companies.models import Company


def company_get_by_slug(*, slug: str) -> Company | None:
    return Company.objects.select_related("headquarters").filter(slug=slug).first()


def company_is_member(*, company: Company, user: User) -> bool:
    return user.is_authenticated and company.memberships.filter(user=user).exists()


def company_list(*, after_slug: str = "", limit: int = 50) -> list[Company]:
    """Companies by slug, starting after `after_slug` (keyset paging stays fast at any depth)."""
    return list(
        Company.objects.select_related("headquarters").filter(slug__gt=after_slug).order_by("slug")[:limit]
    )
