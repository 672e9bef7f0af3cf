"""Helpers shared by the account tests (and the browser tests)."""

from __future__ import annotations

import re

from django.test import Client

PASSWORD = "correct horse battery"  # what UserFactory gives everyone


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Client:
    response = client.post("/account/login/", {"email": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in a mail that starts with `path_prefix`."""
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", body)
    assert match, body
    return match.group(1)
