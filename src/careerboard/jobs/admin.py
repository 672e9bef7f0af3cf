from django.contrib import admin

from careerboard.jobs.models import ExchangeRate, Job
from careerboard.jobs.salary import exchange_rates_changed


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "status", "featured", "published_at", "expires_at"]
    list_filter = ["status", "featured", "industries", "job_types", "levels"]
    search_fields = ["title", "company__name", "external_id"]
    autocomplete_fields = ["company", "posted_by"]
    filter_horizontal = ["industries", "job_types", "levels", "regions"]
    date_hierarchy = "published_at"
    readonly_fields = ["excerpt", "created_at", "updated_at"]
    list_select_related = ["company"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "usd_per_unit", "as_of"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        exchange_rates_changed()
