from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.core.cache import cache

from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term

# Every search resolves filter slugs and names facets through these tiny tables; they change
# only by sync or admin edit (taxonomy_changed), so they are read once an hour at most.
VERSION_CACHE_KEY = "taxonomy:version"
_CACHE_SECONDS = 3600
# Each vocabulary as this process last read it, with the version it was read at: a search
# page looks its vocabularies up about 18 times, and unpickling them from the cache each time
# cost ~0.8 ms of CPU (more through Redis). A copy serves only while the cache's version is
# the one it was read at, so it goes with the cache's (a change, a flush, the tests' clear).
_copies: dict[str, tuple[str, Any]] = {}
# The version as read in the current request: one cache read a request instead of one a
# lookup. Outside a request (tasks, commands, tests calling selectors) each lookup reads it.
_OUTSIDE_REQUEST = ""
_request_version: ContextVar[str | None] = ContextVar("taxonomy_version", default=_OUTSIDE_REQUEST)


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


def new_version() -> str:
    """A version no earlier read can have seen: after the cache is emptied a counter would
    start again at a number some process's copy was read at."""
    return secrets.token_hex(8)


def _version() -> str:
    version = _request_version.get()
    if not version:
        in_request = version is None
        version = str(cache.get_or_set(VERSION_CACHE_KEY, new_version, None))
        if in_request:
            _request_version.set(version)
    return version


def read_version_per_request(**kwargs: object) -> None:
    """Connected to request_started: the request reads the version once, when first needed."""
    _request_version.set(None)


def read_version_per_lookup(**kwargs: object) -> None:
    """Connected to request_finished: outside a request each lookup reads the version."""
    _request_version.set(_OUTSIDE_REQUEST)


def forget_request_version() -> None:
    """After a change of the version (taxonomy_changed): the request's next lookup reads it."""
    if _request_version.get() != _OUTSIDE_REQUEST:
        _request_version.set(None)


def _vocabulary(kind: str, model: type[Term], read: Callable[[], Any]) -> Any:
    """One vocabulary's `kind` of mapping: this process's copy while the cache's version is the
    one it was read at, else the cache's entry, else `read()` from the database."""
    version = _version()
    key = f"taxonomy:{kind}:{model.__name__}"
    copy = _copies.get(key)
    if copy is not None and copy[0] == version:
        return copy[1]
    cache_key = f"{key}:v{version}"
    value = cache.get(cache_key)
    if value is None:
        value = read()
        cache.set(cache_key, value, _CACHE_SECONDS)
    _copies[key] = (version, value)
    return value


def terms_by_slug(model: type[Term]) -> Mapping[str, TermInfo]:
    """slug -> TermInfo for one vocabulary, in display order (shared: not to be changed)."""

    def read() -> dict[str, TermInfo]:
        fields = ["id", "slug", "name", "bit", "position"]
        if model is Region:
            fields.append("parent_id")
        rows = model._default_manager.order_by("position").values(*fields)
        return {row["slug"]: TermInfo(**row) for row in rows}

    return MappingProxyType(_vocabulary("terms", model, read))


def terms_by_bit(model: type[Term]) -> Mapping[int, Term]:
    """bit -> the term itself for one vocabulary, in display order: a search page names its
    jobs' terms from their index bit sets without querying the join tables. The terms are
    shared by every caller of this process: read them, do not change them."""

    def read() -> dict[int, Term]:
        return {term.bit: term for term in model._default_manager.all() if term.bit is not None}

    return MappingProxyType(_vocabulary("instances", model, read))


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
