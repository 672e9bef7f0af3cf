from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from careerboard.jobs import services
from careerboard.jobs.models import ExchangeRate, Job
from careerboard.jobs.salary import exchange_rates_changed


def _moderate(modeladmin, request, queryset, decide, done: str) -> None:
    """Apply one staff decision to each selected job; jobs not waiting for review are skipped."""
    decided = skipped = 0
    for job in queryset.select_related("company"):
        try:
            decide(job)
            decided += 1
        except ValidationError:
            skipped += 1
    note = f" {skipped} skipped: not waiting for review." if skipped else ""
    modeladmin.message_user(request, f"{decided} job(s) {done}; the posters are mailed.{note}")


@admin.action(description="Approve the selected jobs")
def approve_jobs(modeladmin, request, queryset):
    _moderate(
        modeladmin,
        request,
        queryset,
        lambda job: services.job_approve(job=job, by=request.user),
        "approved",
    )


@admin.action(description="Reject the selected jobs…")
def reject_jobs(modeladmin, request, queryset):
    """Asks for the reason on a page of its own (the poster reads it), then rejects."""
    reason = request.POST.get("reason", "").strip()
    if reason:
        _moderate(
            modeladmin,
            request,
            queryset,
            lambda job: services.job_reject(job=job, by=request.user, reason=reason),
            "rejected",
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Reject jobs",
        "opts": modeladmin.model._meta,
        "jobs": queryset,
        "missing_reason": "reason" in request.POST,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/jobs/job/reject_jobs.html", context)


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
    actions = [approve_jobs, reject_jobs]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "usd_per_unit", "as_of"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        exchange_rates_changed()
