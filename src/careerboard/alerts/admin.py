"""Alerts and their mails, to look into for support. Read-only: an edit here would bypass the
plan's limit and the compiled search (alerts.services)."""

from django.contrib import admin

from careerboard.alerts.models import Alert, AlertMail


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnly):
    list_display = (
        "name",
        "user",
        "frequency",
        "paused",
        "paused_by_plan",
        "created_at",
        "last_sent_at",
    )
    list_filter = ("frequency", "paused", "paused_by_plan")
    search_fields = ("name", "user__email")
    list_select_related = ("user",)
    exclude = ("criteria",)


@admin.register(AlertMail)
class AlertMailAdmin(ReadOnly):
    list_display = ("id", "user", "frequency", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "frequency")
    search_fields = ("user__email",)
    list_select_related = ("user",)
