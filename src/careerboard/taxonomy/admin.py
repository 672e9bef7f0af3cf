from django.contrib import admin

from careerboard.taxonomy.models import Industry, JobType, Level, Region
from careerboard.taxonomy.services import taxonomy_changed


class TaxonomyAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        taxonomy_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        taxonomy_changed()


@admin.register(Industry, JobType, Level)
class TermAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Region)
class RegionAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "kind", "parent", "country_code", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
