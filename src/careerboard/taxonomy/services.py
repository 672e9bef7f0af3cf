from __future__ import annotations

from careerboard.taxonomy import data
from careerboard.taxonomy.selectors import VERSION_CACHE_KEY, forget_request_version, new_version


def taxonomy_sync(*, apps=None) -> None:
    """Create or update every vocabulary row from taxonomy/data.py; idempotent.

    `apps` is the migration state registry when called from a migration.
    """
    get = apps.get_model if apps is not None else _current_model
    for model_name, rows in (
        ("Industry", data.INDUSTRIES),
        ("JobType", data.JOB_TYPES),
        ("Level", data.LEVELS),
    ):
        model = get("taxonomy", model_name)
        for position, (slug, name) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug, defaults={"name": name, "position": position, "bit": position}
            )
    region_model = get("taxonomy", "Region")
    for position, (slug, name, kind, parent, code) in enumerate(data.REGIONS):
        region_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "bit": position,
                "kind": kind,
                "parent": region_model.objects.get(slug=parent) if parent else None,
                "country_code": code,
            },
        )
    if apps is None:
        taxonomy_changed()


def taxonomy_changed() -> None:
    """Forget the cached vocabularies (taxonomy.selectors) after rows change: a new version
    every process's next lookup sees."""
    from django.core.cache import cache

    cache.set(VERSION_CACHE_KEY, new_version(), None)
    forget_request_version()


def _current_model(app_label: str, model_name: str):
    from django.apps import apps

    return apps.get_model(app_label, model_name)
