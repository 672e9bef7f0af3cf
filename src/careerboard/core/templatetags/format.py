"""Template filters over core/formatting.py: {{ count|number }}, {{ job|salary }},
{{ job.published_at|ago }}."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from careerboard.core import formatting

register = template.Library()


@register.filter
def number(value) -> str:
    try:
        return formatting.number(value if value is None else float(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def salary(job) -> str:
    """A job's (or any object's with salary_min/max/currency/period) salary, short."""
    return formatting.money_range(
        job.salary_min, job.salary_max, job.salary_currency, job.salary_period
    )


@register.filter
def ago(moment: datetime | None) -> str:
    return formatting.ago(moment, timezone.now())


@register.filter
def monogram(name: str) -> str:
    """The one or two letters that stand for a company without a logo."""
    words = [word for word in (name or "").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


@register.filter
def hue(value) -> int:
    """A stable colour slot (0-7) for a monogram, from the company's id."""
    try:
        return int(value) % 8
    except (TypeError, ValueError):
        return 0
