"""The résumé as a download, for the page and the API alike."""

from __future__ import annotations

from django.http import FileResponse

from careerboard.applications import selectors
from careerboard.applications.models import Application


def resume_response(application: Application) -> FileResponse:
    """The résumé as a download, never shown inline and never kept in a shared cache (the page
    and the API check who asks first)."""
    file, filename, content_type = selectors.resume_open(application)
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
