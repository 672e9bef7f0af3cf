"""The outbox: the embedded default's local mail, readable by staff with working links."""

import pytest
from django.core.mail import send_mail

from careerboard.accounts.models import User
from careerboard.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path / "mail"


def test_staff_read_local_mail_with_clickable_links(client, local_mail):
    send_mail(
        "Confirm your address",
        "Open http://127.0.0.1:8201/account/verify-email/abc/ now.",
        None,
        ["ada@example.com"],
    )
    send_mail("Second", "Plain text.", None, ["bob@example.com"])
    client.force_login(UserFactory(role=User.Role.STAFF, is_staff=True))
    html = client.get("/staff/outbox").content.decode()
    assert "Confirm your address" in html and "to ada@example.com" in html
    assert '<a href="http://127.0.0.1:8201/account/verify-email/abc/"' in html
    assert html.index("Second") < html.index("Confirm your address")  # newest first


def test_nobody_else_sees_it_and_it_is_gone_when_mail_is_sent(client, local_mail, settings):
    client.force_login(UserFactory())
    assert client.get("/staff/outbox").status_code == 404
    settings.DEBUG = True
    assert client.get("/staff/outbox").status_code == 200
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert client.get("/staff/outbox").status_code == 404
