"""Uploaded images: decoded and re-encoded by us, never stored as the client sent them.

A file that an image library opens may still be something else too: a PNG with HTML after its
last chunk, a GIF whose header parses as JavaScript. Checking the bytes and keeping them (and
the client's file name) let such a file be served from our origin as a page or a script. So
an upload is only ever a source of pixels: we decode it within size and pixel limits, draw the
first frame afresh and store a new PNG, without metadata, under a name we make up.
"""

from __future__ import annotations

import io
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
LOGO_MAX_PIXELS = 4096
# Logos are shown at 64 px (and as a 2x or share image); larger ones are scaled down to this.
LOGO_STORED_PIXELS = 512

NOT_AN_IMAGE = "The logo must be a PNG, JPEG, WebP or GIF image."
# Whatever Pillow raises on a truncated, corrupt, hostile or oversized image.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


def image_reencoded(upload: File) -> ContentFile:
    """The upload's first frame as a new PNG named `<random>.png`: a PNG, JPEG, WebP or GIF of
    at most 1 MiB and 4096 px a side, scaled to fit 512 px, its orientation applied and its
    metadata (EXIF, text chunks, anything after the image) dropped.

    SVG and every other format are refused: SVG can carry script. Raises ValidationError.
    """
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise ValidationError("The logo must be at most 1 MB.", code="file_too_large")
    upload.seek(0)
    try:
        # Image.open reads only the header: the format and size are checked before a pixel is
        # decoded, and a header claiming billions of pixels is a DecompressionBombError.
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS:
                raise ValidationError(NOT_AN_IMAGE, code="not_image")
            width, height = image.size
            if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
                raise ValidationError(
                    "The logo must be at most 4096 pixels on each side.", code="too_big"
                )
            image.seek(0)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            pixels = ImageOps.exif_transpose(image).convert("RGBA" if has_alpha else "RGB")
    except _DECODE_ERRORS as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_image") from error
    finally:
        upload.seek(0)
    pixels.thumbnail((LOGO_STORED_PIXELS, LOGO_STORED_PIXELS))
    encoded = io.BytesIO()
    pixels.save(encoded, format="PNG", optimize=True)
    return ContentFile(encoded.getvalue(), name=f"{uuid.uuid4().hex}.png")


# How a public upload is served, by the app (core.views.public_media) and by nginx (the /media/
# location of deploy/nginx.conf.template says the same): images as images, anything else (a file
# from before uploads were re-encoded) as a download; never sniffed, and should a browser render
# one as a document anyway, in a sandbox without script, styles or requests.
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"


def media_headers(path: str) -> dict[str, str]:
    """The Content-Type and security headers of the public upload at `path`."""
    content_type = MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    headers = {
        "Content-Type": content_type or "application/octet-stream",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": MEDIA_CONTENT_SECURITY_POLICY,
    }
    if content_type is None:
        headers["Content-Disposition"] = "attachment"
    return headers
