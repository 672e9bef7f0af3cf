from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models

from careerboard.guides.models import (
    Certification,
    Guide,
    GuideMarketSnapshot,
    GuideRelation,
    GuideSkill,
    ProgressionStage,
    Responsibility,
    Skill,
    SkillAlias,
    StageSkill,
)
from careerboard.guides.selectors import guide_edited_since_sync


class LinesField(forms.Field):
    """A list of short texts edited as one item per line, rather than as JSON."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def __init__(self, *, encoder=None, decoder=None, **kwargs) -> None:
        # JSONField passes its encoder and decoder to whatever form field it is given.
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        return [" ".join(line.split()) for line in (value or "").splitlines() if line.strip()]


LIST_FIELDS: dict[type[models.Field], dict[str, Any]] = {
    models.JSONField: {"form_class": LinesField},
    models.URLField: {"assume_scheme": "https"},
}


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


class GuideSkillInline(admin.TabularInline):
    model = GuideSkill
    extra = 0
    autocomplete_fields = ["skill"]


class ProgressionStageInline(admin.StackedInline):
    model = ProgressionStage
    extra = 0
    show_change_link = True  # a stage's own skills are edited on its page
    formfield_overrides = LIST_FIELDS


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class GuideRelationInline(admin.TabularInline):
    model = GuideRelation
    fk_name = "guide"
    extra = 0
    autocomplete_fields = ["related"]
    verbose_name = "related role"


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "category", "demand", "updated_at", "synced_at"]
    list_filter = ["category", "demand"]
    search_fields = ["title", "slug", "search_text"]
    readonly_fields = ["sync_state", "synced_at", "updated_at"]
    formfield_overrides = LIST_FIELDS
    fieldsets = [
        (None, {"fields": ["slug", "title", "synonyms", "category", "sync_state"]}),
        ("Overview", {"fields": ["summary", "overview", "key_aspects"]}),
        ("Education", {"fields": ["degrees", "continuous_learning"]}),
        (
            "Market outlook",
            {
                "fields": [
                    "top_industries",
                    ("demand", "demand_note"),
                    ("growth_percent", "growth_period"),
                    "growth_source_name",
                    ("growth_source_url", "growth_source_year"),
                    ("remote", "remote_note"),
                ]
            },
        ),
        ("Sync", {"fields": ["synced_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [
        ResponsibilityInline,
        GuideSkillInline,
        ProgressionStageInline,
        CertificationInline,
        GuideRelationInline,
    ]

    @admin.display(description="Content file")
    def sync_state(self, guide: Guide) -> str:
        if not guide.pk:
            return "Not from a content file yet."
        if not guide_edited_since_sync(slug=guide.slug):
            return "Same as the last sync from content/guides/."
        return (
            "Edited here since the last sync: `manage.py sync_guides` keeps this version and "
            "reports a conflict (until --force, or the file is changed to match)."
        )


class StageSkillInline(admin.TabularInline):
    model = StageSkill
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(ProgressionStage)
class ProgressionStageAdmin(admin.ModelAdmin):
    list_display = ["title", "guide", "years_from", "years_to"]
    list_select_related = ["guide"]
    search_fields = ["title", "guide__title"]
    formfield_overrides = LIST_FIELDS
    inlines = [StageSkillInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The guide page is cached under the guide's edit time.
        obj.guide.save(update_fields=["updated_at"])


class SkillAliasInline(admin.TabularInline):
    model = SkillAlias
    extra = 0


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "synced_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__alias"]
    inlines = [SkillAliasInline]


@admin.register(GuideMarketSnapshot)
class GuideMarketSnapshotAdmin(admin.ModelAdmin):
    list_display = ["guide", "open_jobs", "computed_at"]
    list_select_related = ["guide"]
    readonly_fields = ["guide", "computed_at", "open_jobs", "figures"]

    def has_add_permission(self, request) -> bool:
        return False
