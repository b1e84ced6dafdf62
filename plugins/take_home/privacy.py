"""The take-home plugin's part of a person's data: their download and their erasure
(``personal_data`` / ``erase_personal_data`` hooks, registered from ``__init__``).

Messages, outcomes and suggestions point at their author with ``SET NULL`` keys, so
after an erasure they stay, shown as by a former user; the history keeps a copy of
the name, which is replaced here.
"""

from __future__ import annotations

import sqlalchemy as sa

from confsite import hookimpl
from confsite.api import User, db

from . import services
from .models import TakeHomeHistory

# The name the core gives erased people (confsite.services.personal_data.FORMER_MEMBER).
FORMER_MEMBER = "Former member"


@hookimpl
def personal_data(user: User) -> dict:
    """The take-home messages and suggestions this person wrote, and their edits."""
    part: dict = dict(services.authored_by(user))
    history = db.session.scalars(
        sa.select(TakeHomeHistory).where(TakeHomeHistory.user_id == user.id).order_by(TakeHomeHistory.id)
    ).all()
    part["history"] = [
        {"action": h.action, "session_id": str(h.session_id), "at": h.at.isoformat(), "text": h.body}
        for h in history
    ]
    return part


@hookimpl
def erase_personal_data(user: User) -> None:
    """The history's copy of the name goes; the texts stay, by a former member."""
    db.session.execute(
        sa.update(TakeHomeHistory)
        .where(TakeHomeHistory.user_id == user.id)
        .values(user_name=FORMER_MEMBER)
        .execution_options(synchronize_session=False)
    )
