"""Signed links that work without signing in: one-click unsubscribe and an alert's RSS feed.

Both are HMACs of SECRET_KEY (django.core.signing), so they cannot be guessed or forged, store
nothing, and never expire: a mail read months later still unsubscribes.
"""

from __future__ import annotations

from django.core import signing

from careerboard.core.text import ascii_int

_UNSUBSCRIBE_SALT = "careerboard.alerts.unsubscribe"
_FEED_SALT = "careerboard.alerts.feed"


def unsubscribe_token(*, user_id: int, alert_ids: list[int]) -> str:
    return signing.dumps({"u": user_id, "a": sorted(alert_ids)}, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_target(token: str) -> tuple[int, list[int]] | None:
    """(user id, alert ids) a link names; None when forged or malformed."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, alert_ids = data.get("u"), data.get("a")
    if not isinstance(user_id, int) or not isinstance(alert_ids, list):
        return None
    if not all(isinstance(alert_id, int) for alert_id in alert_ids):
        return None
    return user_id, alert_ids


def feed_token(*, alert_id: int) -> str:
    return signing.Signer(salt=_FEED_SALT).sign(str(alert_id))


def feed_alert_id(token: str) -> int | None:
    try:
        value = signing.Signer(salt=_FEED_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return ascii_int(value)
