"""Settings an administrator changes on the site itself (not in the config file)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from confsite.extensions import Model
from confsite.models.base import UTCDateTime, utcnow


class SiteSetting(Model):
    """One site-wide setting by name (e.g. ``retention_months``); no row means the
    configured default applies."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
