"""Plans and what they include (data rows, billing/data.py), each account's subscription, its
invoices, and the payment provider's webhook events already processed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


def amount_display(amount_cents: int) -> str:
    """ "8" for 800 cents, "8.50" for 850."""
    whole, cents = divmod(amount_cents, 100)
    return f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"


class Plan(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=50)
    tagline = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # What an account has when it pays for nothing; exactly one plan.
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="plan_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Price(models.Model):
    class Interval(models.TextChoices):
        MONTH = "month", "month"
        YEAR = "year", "year"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="prices")
    # Stable name of the price ("plus-month"): URLs, Stripe metadata and settings use it.
    key = models.SlugField(unique=True)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    interval = models.CharField(max_length=5, choices=Interval.choices)

    class Meta:
        ordering = ["plan__position", "amount_cents"]

    def __str__(self) -> str:
        return f"{self.plan.name}: {self.display}"

    @property
    def amount(self) -> str:
        return f"{self.currency} {amount_display(self.amount_cents)}"

    @property
    def display(self) -> str:
        return f"{self.amount}/{self.interval}"

    @property
    def is_paid(self) -> bool:
        return self.amount_cents > 0


class Feature(models.Model):
    class Kind(models.TextChoices):
        QUOTA = "quota", "Counted (a limit per account)"
        FLAG = "flag", "Included or not"

    key = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Entitlement(models.Model):
    """A plan includes a feature, up to `limit` (None: unlimited). No row: not included."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="entitlements")
    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="entitlements")
    limit = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: unlimited.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "feature"], name="entitlement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.feature} ({'unlimited' if self.limit is None else self.limit})"


class Subscription(models.Model):
    """What an account has now (`plan`) and what the payment provider last said about it.

    `plan` is derived (services._settle) from the price paid for, the status, the grace period
    and the end of a cancelled period, and stored so that quota checks lock this one row and
    counts by plan are one query. A row is made on the first need; no row means the default plan.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Payment failed"
        INCOMPLETE = "incomplete", "Waiting for the first payment"
        CANCELED = "canceled", "Ended"

    class Provider(models.TextChoices):
        NONE = "", "None"
        LOCAL = "local", "Local (no real payment)"
        STRIPE = "stripe", "Stripe"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscription"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    # The price subscribed to; None while the account never paid. Kept after the end, so the
    # billing page can say what ended.
    price = models.ForeignKey(Price, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    provider = models.CharField(max_length=10, choices=Provider.choices, blank=True)
    provider_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    provider_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # Set by the first failed payment; the paid plan lasts until then, and comes back with a
    # paid invoice.
    grace_until = models.DateTimeField(null=True, blank=True)
    # The provider's time of the newest state applied: an older event never overrides it.
    state_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "grace_until"], name="subscription_grace"),
            models.Index(
                fields=["cancel_at_period_end", "current_period_end"], name="subscription_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.plan} ({self.status})"


class Invoice(models.Model):
    """A paid invoice. Kept after the account is deleted, as tax law asks (docs/privacy.md):
    the user becomes empty and only what the invoice shows remains."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
    )
    number = models.CharField(max_length=50, blank=True)
    provider = models.CharField(max_length=10, choices=Subscription.Provider.choices)
    provider_invoice_id = models.CharField(max_length=100, blank=True)
    billed_to = models.CharField(max_length=254, help_text="The email address it was issued to.")
    description = models.CharField(max_length=200)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField()
    # The provider's page of the invoice (Stripe's hosted invoice), when there is one.
    hosted_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-paid_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_invoice_id"],
                condition=~Q(provider_invoice_id=""),
                name="invoice_provider_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or self.provider_invoice_id} ({self.paid_at:%Y-%m-%d})"

    @property
    def amount(self) -> str:
        return f"{self.currency.upper()} {amount_display(self.amount_cents)}"


class WebhookEvent(models.Model):
    """A provider event already processed: a replay of the same id changes nothing."""

    provider = models.CharField(max_length=10, choices=Subscription.Provider.choices)
    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    created = models.DateTimeField(help_text="When the provider made the event.")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
