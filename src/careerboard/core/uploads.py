"""Checks on uploaded files: by size and by what the bytes are, never by the name a client sent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
LOGO_MAX_PIXELS = 4096


def validate_logo(upload: File) -> None:
    """A logo is a PNG, JPEG, WebP or GIF raster image of at most 1 MiB and 4096 px a side.

    SVG is refused on purpose: it can carry script.
    """
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise ValidationError("The logo must be at most 1 MB.", code="file_too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "The logo must be a PNG, JPEG, WebP or GIF image.", code="not_image"
        ) from error
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError("The logo must be a PNG, JPEG, WebP or GIF image.", code="not_image")
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationError("The logo must be at most 4096 pixels on each side.", code="too_big")
