import json
import logging
import re

import pytest

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


# Pages, the API and its errors, feeds, a 404 page and the Jobicy API: every kind of answer.
EVERY_KIND = [
    "/",
    "/jobs",
    "/careers/",
    "/account/login/",
    "/pricing",
    "/no-such-page",
    "/api/v1/jobs",
    "/api/v1/no-such-operation",
    "/api/v1/docs",
    "/jobs/feed",
    "/api/v2/remote-jobs",
]
# Script elements that run: not those loading a file, nor JSON data (JSON-LD, swagger's settings).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)


@pytest.mark.parametrize("url", EVERY_KIND)
def test_every_kind_of_answer_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    script_src = csp.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # plain http: HSTS only on https


@pytest.mark.parametrize("url", [u for u in EVERY_KIND if "/api/" not in u or u.endswith("/docs")])
def test_pages_carry_no_inline_script(client, url):
    """Inline script would be blocked by the CSP; our pages load theirs from /static/."""
    html = client.get(url).content.decode()
    assert INLINE_SCRIPT.findall(html) == [], url
    assert not re.search(r"\son[a-z]+=", html), url


def test_the_inline_script_check_sees_one():
    assert INLINE_SCRIPT.findall('<script>alert(1)</script><script src="/static/a.js">') == [
        "<script>"
    ]


def test_request_id_is_returned_and_logged_as_one_json_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="careerboard.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="abcdef1234567890")
    assert response["X-Request-ID"] == "abcdef1234567890"
    records = [r for r in caplog.records if r.name == "careerboard.request"]
    assert len(records) == 1
    from careerboard.core.logging import JsonFormatter

    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == "abcdef1234567890"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0


def test_unsafe_incoming_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32
