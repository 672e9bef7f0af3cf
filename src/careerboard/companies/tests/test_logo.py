"""A logo is re-encoded by us: whatever else the uploaded bytes are, the stored file is a new
PNG under a name we chose, and the one it replaces is deleted."""

import io
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from careerboard.companies.services import company_logo_set
from careerboard.core.tests.factories import MembershipFactory, UserFactory
from careerboard.core.tests.polyglots import ato_js, png, welcome_html
from careerboard.core.uploads import image_reencoded

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_file(fmt: str, size=(64, 64), name="logo.png", **save) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue())


def huge_png(width: int, height: int) -> bytes:
    """A PNG header claiming width x height pixels (the attack's 20000x20000): a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def stored(content) -> Image.Image:
    return Image.open(io.BytesIO(content.read() if hasattr(content, "read") else content))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_raster_logos_become_a_png_of_our_own_name(fmt):
    encoded = image_reencoded(image_file(fmt, name="../../evil.html"))
    assert encoded.name.endswith(".png") and len(encoded.name) == 36  # 32 hex digits
    image = stored(encoded)
    assert (image.format, image.size) == ("PNG", (64, 64))


@pytest.mark.parametrize(
    ("payload", "name"), [(welcome_html(), "welcome.html"), (ato_js(), "ato.js")]
)
def test_the_attacks_polyglots_keep_neither_their_name_nor_their_script(payload, name):
    encoded = image_reencoded(SimpleUploadedFile(name, payload))
    data = encoded.read()
    assert encoded.name.endswith(".png") and name not in encoded.name
    assert data.startswith(PNG_SIGNATURE)
    assert b"script" not in data and b"console" not in data and b"GIF89a" not in data
    assert stored(data).size[0] <= 512


def test_metadata_is_dropped_and_large_images_scaled_down():
    exif = Image.Exif()
    exif[0x010E] = "secret location"  # ImageDescription
    upload = image_file("JPEG", size=(2000, 1000), exif=exif.tobytes())
    data = image_reencoded(upload).read()
    assert b"secret location" not in data
    image = stored(data)
    assert image.size == (512, 256) and not image.getexif()


def test_transparency_is_kept():
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(buffer, "PNG")
    image = stored(image_reencoded(SimpleUploadedFile("a.png", buffer.getvalue())))
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "PNG, JPEG"),
        (b"\x89PNG" + b"0" * (1024 * 1024 + 1), "at most 1 MB"),
        (PNG_SIGNATURE + b"\x00\x00\x00\x0dIHDR truncated", "PNG, JPEG"),
        (huge_png(20000, 20000), "PNG, JPEG"),  # Pillow's DecompressionBombError
        (huge_png(5000, 10), "4096"),
        (image_file("BMP").read(), "PNG, JPEG"),
        (b"", "PNG, JPEG"),
    ],
)
def test_what_is_not_an_acceptable_image_is_refused(content, message):
    with pytest.raises(ValidationError, match=message):
        image_reencoded(SimpleUploadedFile("logo.png", content))


def test_a_replaced_logo_file_is_deleted(django_capture_on_commit_callbacks):
    company = MembershipFactory(role="owner").company
    owner = company.memberships.get().user
    with django_capture_on_commit_callbacks(execute=True):
        company_logo_set(company=company, image_file=SimpleUploadedFile("a.png", png()), by=owner)
    first = company.logo.name
    assert company.logo.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        company_logo_set(
            company=company, image_file=SimpleUploadedFile("a.png", png(color="red")), by=owner
        )
    company.refresh_from_db()
    assert company.logo.name != first and company.logo.storage.exists(company.logo.name)
    assert not company.logo.storage.exists(first)


def test_a_refused_logo_keeps_the_old_one():
    company = MembershipFactory(role="owner").company
    owner = company.memberships.get().user
    company_logo_set(company=company, image_file=SimpleUploadedFile("a.png", png()), by=owner)
    kept = company.logo.name
    with pytest.raises(ValidationError) as refused:
        company_logo_set(company=company, image_file=SimpleUploadedFile("a.png", b"no"), by=owner)
    assert "logo" in refused.value.message_dict
    company.refresh_from_db()
    assert company.logo.name == kept and company.logo.storage.exists(kept)


def test_only_an_owner_sets_the_logo():
    company = MembershipFactory(role="member").company
    with pytest.raises(PermissionDenied):
        company_logo_set(
            company=company,
            image_file=SimpleUploadedFile("a.png", png()),
            by=company.memberships.get().user,
        )
    with pytest.raises(PermissionDenied):
        company_logo_set(
            company=company, image_file=SimpleUploadedFile("a.png", png()), by=UserFactory()
        )
    assert not company.logo
