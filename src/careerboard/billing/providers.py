"""Payment providers: where an upgrade is paid and a subscription is managed.

`local` (the embedded default) completes checkout on our own page and charges nothing, so the
whole upgrade flow works offline and in demos. `stripe` uses Stripe Checkout, the customer
portal and webhooks (billing/stripe_events.py). BILLING_PROVIDER picks the provider of new
checkouts; a subscription keeps the provider it was made with.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any, Protocol

import stripe
from django.conf import settings
from django.urls import reverse

from careerboard.billing.models import Price, Subscription

logger = logging.getLogger(__name__)

STRIPE_TIMEOUT_SECONDS = 20


class ProviderError(Exception):
    """The payment provider could not do it; the message is for the person."""


class PaymentProvider(Protocol):
    name: str

    def checkout_url(self, *, subscription: Subscription, price: Price) -> str:
        """Where to send the person to pay for `price`."""
        ...

    def portal_url(self, *, subscription: Subscription) -> str | None:
        """The provider's own page for payment methods, or None when it has none."""
        ...

    def cancel_at_period_end_set(self, *, subscription: Subscription, cancel: bool) -> None:
        """Stop (or no longer stop) the renewal at the end of the period."""
        ...

    def cancel_now(self, *, subscription: Subscription) -> None:
        """End the subscription at once (the account is being deleted)."""
        ...


class LocalProvider:
    """Checkout on our own page (/billing/checkout/local/<price>/): no money moves."""

    name: str = Subscription.Provider.LOCAL

    def checkout_url(self, *, subscription: Subscription, price: Price) -> str:
        return reverse("billing:checkout_local", args=[price.key])

    def portal_url(self, *, subscription: Subscription) -> str | None:
        return None

    def cancel_at_period_end_set(self, *, subscription: Subscription, cancel: bool) -> None:
        return None

    def cancel_now(self, *, subscription: Subscription) -> None:
        return None


class StripeProvider:
    name: str = Subscription.Provider.STRIPE

    @cached_property
    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            max_network_retries=2,
            http_client=stripe.new_default_http_client(timeout=STRIPE_TIMEOUT_SECONDS),
            base_addresses={"api": settings.STRIPE_API_BASE},
        )

    def _call(self, what: str, call, *args: Any, **kwargs: Any) -> Any:  # type: ignore[no-untyped-def]
        try:
            return call(*args, **kwargs)
        except stripe.StripeError as error:
            logger.warning("stripe %s failed: %s", what, error)
            raise ProviderError(
                "The payment provider could not be reached. Please try again in a minute."
            ) from error

    def checkout_url(self, *, subscription: Subscription, price: Price) -> str:
        stripe_price = settings.STRIPE_PRICE_IDS.get(price.key)
        if not stripe_price:
            raise ProviderError(f"The price {price.display} cannot be bought at the moment.")
        user = subscription.user
        # The user id travels in the metadata of the checkout and of the subscription, so any
        # event can be matched to the account, in whatever order the events arrive.
        metadata = {"user_id": str(user.pk), "price_key": price.key}
        params: dict[str, Any] = {
            "mode": "subscription",
            "line_items": [{"price": stripe_price, "quantity": 1}],
            "success_url": settings.SITE_URL + reverse("billing:home") + "?checkout=done",
            "cancel_url": settings.SITE_URL + reverse("billing:pricing"),
            "client_reference_id": str(user.pk),
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
        }
        if subscription.provider_customer_id:
            params["customer"] = subscription.provider_customer_id
        else:
            params["customer_email"] = user.email
        session = self._call("checkout", self.client.v1.checkout.sessions.create, params=params)
        return session.url

    def portal_url(self, *, subscription: Subscription) -> str | None:
        if not subscription.provider_customer_id:
            return None
        params = {
            "customer": subscription.provider_customer_id,
            "return_url": settings.SITE_URL + reverse("billing:home"),
        }
        session = self._call("portal", self.client.v1.billing_portal.sessions.create, params=params)
        return session.url

    def cancel_at_period_end_set(self, *, subscription: Subscription, cancel: bool) -> None:
        self._call(
            "cancel at period end",
            self.client.v1.subscriptions.update,
            subscription.provider_subscription_id,
            params={"cancel_at_period_end": cancel},
        )

    def cancel_now(self, *, subscription: Subscription) -> None:
        self._call(
            "cancel", self.client.v1.subscriptions.cancel, subscription.provider_subscription_id
        )

    def event_from_webhook(self, *, payload: bytes, signature: str) -> dict[str, Any]:
        """The event, once its signature over the raw body is valid and recent (5 minutes);
        ValueError otherwise."""
        if not settings.STRIPE_WEBHOOK_SECRET:
            raise ValueError("STRIPE_WEBHOOK_SECRET is not set")
        try:
            event = stripe.Webhook.construct_event(
                payload, signature, settings.STRIPE_WEBHOOK_SECRET
            )
        except stripe.SignatureVerificationError as error:
            raise ValueError(f"bad signature: {error}") from error
        return event.to_dict()


def provider_named(name: str) -> PaymentProvider:
    if name == Subscription.Provider.STRIPE:
        return StripeProvider()
    if name == Subscription.Provider.LOCAL:
        return LocalProvider()
    raise ValueError(f"no payment provider {name!r}")


def checkout_provider() -> PaymentProvider:
    """The provider that new checkouts use (BILLING_PROVIDER)."""
    return provider_named(settings.BILLING_PROVIDER)
