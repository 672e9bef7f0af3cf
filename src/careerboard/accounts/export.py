"""The personal-data export: every domain that holds data about a person adds its section.

A domain registers a function in its AppConfig.ready():

    from careerboard.accounts.export import register_export_section
    register_export_section("alerts", alerts_for_export)  # (user) -> JSON-serializable data

and the export (GET /account/export.json) includes what each function returns, under its name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from careerboard.accounts.models import User

ExportSection = Callable[[User], Any]

_sections: dict[str, ExportSection] = {}


def register_export_section(name: str, section: ExportSection) -> None:
    """Add `section(user)` to every export under `name`; one domain, one name."""
    registered = _sections.get(name)
    if registered is not None and registered is not section:
        raise ValueError(f"export section {name!r} is already registered")
    _sections[name] = section


def export_user_data(*, user: User) -> dict[str, Any]:
    """Everything careerboard holds about `user`, as one JSON-serializable document."""
    return {
        "format": "careerboard-export/1",
        "generated_at": timezone.now().isoformat(),
        "sections": {name: section(user) for name, section in sorted(_sections.items())},
    }
