from __future__ import annotations

from django.db.models import QuerySet

from careerboard.jobs.models import Job


def job_public_queryset() -> QuerySet[Job]:
    """Jobs anyone may see listed: published and not yet expired."""
    return Job.objects.filter(status=Job.Status.PUBLISHED).select_related("company")


def job_list_latest(*, limit: int = 20) -> list[Job]:
    return list(
        job_public_queryset()
        .prefetch_related("job_types", "regions")
        .order_by("-featured", "-published_at", "-id")[:limit]
    )


def job_list_for_company(*, company_id: int, limit: int = 100) -> list[Job]:
    return list(
        job_public_queryset()
        .filter(company_id=company_id)
        .prefetch_related("job_types", "regions")
        .order_by("-published_at", "-id")[:limit]
    )


def job_published_count() -> int:
    return Job.objects.filter(status=Job.Status.PUBLISHED).count()


def job_get_for_page(*, job_id: int) -> Job | None:
    """A job whose page may be shown: anything once published (a closed job's page stays up)."""
    return (
        Job.objects.select_related("company")
        .prefetch_related("industries", "job_types", "levels", "regions")
        .exclude(status__in=[Job.Status.DRAFT, Job.Status.PENDING, Job.Status.REJECTED])
        .filter(pk=job_id)
        .first()
    )
