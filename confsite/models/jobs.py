"""Jobs that failed their last attempt (the dead-letter list on the admin page)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from confsite.extensions import Model
from confsite.models.base import UTCDateTime, utcnow


class DeadJob(Model):
    """A job given up on: its name, arguments (JSON) and last error, for a retry by hand."""

    __tablename__ = "dead_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    arguments: Mapped[str] = mapped_column(sa.Text, default="{}")
    error: Mapped[str] = mapped_column(sa.Text, default="")
    attempts: Mapped[int] = mapped_column(default=1)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
