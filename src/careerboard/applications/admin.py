"""Staff see applications' metadata to deal with abuse; what an applicant shared with a company
and everybody's private notes stay out of the admin."""

from django.contrib import admin

from careerboard.applications.models import Application, Bookmark


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "title", "company_name", "channel", "status", "created_at")
    list_filter = ("channel", "status")
    search_fields = ("user__email", "title", "company_name")
    fields = ("user", "job", "title", "company_name", "channel", "status", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "job", "created_at")
    fields = ("user", "job", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
