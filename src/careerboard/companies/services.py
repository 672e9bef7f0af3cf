from __future__ import annotations

from collections.abc import Iterable

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.dispatch import Signal
from django.utils.text import slugify

from careerboard.accounts.models import User
from careerboard.companies.models import Company, Membership
from careerboard.companies.selectors import INVITATION_SALT, company_for_invitation
from careerboard.core.uploads import image_reencoded
from careerboard.taxonomy.models import Region

# Sent inside company_update's transaction when what the company says of itself on its jobs
# changes (name, website, description, logo), with `company` and `by`. The jobs domain, which
# shows it on every live job, sends those jobs back to review (JobsConfig.ready): a company
# text goes live only after staff have seen it, as a job's own text does.
company_public_text_changed = Signal()


def company_unique_slug(*, name: str) -> str:
    base = slugify(name)[:180] or "company"
    slug, n = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def company_create(
    *, name: str, owner: User, website: str = "", description: str = "", size: str = ""
) -> Company:
    """Create a company and make `owner` its first member; `size` is a Company.Size value."""
    if owner.role != User.Role.EMPLOYER:
        raise PermissionDenied("Only employer accounts create companies.")
    company = Company(
        name=name.strip(),
        slug=company_unique_slug(name=name),
        website=website,
        description=description,
        size=size,
    )
    company.full_clean()
    company.save()
    Membership.objects.create(company=company, user=owner, role=Membership.Role.OWNER)
    return company


def _require_owner(*, company: Company, user: User) -> None:
    if not company.memberships.filter(user=user, role=Membership.Role.OWNER).exists():
        raise PermissionDenied("Only an owner of the company may do this.")


@transaction.atomic
def company_update(
    *,
    company: Company,
    by: User,
    name: str,
    website: str,
    description: str,
    headquarters: str = "",
    size: str = "",
    logo: File | None = None,
) -> Company:
    """Change the public company page; `headquarters` is a region slug, `size` a Company.Size
    value ("" unknown). The slug of the company
    stays, so links to its page keep working. A new logo goes through company_logo_set. A new
    name, website, description or logo sends the company's live jobs back to review
    (company_public_text_changed)."""
    _require_owner(company=company, user=by)
    region = Region.objects.filter(slug=headquarters).first() if headquarters else None
    if headquarters and region is None:
        raise ValidationError({"headquarters": ["Choose a region from the list."]})
    before = (company.name, company.website, company.description)
    company.name, company.website, company.description = name.strip(), website, description
    company.headquarters, company.size = region, size
    company.full_clean(exclude=["slug", "logo"])
    company.save()
    if logo is not None:
        company_logo_set(company=company, image_file=logo, by=by)
    if logo is not None or before != (company.name, company.website, company.description):
        company_public_text_changed.send(sender=Company, company=company, by=by)
    return company


@transaction.atomic
def company_logo_set(*, company: Company, image_file: File, by: User | None) -> Company:
    """Make the company's logo the first frame of `image_file`, re-encoded by us as a PNG
    under a random name (core.uploads.image_reencoded); the replaced file is deleted once
    this commits. `by` must be an owner; None is the system itself (seed data, imports).
    Raises ValidationError({"logo": ...}) for a file that is not an acceptable image."""
    if by is not None:
        _require_owner(company=company, user=by)
    try:
        encoded = image_reencoded(image_file)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from error
    replaced = company.logo.name
    storage = company.logo.storage
    company.logo.save(str(encoded.name), encoded, save=False)
    written = str(company.logo.name)
    try:
        company.save(update_fields=["logo", "updated_at"])
    except BaseException:
        storage.delete(written)
        raise
    if replaced:
        transaction.on_commit(lambda: storage.delete(replaced))
    return company


def company_invitation_token(*, company: Company, by: User) -> str:
    """A signed link token that makes whoever opens it within 7 days a member. Nothing is
    stored: the link names the company and the owner who made it, and stops working when
    that person is no longer an owner."""
    _require_owner(company=company, user=by)
    return signing.dumps({"company": company.pk, "by": by.pk}, salt=INVITATION_SALT)


@transaction.atomic
def company_join(*, token: str, user: User) -> Company:
    """Make an employer account a member of the company an invitation names."""
    company = company_for_invitation(token=token)
    if user.role != User.Role.EMPLOYER:
        raise PermissionDenied("Only employer accounts can join a company.")
    Membership.objects.get_or_create(
        company=company, user=user, defaults={"role": Membership.Role.MEMBER}
    )
    return company


def companies_by_name(*, names: Iterable[str]) -> dict[str, int]:
    """The id of the company with each name, creating (without members) those that are missing;
    for imports from a trusted feed, which names companies but has no accounts for them."""
    wanted = {name for name in names if name}
    ids: dict[str, int] = {}
    for company_id, name in (
        Company.objects.filter(name__in=wanted).order_by("-id").values_list("id", "name")
    ):
        ids[name] = company_id  # the oldest company of a name wins
    for name in sorted(wanted - set(ids)):
        ids[name] = Company.objects.create(name=name, slug=company_unique_slug(name=name)).pk
    return ids
