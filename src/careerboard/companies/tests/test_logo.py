import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from careerboard.core.uploads import validate_logo


def image_file(fmt: str, size=(64, 64), name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_raster_logos_are_accepted(fmt):
    validate_logo(image_file(fmt))


def test_svg_named_png_is_refused():
    svg = SimpleUploadedFile(
        "logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    with pytest.raises(ValidationError, match="PNG, JPEG"):
        validate_logo(svg)


def test_oversized_logo_is_refused():
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="at most 1 MB"):
        validate_logo(big)


def test_huge_dimensions_are_refused():
    with pytest.raises(ValidationError, match="4096"):
        validate_logo(image_file("PNG", size=(5000, 10)))
