"""Saving jobs, and the person's note on a saved job."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from careerboard.accounts.models import User
from careerboard.applications.models import Bookmark
from careerboard.applications.services.rules import MAX_NOTE_LENGTH, own, track_limit
from careerboard.jobs.models import Job


def bookmark_add(*, user: User, job: Job) -> Bookmark:
    """Save a job (one that has been public: see selectors.job_for_seeker); saving it again
    changes nothing."""
    existing = Bookmark.objects.filter(user=user, job=job).first()
    if existing is not None:
        return existing
    track_limit(user)
    try:
        with transaction.atomic():
            return Bookmark.objects.create(user=user, job=job)
    except IntegrityError:  # the same save from another tab, a moment earlier
        return Bookmark.objects.get(user=user, job=job)


def bookmark_remove(*, user: User, job: Job) -> None:
    Bookmark.objects.filter(user=user, job=job).delete()


@transaction.atomic
def bookmark_note_update(*, user: User, bookmark: Bookmark, note: str) -> Bookmark:
    """Raises Bookmark.DoesNotExist when the bookmark was removed meanwhile (another tab or
    API client unsaving the job at the same moment)."""
    own(user, bookmark.user_id)
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"note": f"Keep the note under {MAX_NOTE_LENGTH:,} characters."}, code="max_length"
        )
    # The row stays locked until this commits, so a removal waits instead of leaving the
    # update nothing to change.
    if not Bookmark.objects.select_for_update().filter(pk=bookmark.pk).exists():
        raise Bookmark.DoesNotExist("The job is no longer saved.")
    bookmark.note = note
    bookmark.save(update_fields=["note", "updated_at"])
    return bookmark


def bookmark_save(*, user: User, job: Job, note: str) -> tuple[Bookmark, bool]:
    """Save a job with a note, and whether it was saved just now: a note replaces the old one,
    an empty note keeps it on a job saved before. Raises Bookmark.DoesNotExist when another
    request unsaves the job at the same moment."""
    existed = Bookmark.objects.filter(user=user, job=job).exists()
    bookmark = bookmark_add(user=user, job=job)
    if note or not existed:
        bookmark_note_update(user=user, bookmark=bookmark, note=note)
    return bookmark, not existed
