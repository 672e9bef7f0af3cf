"""Public uploads as the app serves them (the embedded default, with no web server in front):
images as images, anything else as a download, never sniffed, never a page with script."""

import pytest

from careerboard.core.tests.polyglots import ato_js, png, welcome_html
from careerboard.core.uploads import MEDIA_CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    return tmp_path / "logos"


def test_an_uploaded_logo_is_served_as_an_image_that_runs_nothing(client, media):
    (media / "logo.png").write_bytes(png())
    response = client.get("/media/logos/logo.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in MEDIA_CONTENT_SECURITY_POLICY
    assert "sandbox" in MEDIA_CONTENT_SECURITY_POLICY
    assert "Content-Disposition" not in response
    assert client.get("/media/../secret_key").status_code in (400, 404)
    assert client.get("/media/logos/nothing.png").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("welcome.html", welcome_html()),
        ("ato.js", ato_js()),
        ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"),
        ("x.html.gz", b"\x1f\x8b"),
        ("README", b"text"),
    ],
)
def test_a_file_stored_before_uploads_were_re_encoded_is_only_a_download(
    client, media, name, content
):
    (media / name).write_bytes(content)
    response = client.get(f"/media/logos/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_CONTENT_SECURITY_POLICY
    assert "Content-Encoding" not in response
