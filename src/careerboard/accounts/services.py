from __future__ import annotations

from careerboard.accounts.models import User


def user_create(
    *, email: str, password: str | None, role: str = User.Role.SEEKER, name: str = ""
) -> User:
    """Create a person's account. Staff accounts are made with is_staff set."""
    return User.objects.create_user(
        email, password, role=role, name=name, is_staff=role == User.Role.STAFF
    )
