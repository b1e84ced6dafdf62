"""The change log of published programmes (who changed what, when)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.extensions import Model
from confsite.models.accounts import User
from confsite.models.base import UTCDateTime, utcnow


class SessionChange(Model):
    """One recorded change to a session of a published event.

    ``field`` is one of: created, time, room, title, speakers, status, deleted.
    The row outlives a deleted session (``session_id`` becomes NULL; ``session_uid``
    stays) so the history and calendar feeds can still speak of it.
    """

    __tablename__ = "session_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    session_uid: Mapped[str] = mapped_column(sa.String(64))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    field: Mapped[str] = mapped_column(sa.String(32))
    before: Mapped[str] = mapped_column(sa.Text, default="")
    after: Mapped[str] = mapped_column(sa.Text, default="")

    user: Mapped[User | None] = relationship()
