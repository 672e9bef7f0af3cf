from __future__ import annotations

from careerboard.accounts.models import User


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email=email.strip().lower()).first()
