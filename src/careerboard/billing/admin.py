from django.contrib import admin

from careerboard.billing.models import (
    Entitlement,
    Feature,
    Invoice,
    Plan,
    Price,
    Subscription,
    WebhookEvent,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by checkout, the billing page and the provider's events only, so that
    plans and paused things always follow one rule (billing/services.py)."""

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


class PriceInline(admin.TabularInline):
    model = Price
    extra = 0


class EntitlementInline(admin.TabularInline):
    model = Entitlement
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_default", "position")
    inlines = [PriceInline, EntitlementInline]


@admin.register(Feature)
class FeatureAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "kind", "position")


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = (
        "user",
        "plan",
        "status",
        "provider",
        "current_period_end",
        "cancel_at_period_end",
    )
    list_filter = ("plan", "status", "provider", "cancel_at_period_end")
    search_fields = ("user__email", "provider_customer_id", "provider_subscription_id")
    list_select_related = ("user", "plan")


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("number", "billed_to", "amount", "paid_at", "provider")
    search_fields = ("number", "billed_to", "provider_invoice_id")
    date_hierarchy = "paid_at"


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("event_id", "type", "created", "received_at")
    list_filter = ("type",)
    search_fields = ("event_id",)
