from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def usd(amount: int | None) -> str:
    """94000 → "$94,000"."""
    return "" if amount is None else f"${amount:,}"
