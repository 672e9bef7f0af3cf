"""/api/v1/me: the caller's own profile, by token or session (see accounts/auth.py)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from careerboard.accounts.auth import api_auth, require_scope
from careerboard.accounts.models import User
from careerboard.accounts.services.profile import profile_update

router = Router(tags=["account"], auth=api_auth)


class ProfileOut(Schema):
    id: int
    email: str
    name: str
    role: str
    email_verified: bool
    two_factor_enabled: bool
    date_joined: datetime


class ProfileIn(Schema):
    name: str = Field(max_length=150)


@router.get("", response=ProfileOut, summary="The caller's profile")
def me(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined, no-any-return]


@router.patch("", response=ProfileOut, summary="Change the caller's name (write scope)")
def me_update(request: HttpRequest, payload: ProfileIn) -> User:
    require_scope(request, "write")
    return profile_update(user=request.auth, name=payload.name)  # type: ignore[attr-defined]
