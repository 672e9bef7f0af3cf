from __future__ import annotations

from django_tasks import task

from careerboard.guides.services import guide_market_refresh


@task()
def guides_refresh_market() -> int:
    """Recompute the market figures of every guide (hourly, and after a sync changed guides)."""
    return guide_market_refresh()
