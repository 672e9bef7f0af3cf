import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from careerboard.core.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_an_uploaded_logo_is_served_with_the_site(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "navy").save(buffer, format="PNG")
    company = CompanyFactory()
    company.logo.save("logo.png", SimpleUploadedFile("logo.png", buffer.getvalue()))
    response = client.get(company.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/../secret_key").status_code in (400, 404)
    assert client.get("/media/logos/nothing.png").status_code == 404
