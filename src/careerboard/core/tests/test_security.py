import json
import logging

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


def test_pages_carry_no_inline_script(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " on" + "load=" not in html


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
