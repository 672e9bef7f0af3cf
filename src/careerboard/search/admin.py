from django.contrib import admin

from careerboard.search.models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read-only: the index is written by search.services only, fed by jobs.indexing."""

    list_display = [
        "job",
        "published_at",
        "expires_at",
        "featured",
        "salary_min_usd",
        "salary_max_usd",
    ]
    list_select_related = ["job"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
