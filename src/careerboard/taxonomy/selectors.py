from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term

# Every search resolves filter slugs and names facets through these tiny tables; they change
# only by sync or admin edit (taxonomy_changed), so they are read once an hour at most.
_CACHE_VERSION_KEY = "taxonomy:version"
_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class TermInfo:
    id: int
    slug: str
    name: str
    bit: int
    position: int
    parent_id: int | None = None


def industry_list() -> list[Industry]:
    return list(Industry.objects.all())


def search_vocabularies() -> dict[str, list[TermInfo]]:
    """Every filter's values in display order, keyed by the search parameter name."""
    return {
        name: list(terms_by_slug(model).values())
        for name, model in (
            ("industry", Industry),
            ("type", JobType),
            ("level", Level),
            ("region", Region),
        )
    }


def _version() -> int:
    return int(cache.get_or_set(_CACHE_VERSION_KEY, 1, None) or 1)


def terms_by_slug(model: type[Term]) -> dict[str, TermInfo]:
    """slug -> TermInfo for one vocabulary, in display order."""
    key = f"taxonomy:terms:{model.__name__}:v{_version()}"
    terms = cache.get(key)
    if terms is None:
        fields = ["id", "slug", "name", "bit", "position"]
        if model is Region:
            fields.append("parent_id")
        rows = model._default_manager.order_by("position").values(*fields)
        terms = {row["slug"]: TermInfo(**row) for row in rows}
        cache.set(key, terms, _CACHE_SECONDS)
    return terms


def terms_by_bit(model: type[Term]) -> dict[int, Term]:
    """bit -> the term itself for one vocabulary, in display order: a search page names its
    jobs' terms from their index bit sets without querying the join tables."""
    key = f"taxonomy:instances:{model.__name__}:v{_version()}"
    terms = cache.get(key)
    if terms is None:
        terms = {term.bit: term for term in model._default_manager.exclude(bit=None)}
        cache.set(key, terms, _CACHE_SECONDS)
    return terms


def region_with_ancestor_ids(*, region_id: int) -> list[int]:
    """The region and every region containing it, nearest first (Germany, Europe, EMEA, ...)."""
    parents = {term.id: term.parent_id for term in terms_by_slug(Region).values()}
    chain: list[int] = []
    current: int | None = region_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def taxonomy_lists() -> dict[str, list]:
    """Every vocabulary's terms in display order; regions with their parents."""
    return {
        "industries": list(Industry.objects.all()),
        "job_types": list(JobType.objects.all()),
        "levels": list(Level.objects.all()),
        "regions": list(Region.objects.select_related("parent")),
    }
