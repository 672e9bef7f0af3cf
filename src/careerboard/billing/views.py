"""/pricing, the billing page, checkout and the Stripe webhook: thin views over the services."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerboard.billing import selectors, services
from careerboard.billing.models import Subscription
from careerboard.billing.providers import ProviderError
from careerboard.billing.stripe_events import stripe_webhook_receive

logger = logging.getLogger(__name__)


@require_GET
def pricing(request: HttpRequest) -> HttpResponse:
    offers, rows = selectors.pricing_table(user=request.user)
    return render(request, "billing/pricing.html", {"offers": offers, "rows": rows})


@login_required
@require_GET
def billing_home(request: HttpRequest) -> HttpResponse:
    overview = selectors.billing_overview(user=request.user, now=timezone.now())
    return render(request, "billing/billing.html", {"overview": overview})


def _refused(request: HttpRequest, error: ValidationError | ProviderError, to: str) -> HttpResponse:
    messages.error(
        request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    )
    return redirect(to)


@login_required
@require_POST
def checkout_start(request: HttpRequest) -> HttpResponse:
    try:
        url = services.checkout_start(user=request.user, price_key=request.POST.get("price", ""))
    except (ValidationError, ProviderError) as error:
        return _refused(request, error, "billing:pricing")
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def checkout_local(request: HttpRequest, price_key: str) -> HttpResponse:
    """The local provider's checkout page: "pay" and the subscription is active at once. It
    exists only while BILLING_PROVIDER=local, so it never gives a paid plan away in production."""
    if settings.BILLING_PROVIDER != Subscription.Provider.LOCAL:
        raise Http404("The local checkout is off.")
    price = selectors.price_for_sale(price_key=price_key)
    if price is None:
        raise Http404("No such price.")
    if request.method == "POST":
        try:
            services.local_checkout_complete(user=request.user, price_key=price_key)
        except ValidationError as error:
            return _refused(request, error, "billing:home")
        messages.success(request, f"Thank you: you are on {price.plan.name} now.")
        return redirect("billing:home")
    return render(request, "billing/checkout_local.html", {"price": price})


def _cancel_at_period_end(request: HttpRequest, *, cancel: bool, done: str) -> HttpResponse:
    try:
        services.subscription_cancel_at_period_end(user=request.user, cancel=cancel)
    except (ValidationError, ProviderError) as error:
        return _refused(request, error, "billing:home")
    messages.success(request, done)
    return redirect("billing:home")


@login_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    return _cancel_at_period_end(
        request, cancel=True, done="Your subscription ends at the end of this period."
    )


@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    return _cancel_at_period_end(request, cancel=False, done="Your subscription renews again.")


@login_required
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    try:
        url = services.billing_portal_url(user=request.user)
    except (ValidationError, ProviderError) as error:
        return _refused(request, error, "billing:home")
    return redirect(url)


@csrf_exempt  # Stripe signs the body instead; this is the only CSRF-exempt billing URL.
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        processed = stripe_webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except ValueError as error:
        logger.warning("stripe webhook refused: %s", error)
        return JsonResponse({"error": "invalid payload or signature"}, status=400)
    return JsonResponse({"received": True, "duplicate": not processed})
