"""Every write to guides: syncing the content files, and storing the market figures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from careerboard.core.outbox import outbox_enqueue
from careerboard.guides import selectors
from careerboard.guides.content import Content, ContentErrors, content_hash, load_content
from careerboard.guides.market import compute_market
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
from careerboard.taxonomy.selectors import industry_list

_Synced = Skill | Guide


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass
class SyncReport:
    """What a sync did, per skill and per guide: slug → outcome."""

    skills: dict[str, str] = field(default_factory=dict)
    guides: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(
            outcome in (Outcome.CREATED, Outcome.UPDATED)
            for outcome in (*self.skills.values(), *self.guides.values())
        )


def _outcome(*, stored: dict | None, synced_hash: str, wanted: dict, force: bool) -> str:
    """Create, update, leave, or refuse: the stored copy was edited (in the admin) since the
    last sync when it no longer hashes to what that sync wrote."""
    if stored is None:
        return Outcome.CREATED
    stored_hash = content_hash(stored)
    if stored_hash == content_hash(wanted):
        return Outcome.UNCHANGED
    if stored_hash != synced_hash and not force:
        return Outcome.CONFLICT
    return Outcome.UPDATED


def guides_sync(*, root: Path, force: bool = False) -> SyncReport:
    """Load content/skills.yaml and content/guides/*.yaml into the database.

    Every file is validated before anything is written (ContentErrors lists each problem by
    file and field), then everything is written in one transaction. A guide or skill edited in
    the admin since the last sync is reported as a conflict and left alone, unless `force`.
    """
    content = load_content(root, industries=[i.slug for i in industry_list()])
    report = SyncReport()
    now = timezone.now()
    try:
        with transaction.atomic():
            _sync_skills(content, report, force=force, now=now)
            _sync_guides(content, report, force=force, now=now)
    except IntegrityError as error:
        # Only a conflicting admin edit can collide with valid files (say, an alias staff
        # gave another skill); say which, rather than fail with a database message.
        raise ContentErrors([f"the database refused the sync: {error}"]) from error
    if report.changed:
        from careerboard.guides.tasks import guides_refresh_market

        outbox_enqueue(task=guides_refresh_market)
    return report


def _to_write(
    wanted: dict[str, dict],
    existing: Mapping[str, _Synced],
    export: Callable[[Any], dict],
    outcomes: dict[str, str],
    *,
    force: bool,
    now: datetime,
) -> list[tuple[str, Any, dict]]:
    """(slug, stored object or None, file content) of what to create or update; the outcome
    of every slug goes to `outcomes`."""
    writes = []
    for slug, data in wanted.items():
        stored = existing.get(slug)
        outcome = _outcome(
            stored=export(stored) if stored else None,
            synced_hash=stored.synced_hash if stored else "",
            wanted=data,
            force=force,
        )
        outcomes[slug] = outcome
        if outcome in (Outcome.CREATED, Outcome.UPDATED):
            writes.append((slug, stored, data))
        elif outcome == Outcome.UNCHANGED and stored is not None:
            _mark_synced(stored, data, now)
    return writes


def _sync_skills(content: Content, report: SyncReport, *, force: bool, now: datetime) -> None:
    writes = [
        (stored or Skill(slug=slug), data)
        for slug, stored, data in _to_write(
            content.skills,
            selectors.skills_for_sync(),
            selectors.skill_content,
            report.skills,
            force=force,
            now=now,
        )
    ]
    # Aliases may move between skills from one version of the file to the next: free them all
    # before any is written again.
    SkillAlias.objects.filter(skill__slug__in=[skill.slug for skill, _ in writes]).delete()
    for skill, wanted in writes:
        skill.name, skill.kind = wanted["name"], wanted["kind"]
        skill.synced_hash, skill.synced_at = content_hash(wanted), now
        skill.save()
        SkillAlias.objects.bulk_create(
            SkillAlias(skill=skill, alias=alias, position=i)
            for i, alias in enumerate(wanted["aliases"])
        )


def _mark_synced(obj: _Synced, wanted: dict, now: datetime) -> None:
    """Equal to the file again (say, an admin edit that was later undone): sync state follows."""
    wanted_hash = content_hash(wanted)
    if obj.synced_hash != wanted_hash:
        obj.synced_hash, obj.synced_at = wanted_hash, now
        type(obj).objects.filter(pk=obj.pk).update(synced_hash=wanted_hash, synced_at=now)


def _sync_guides(content: Content, report: SyncReport, *, force: bool, now: datetime) -> None:
    industries = {i.slug: i for i in industry_list()}
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    written = [
        (_write_guide(stored or Guide(slug=slug), data, industries, skills, now), data)
        for slug, stored, data in _to_write(
            content.guides,
            selectors.guides_for_sync(),
            selectors.guide_content,
            report.guides,
            force=force,
            now=now,
        )
    ]
    # Related roles point at guides this same sync may have just created.
    by_slug = {guide.slug: guide for guide in Guide.objects.all()}
    GuideRelation.objects.filter(guide__in=[guide for guide, _ in written]).delete()
    GuideRelation.objects.bulk_create(
        GuideRelation(guide=guide, related=by_slug[related], position=i)
        for guide, wanted in written
        for i, related in enumerate(wanted["related_roles"])
    )


def _write_guide(
    guide: Guide, wanted: dict, industries: dict, skills: dict[str, Skill], now: datetime
) -> Guide:
    market, growth, education = wanted["market"], wanted["market"]["growth"], wanted["education"]
    guide.title = wanted["title"]
    guide.synonyms = wanted["synonyms"]
    guide.category = industries[wanted["category"]]
    guide.summary = wanted["summary"]
    guide.overview = wanted["overview"]
    guide.key_aspects = wanted["key_aspects"]
    guide.degrees = education["degrees"]
    guide.continuous_learning = education["continuous_learning"]
    guide.top_industries = market["top_industries"]
    guide.demand, guide.demand_note = market["demand"], market["demand_note"]
    guide.remote, guide.remote_note = market["remote"], market["remote_note"]
    guide.growth_percent = Decimal(str(growth["percent"]))
    guide.growth_period = growth["period"]
    guide.growth_source_name = growth["source_name"]
    guide.growth_source_url = growth["source_url"]
    guide.growth_source_year = growth["source_year"]
    guide.synced_hash, guide.synced_at = content_hash(wanted), now
    guide.save()

    guide.responsibilities.all().delete()
    Responsibility.objects.bulk_create(
        Responsibility(guide=guide, level=level, text=text, position=i)
        for level, items in wanted["responsibilities"].items()
        for i, text in enumerate(items)
    )
    guide.guide_skills.all().delete()
    GuideSkill.objects.bulk_create(
        GuideSkill(guide=guide, skill=skills[slug], position=i)
        for i, slug in enumerate([*wanted["skills"]["technical"], *wanted["skills"]["soft"]])
    )
    guide.certifications.all().delete()
    Certification.objects.bulk_create(
        Certification(guide=guide, name=c["name"], issuer=c["issuer"], position=i)
        for i, c in enumerate(education["certifications"])
    )
    guide.stages.all().delete()
    for position, stage_data in enumerate(wanted["progression"]):
        stage = ProgressionStage.objects.create(
            guide=guide,
            position=position,
            title=stage_data["title"],
            years_from=stage_data["years_from"],
            years_to=stage_data["years_to"],
            responsibilities=stage_data["responsibilities"],
        )
        StageSkill.objects.bulk_create(
            StageSkill(stage=stage, skill=skills[slug], position=i)
            for i, slug in enumerate(stage_data["skills"])
        )
    return guide


def guide_market_refresh(*, now: datetime | None = None) -> int:
    """Recompute every guide's market snapshot from the job board; returns how many."""
    now = now or timezone.now()
    roles = selectors.market_roles()
    figures = compute_market(
        roles,
        skill_terms=selectors.skill_terms(),
        skill_names=selectors.skill_names(),
        now=now,
    )
    with transaction.atomic():
        for guide_id, result in figures.items():
            GuideMarketSnapshot.objects.update_or_create(
                guide_id=guide_id,
                defaults={
                    "computed_at": now,
                    "open_jobs": result.open_jobs,
                    "figures": result.as_json(),
                },
            )
    return len(figures)
