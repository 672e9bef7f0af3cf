from __future__ import annotations

from django.core.cache import cache

from careerboard.taxonomy.models import Industry, JobType, Level, Region

_TREE_CACHE_KEY = "taxonomy:region-parents:v1"


def industry_list() -> list[Industry]:
    return list(Industry.objects.all())


def job_type_list() -> list[JobType]:
    return list(JobType.objects.all())


def level_list() -> list[Level]:
    return list(Level.objects.all())


def region_list() -> list[Region]:
    return list(Region.objects.all())


def _region_parents() -> dict[int, int | None]:
    parents = cache.get(_TREE_CACHE_KEY)
    if parents is None:
        parents = dict(Region.objects.values_list("id", "parent_id"))
        cache.set(_TREE_CACHE_KEY, parents, 3600)
    return parents


def region_with_ancestor_ids(*, region_id: int) -> list[int]:
    """The region and every region containing it, nearest first (Germany, Europe, EMEA, ...)."""
    parents = _region_parents()
    chain: list[int] = []
    current: int | None = region_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain
