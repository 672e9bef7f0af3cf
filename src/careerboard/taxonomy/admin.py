from django.contrib import admin

from careerboard.taxonomy.models import Industry, JobType, Level, Region


@admin.register(Industry, JobType, Level)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "parent", "country_code", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
