"""Deployment checks for billing (manage.py check --deploy)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def local_provider_in_production(app_configs, **kwargs) -> list[Warning]:
    """The local provider upgrades anyone for free: fine for demos, never on a public site."""
    if settings.HTTPS and settings.BILLING_PROVIDER == "local":
        return [
            Warning(
                "BILLING_PROVIDER is 'local' on an https site: anyone can upgrade to Plus without paying.",
                hint="Set BILLING_PROVIDER=stripe with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
                id="careerboard.billing.W001",
            )
        ]
    return []
