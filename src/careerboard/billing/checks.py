"""Deployment checks for billing (manage.py check --deploy)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

FREE_UPGRADES = "BILLING_PROVIDER is 'local': anyone can upgrade to Plus without paying."
USE_STRIPE = "Set BILLING_PROVIDER=stripe with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET"


@register(Tags.security, deploy=True)
def local_provider_in_production(app_configs, **kwargs) -> list[CheckMessage]:
    """The local provider upgrades anyone for free: fine for demos and development, never on a
    public site by accident. With DEBUG off it must be chosen on purpose (BILLING_LOCAL_ALLOWED);
    chosen on purpose on an https site, it is still worth a warning."""
    if settings.BILLING_PROVIDER != "local":
        return []
    if not settings.DEBUG and not settings.BILLING_LOCAL_ALLOWED:
        return [
            Error(
                FREE_UPGRADES,
                hint=f"{USE_STRIPE}, or, for a demo that gives Plus away on purpose, "
                "BILLING_LOCAL_ALLOWED=true.",
                id="careerboard.billing.E001",
            )
        ]
    if settings.HTTPS:
        return [Warning(FREE_UPGRADES, hint=f"{USE_STRIPE}.", id="careerboard.billing.W001")]
    return []
