"""Résumés: checked by their bytes, stored under a random name in the "private" storage (never
served by URL), read back only through the services, which check who asks.

The type is what the bytes are, never the name or content type the client sent: a PDF starts
with `%PDF-`; a DOCX is a zip archive holding `word/document.xml`. A PDF named `cv.docx` is
therefore a PDF, stored and offered for download as `cv.pdf`.
"""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.utils.text import get_valid_filename

RESUME_MAX_BYTES = 5 * 1024 * 1024
PRIVATE_STORAGE = "private"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class CheckedResume:
    file: File
    type: str  # "pdf" or "docx"
    filename: str  # what a download is called: the client's name with the right extension
    size: int


def private_storage() -> Storage:
    return storages[PRIVATE_STORAGE]


def _file_type(upload: File) -> str | None:
    upload.seek(0)
    try:
        if upload.read(5) == b"%PDF-":
            return "pdf"
        upload.seek(0)
        # Only the archive's directory is read; nothing is extracted.
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    return "docx" if "word/document.xml" in names else None


def resume_check(upload: File) -> CheckedResume:
    """The upload as a résumé, or ValidationError: at most 5 MB, a PDF or a DOCX by content."""
    size = upload.size
    if size is not None and size > RESUME_MAX_BYTES:
        raise ValidationError("The résumé must be at most 5 MB.", code="file_too_large")
    if not size:
        raise ValidationError("The résumé file is empty.", code="empty")
    file_type = _file_type(upload)
    if file_type is None:
        raise ValidationError(
            "The résumé must be a PDF or a Word (DOCX) document.", code="file_type"
        )
    return CheckedResume(
        file=upload, type=file_type, filename=f"{_stem(upload.name)}.{file_type}", size=size
    )


def _stem(client_name: str | None) -> str:
    """The client's file name without its extension, made safe for a download header."""
    try:
        return get_valid_filename(PurePath(client_name or "").stem)[:100]
    except SuspiciousFileOperation:  # nothing usable was left of the name
        return "resume"


def resume_store(resume: CheckedResume) -> str:
    """Save the file under a random, unguessable name; returns the storage name."""
    resume.file.seek(0)
    return private_storage().save(f"resumes/{secrets.token_urlsafe(24)}.{resume.type}", resume.file)


def resume_delete(path: str) -> None:
    if path:
        private_storage().delete(path)
