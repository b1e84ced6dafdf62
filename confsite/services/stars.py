"""Stars: the sessions a signed-in person keeps in their agenda and personal feed."""

from __future__ import annotations

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Session, Star, User
from confsite.services.transaction import committing


def star(user: User, session: Session) -> None:
    """Keep ``session`` in the user's agenda (starring twice keeps one star)."""
    if db.session.get(Star, (user.id, session.id)) is not None:
        return
    try:
        with committing():
            db.session.add(Star(user_id=user.id, session_id=session.id))
    except sa.exc.IntegrityError:
        pass  # starred twice at once: one star stands


def unstar(user: User, session: Session) -> None:
    with committing():
        db.session.execute(sa.delete(Star).where(Star.user_id == user.id, Star.session_id == session.id))
