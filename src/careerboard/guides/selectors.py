"""Every read of guides and skills: skill lookup, guide lists and search, the assembled guide."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from careerboard.guides.content import content_hash
from careerboard.guides.faq import guide_faq
from careerboard.guides.market import RoleInput
from careerboard.guides.models import (
    Guide,
    GuideRelation,
    GuideSkill,
    Level,
    ProgressionStage,
    Skill,
    StageSkill,
)
from careerboard.guides.skill_matching import SkillTerm
from careerboard.jobs.models import Job
from careerboard.taxonomy.models import Industry
from careerboard.taxonomy.selectors import industry_list

# An assembled guide is cached under its versions (guide edit time, market refresh time), so an
# edit or a refresh is visible at once in every process; the timeout only bounds what an edit
# elsewhere (a related guide's title, a skill's name) leaves stale.
DETAIL_CACHE_SECONDS = 600
OPEN_JOBS_SHOWN = 5


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def skill_resolve(text: str) -> Skill | None:
    """The catalog skill a person or a posting means by `text`: its slug, name or an alias,
    in any case and spacing ("Postgres", "postgresql", "PostgreSQL" are all PostgreSQL)."""
    key = _normal(text)
    if not key:
        return None
    return (
        Skill.objects.filter(Q(slug=key) | Q(name__iexact=key) | Q(aliases__alias=key))
        .distinct()
        .first()
    )


def skill_list() -> list[Skill]:
    return list(Skill.objects.prefetch_related("aliases"))


def skill_terms() -> list[SkillTerm]:
    """Every way the catalog writes each skill (name and aliases), for finding skills in text."""
    terms = [
        SkillTerm(text=name, skill_slug=slug)
        for slug, name in Skill.objects.values_list("slug", "name")
    ]
    terms += [
        SkillTerm(text=alias, skill_slug=slug)
        for slug, alias in Skill.objects.values_list("slug", "aliases__alias")
        if alias is not None
    ]
    return terms


def skill_names() -> dict[str, str]:
    return dict(Skill.objects.values_list("slug", "name"))


def skill_content(skill: Skill) -> dict:
    """A skill in the normal form of content/skills.yaml (for hashing against the file)."""
    return {
        "slug": skill.slug,
        "name": skill.name,
        "kind": skill.kind,
        "aliases": [alias.alias for alias in skill.aliases.all()],
    }


def _guides_with_sections() -> QuerySet[Guide]:
    return Guide.objects.select_related("category").prefetch_related(
        "responsibilities",
        "certifications",
        Prefetch("guide_skills", queryset=GuideSkill.objects.select_related("skill")),
        Prefetch(
            "stages",
            queryset=ProgressionStage.objects.prefetch_related(
                Prefetch("stage_skills", queryset=StageSkill.objects.select_related("skill"))
            ),
        ),
        Prefetch("relations", queryset=GuideRelation.objects.select_related("related")),
    )


def guides_for_sync() -> dict[str, Guide]:
    return {guide.slug: guide for guide in _guides_with_sections()}


def guide_edited_since_sync(*, slug: str) -> bool:
    """Whether the stored guide differs from what the last sync wrote (an admin edit)."""
    guide = _guides_with_sections().filter(slug=slug).first()
    return guide is not None and content_hash(guide_content(guide)) != guide.synced_hash


def skills_for_sync() -> dict[str, Skill]:
    return {skill.slug: skill for skill in skill_list()}


def _skills_by_kind(guide: Guide) -> dict[str, list[Skill]]:
    out: dict[str, list[Skill]] = {kind: [] for kind in Skill.Kind.values}
    for link in guide.guide_skills.all():
        out[link.skill.kind].append(link.skill)
    return out


def _education(guide: Guide) -> dict:
    return {
        "degrees": list(guide.degrees),
        "certifications": [
            {"name": c.name, "issuer": c.issuer} for c in guide.certifications.all()
        ],
        "continuous_learning": list(guide.continuous_learning),
    }


def _outlook(guide: Guide) -> dict:
    return {
        "top_industries": list(guide.top_industries),
        "demand": guide.demand,
        "demand_note": guide.demand_note,
        "growth": {
            "percent": round(float(guide.growth_percent), 1),
            "period": guide.growth_period,
            "source_name": guide.growth_source_name,
            "source_url": guide.growth_source_url,
            "source_year": guide.growth_source_year,
        },
        "remote": guide.remote,
        "remote_note": guide.remote_note,
    }


def guide_content(guide: Guide) -> dict:
    """A guide (fetched with its sections) in the normal form of its content file."""
    skills = _skills_by_kind(guide)
    return {
        "slug": guide.slug,
        "title": guide.title,
        "synonyms": list(guide.synonyms),
        "category": guide.category.slug,
        "summary": guide.summary,
        "overview": guide.overview,
        "key_aspects": list(guide.key_aspects),
        "related_roles": [relation.related.slug for relation in guide.relations.all()],
        "responsibilities": {
            level: [r.text for r in guide.responsibilities.all() if r.level == level]
            for level in Level.values
        },
        "skills": {kind: [skill.slug for skill in skills[kind]] for kind in skills},
        "progression": [
            {
                "title": stage.title,
                "years_from": stage.years_from,
                "years_to": stage.years_to,
                "responsibilities": list(stage.responsibilities),
                "skills": [link.skill.slug for link in stage.stage_skills.all()],
            }
            for stage in guide.stages.all()
        ],
        "education": _education(guide),
        "market": _outlook(guide),
    }


def _skill_ref(skill: Skill) -> dict:
    return {"slug": skill.slug, "name": skill.name}


def _guide_detail_build(guide: Guide) -> dict:
    """Everything a guide page and the API show, as plain data (cacheable, JSON-ready)."""
    skills = _skills_by_kind(guide)
    expected: list[dict] = []
    progression = []
    for stage in guide.stages.all():
        new = [_skill_ref(link.skill) for link in stage.stage_skills.all()]
        expected = expected + new
        progression.append(
            {
                "title": stage.title,
                "years_from": stage.years_from,
                "years_to": stage.years_to,
                "years_label": stage.years_label,
                "responsibilities": list(stage.responsibilities),
                "new_skills": new,
                "expected_skills": expected,
            }
        )
    snapshot = getattr(guide, "market_snapshot", None)
    detail = {
        "slug": guide.slug,
        "title": guide.title,
        "url": guide.get_absolute_url(),
        "synonyms": list(guide.synonyms),
        "main_synonym": guide.main_synonym,
        "category": {"slug": guide.category.slug, "name": guide.category.name},
        "summary": guide.summary,
        "overview": guide.overview,
        "key_aspects": list(guide.key_aspects),
        "responsibilities": {
            level.value: {
                "label": level.label,
                "items": [r.text for r in guide.responsibilities.all() if r.level == level],
            }
            for level in Level
        },
        "skills": {kind: [_skill_ref(s) for s in skills[kind]] for kind in skills},
        "progression": progression,
        "education": _education(guide),
        "outlook": _outlook(guide),
        "related": [
            {
                "slug": r.related.slug,
                "title": r.related.title,
                "summary": r.related.summary,
                "url": r.related.get_absolute_url(),
            }
            for r in guide.relations.all()
        ],
        "market": (
            {"computed_at": snapshot.computed_at.isoformat(), **snapshot.figures}
            if snapshot is not None
            else None
        ),
        "updated_at": guide.updated_at.isoformat(),
    }
    detail["faq"] = guide_faq(detail)
    return detail


def _version(moment: datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "0"


def guide_detail(*, slug: str) -> dict | None:
    """The assembled guide: every section, the FAQ and the latest market snapshot."""
    row = (
        Guide.objects.filter(slug=slug)
        .values_list("updated_at", "market_snapshot__computed_at")
        .first()
    )
    if row is None:
        return None
    key = f"guides:detail:v1:{slug}:{_version(row[0])}:{_version(row[1])}"
    detail = cache.get(key)
    if detail is None:
        guide = _guides_with_sections().select_related("market_snapshot").get(slug=slug)
        detail = _guide_detail_build(guide)
        cache.set(key, detail, DETAIL_CACHE_SECONDS)
    return detail


def guide_open_jobs(*, detail: dict, limit: int = OPEN_JOBS_SHOWN) -> list[dict]:
    """The role's latest open jobs as the last market refresh found them, minus any closed
    since: the matching never runs per request, only this status check by primary key (the
    status is compared after it, so no database walks the status index instead)."""
    cards = (detail["market"] or {}).get("latest_jobs", [])
    statuses = dict(
        Job.objects.filter(pk__in=[card["id"] for card in cards]).values_list("id", "status")
    )
    return [card for card in cards if statuses.get(card["id"]) == Job.Status.PUBLISHED][:limit]


def guide_search(*, q: str = "", category: str = "") -> list[Guide]:
    """Guides where each word of `q` is in the title, synonyms, summary or key aspects, or
    names one of the guide's skills ("kubernetes", "k8s")."""
    guides = Guide.objects.select_related("category")
    for word in _normal(q).split():
        names_skill = GuideSkill.objects.filter(guide=OuterRef("pk")).filter(
            Q(skill__name__icontains=word) | Q(skill__aliases__alias=word)
        )
        guides = guides.filter(Q(search_text__contains=word) | Exists(names_skill))
    if category:
        guides = guides.filter(category__slug=category)
    return list(guides)


def guide_categories() -> list[Industry]:
    """The industries that have at least one guide, in the board's order."""
    used = set(Guide.objects.values_list("category_id", flat=True))
    return [industry for industry in industry_list() if industry.pk in used]


def market_roles() -> list[RoleInput]:
    """Each guide as the market computation needs it: synonyms and skills."""
    skills: dict[int, list[str]] = {}
    for guide_id, slug in GuideSkill.objects.values_list("guide_id", "skill__slug"):
        skills.setdefault(guide_id, []).append(slug)
    return [
        RoleInput(guide_id=pk, synonyms=tuple(synonyms), skill_slugs=tuple(skills.get(pk, [])))
        for pk, synonyms in Guide.objects.values_list("pk", "synonyms")
    ]
