"""The settings a deployment gets from its environment."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import ROOT, embedded_env, manage


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = embedded_env(
        tmp_path,
        SITE_URL="https://careerboard.example",
        ALLOWED_HOSTS="careerboard.example",
        SECRET_KEY="x" * 10 + "production-secret-key-with-enough-entropy-0123456789",
        BILLING_PROVIDER="stripe",
        STRIPE_SECRET_KEY="sk_test_placeholder",
        STRIPE_WEBHOOK_SECRET="whsec_placeholder",
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_on_free_upgrades_unless_they_are_meant(tmp_path):
    """With DEBUG off the local billing provider is an error of `check --deploy` (non-zero
    exit, at the default fail level), on http and https alike, until BILLING_LOCAL_ALLOWED
    says it is meant; then an https site still gets a warning. DEBUG on (development) passes."""
    production = {
        "ALLOWED_HOSTS": "careerboard.example",
        "SECRET_KEY": "x" * 10 + "production-secret-key-with-enough-entropy-0123456789",
    }
    for site in ("https://careerboard.example", "http://careerboard.example"):
        result = manage(
            "check", "--deploy", env=embedded_env(tmp_path, SITE_URL=site, **production)
        )
        assert result.returncode != 0
        assert "careerboard.billing.E001" in result.stderr
    meant = embedded_env(
        tmp_path, SITE_URL="https://careerboard.example", BILLING_LOCAL_ALLOWED="true", **production
    )
    result = manage("check", "--deploy", env=meant)
    assert result.returncode == 0, result.stderr
    assert "careerboard.billing.W001" in result.stderr and "E001" not in result.stderr
    development = manage("check", "--deploy", env=embedded_env(tmp_path, DEBUG="true"))
    assert "careerboard.billing" not in development.stderr


def test_embedded_default_generates_and_keeps_a_secret_key(tmp_path):
    env = embedded_env(tmp_path)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]
    second = manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]
    assert len(first) >= 50
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_sqlite_server_and_worker_writing_at_once_never_see_database_is_locked(tmp_path):
    """Two processes hammer one SQLite file with write transactions, as the web and worker do."""
    env = embedded_env(tmp_path)
    assert manage("migrate", "--no-input", "-v", "0", env=env).returncode == 0
    writer = textwrap.dedent(
        """
        import django, os
        django.setup()
        from django.db import connection, transaction
        from careerboard.taxonomy.models import Industry
        for i in range(150):
            with transaction.atomic():
                industry = Industry.objects.get(slug="engineering")
                industry.position = i
                industry.save()
                Industry.objects.filter(slug="writing").update(position=i)
        with connection.cursor() as c:
            c.execute("PRAGMA journal_mode")
            print(c.fetchone()[0])
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", writer],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "locked" not in err
        assert out.strip() == "wal"


def test_an_https_site_sends_hsts_on_https_and_the_embedded_http_default_does_not(tmp_path):
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='careerboard.example'); "
        "print(repr(c.get('/healthz', secure=True).headers.get('Strict-Transport-Security')))"
    )
    https_env = embedded_env(
        tmp_path, SITE_URL="https://careerboard.example", ALLOWED_HOSTS="careerboard.example"
    )
    lines = manage("shell", "-c", code, env=https_env).stdout.strip().splitlines()
    assert lines[-1] == "'max-age=31536000; includeSubDomains; preload'"
    http_env = embedded_env(tmp_path, ALLOWED_HOSTS="careerboard.example")
    assert manage("shell", "-c", code, env=http_env).stdout.strip().splitlines()[-1] == "None"


def test_uploads_can_live_on_an_origin_of_their_own(tmp_path):
    """MEDIA_URL on another host: logos are linked there and the pages' CSP admits images from
    it; anything but a path or an http(s) address is refused at start-up."""
    code = textwrap.dedent(
        """
        from django.test import Client
        from careerboard.companies.models import Company
        company = Company(name="Acme", slug="acme", logo="logos/2026/12/a.png")
        print(company.logo_absolute_url)
        print(Client().get("/healthz").headers["Content-Security-Policy"])
        """
    )
    env = embedded_env(tmp_path, MEDIA_URL="https://media.careerboard.example/media")
    logo, policy = manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-2:]
    assert logo == "https://media.careerboard.example/media/logos/2026/12/a.png"
    assert "img-src 'self' data: https://media.careerboard.example;" in policy
    default = manage("shell", "-c", code, env=embedded_env(tmp_path)).stdout.splitlines()
    assert default[-2] == "http://127.0.0.1:8000/media/logos/2026/12/a.png"
    refused = manage("check", env=embedded_env(tmp_path, MEDIA_URL="javascript:alert(1)"))
    assert refused.returncode != 0 and "MEDIA_URL must be" in refused.stderr


def test_pages_are_served_gzipped(client, db):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    plain = client.get("/")
    assert "Content-Encoding" not in plain
    assert len(response.content) < len(plain.content) / 2


def test_site_url_follows_port_unless_set(tmp_path):
    """`PORT=8201 make run` links mails, feeds and canonical URLs to port 8201."""
    code = "from django.conf import settings; print(settings.SITE_URL)"

    def site_url(**extra: str) -> str:
        return manage("shell", "-c", code, env=embedded_env(tmp_path, **extra)).stdout.split()[-1]

    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8201") == "http://127.0.0.1:8201"
    assert site_url(PORT="8201", SITE_URL="https://jobs.example/") == "https://jobs.example"
