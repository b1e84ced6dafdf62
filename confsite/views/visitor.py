"""Who is asking: the one helper views use for "the signed-in user, if any"."""

from __future__ import annotations

from flask_login import current_user

from confsite.models import User


def signed_in_user() -> User | None:
    """The signed-in user as a model object, or None for an anonymous visitor."""
    if current_user.is_authenticated:
        user: User = current_user._get_current_object()
        return user
    return None
