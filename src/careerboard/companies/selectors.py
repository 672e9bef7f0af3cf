from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError

from careerboard.accounts.models import User
from careerboard.companies.models import Company, Membership

INVITATION_MAX_AGE = timedelta(days=7)
INVITATION_SALT = "companies.invitation"


def company_get_by_slug(*, slug: str) -> Company | None:
    return Company.objects.select_related("headquarters").filter(slug=slug).first()


def company_ids_by_slug(*, slugs: tuple[str, ...]) -> dict[str, int]:
    """The ids of the companies with these slugs (a slug no company has is left out)."""
    if not slugs:
        return {}
    return dict(Company.objects.filter(slug__in=slugs).values_list("slug", "id"))


def company_is_member(*, company: Company, user: User) -> bool:
    return user.is_authenticated and company.memberships.filter(user=user).exists()


def company_for_invitation(*, token: str) -> Company:
    """The company an invitation token is for; ValidationError when the link is expired,
    tampered with, or the owner who made it is no longer an owner."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(
            "This invitation has expired. Ask the company's owner for a new link.", code="expired"
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(
            "This invitation link is not valid. Copy the whole link.", code="invalid"
        ) from error
    company = Company.objects.filter(
        pk=payload.get("company"),
        memberships__user_id=payload.get("by"),
        memberships__role=Membership.Role.OWNER,
    ).first()
    if company is None:
        raise ValidationError("This invitation is no longer valid.", code="invalid")
    return company


def company_list_for_member(*, user: User) -> list[Membership]:
    """The person's memberships with their companies, by company name."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user).select_related("company").order_by("company__name")
    )


def company_get_for_member(*, user: User, slug: str) -> Membership | None:
    """The person's membership of the company with this slug; None when they are not in it."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("company__headquarters")
        .filter(user=user, company__slug=slug)
        .first()
    )


def company_list(*, after_slug: str = "", limit: int = 50) -> list[Company]:
    """Companies by slug, starting after `after_slug` (keyset paging stays fast at any depth)."""
    return list(
        Company.objects.select_related("headquarters")
        .filter(slug__gt=after_slug)
        .order_by("slug")[:limit]
    )


def company_count() -> int:
    return Company.objects.count()
