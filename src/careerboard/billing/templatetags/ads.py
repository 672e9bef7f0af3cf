"""The one ad component: `{% load ads %}{% ad_slot "search" %}`.

A slot shows house ads (sponsored jobs and an upgrade banner) and is absent from the HTML for an
account whose plan includes `ad_free`.
"""

from __future__ import annotations

from typing import Any

from django import template

from careerboard.billing.entitlements import entitlement_allows
from careerboard.billing.selectors import house_ads

register = template.Library()

# Where slots are: the /jobs results, a job's page, a career guide.
SLOTS = frozenset({"search", "job", "guide"})
SPONSORED_JOBS_PER_SLOT = 3


@register.inclusion_tag("billing/_ad_slot.html", takes_context=True)
def ad_slot(context: template.Context, slot: str) -> dict[str, Any]:
    if slot not in SLOTS:
        raise template.TemplateSyntaxError(f"unknown ad slot {slot!r}; known: {sorted(SLOTS)}")
    request = context.get("request")
    if entitlement_allows(user=getattr(request, "user", None), feature="ad_free"):
        return {"show": False}
    return {"show": True, "slot": slot, **house_ads(jobs=SPONSORED_JOBS_PER_SLOT)}
