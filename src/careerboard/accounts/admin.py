from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from careerboard.accounts.models import AccessToken, User, UserSession


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "role", "email_verified_at")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),
    )


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Staff may see and delete session records; ending a session is the person's own page."""

    list_display = ["user", "created_at", "ip_address", "user_agent"]
    search_fields = ["user__email", "ip_address"]
    readonly_fields = ["user", "session_key", "created_at", "ip_address", "user_agent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    """Staff may revoke (delete) a token, e.g. one reported leaked; never make or read one."""

    list_display = ["name", "user", "hint", "scope", "created_at", "expires_at", "last_used_at"]
    list_filter = ["scope"]
    search_fields = ["user__email", "name", "hint"]
    readonly_fields = ["user", "name", "hint", "scope", "created_at", "expires_at", "last_used_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
