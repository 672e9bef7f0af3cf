from __future__ import annotations

from datetime import datetime

from django import template

register = template.Library()


@register.filter
def usd(amount: int | None) -> str:
    """94000 → "$94,000"."""
    return "" if amount is None else f"${amount:,}"


@register.filter
def isodate(value: str) -> datetime | None:
    """An ISO 8601 timestamp kept as text (in a market snapshot) as a datetime, for |date."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
