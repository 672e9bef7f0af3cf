"""The record of each signed-in browser (UserSession), so the person can list and end them."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.http import HttpRequest

from careerboard.accounts.models import User, UserSession
from careerboard.accounts.selectors import session_is_alive, session_store
from careerboard.core.ratelimit import client_ip


def session_record(*, request: HttpRequest, user: User) -> UserSession:
    """Called at every log-in (any login page, the admin's too) through user_logged_in."""
    if request.session.session_key is None:
        request.session.save()
    try:
        ip_address: str | None = str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        ip_address = None
    session, _ = UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": ip_address,
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )
    return session


def session_forget(*, session_key: str | None) -> None:
    """Called at log-out: the session is gone, so is its record."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end(sessions: Iterable[UserSession]) -> int:
    """End each of `sessions` (the browser is signed out) and drop its record; how many."""
    ended = 0
    for session in list(sessions):
        session_store().delete(session.session_key)
        session.delete()
        ended += 1
    return ended


def session_revoke(*, user: User, session_id: int) -> None:
    """End one of the person's own sessions; other people's are not found."""
    sessions = UserSession.objects.filter(user=user, pk=session_id)
    if not sessions_end(sessions):
        raise UserSession.DoesNotExist("No such session.")


def sessions_revoke_others(*, user: User, current_session_key: str | None) -> int:
    return sessions_end(
        UserSession.objects.filter(user=user).exclude(session_key=current_session_key)
    )


def sessions_prune() -> int:
    """Drop the records of sessions that expired or were ended elsewhere."""
    dead = [s.pk for s in UserSession.objects.iterator() if not session_is_alive(session=s)]
    UserSession.objects.filter(pk__in=dead).delete()
    return len(dead)
