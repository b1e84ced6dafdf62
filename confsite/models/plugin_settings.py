"""Per-series and per-event switches for plugins, and plugins' own per-event settings."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from confsite.extensions import Model
from confsite.models import event_notifications


class PluginSetting(Model):
    """Turns one plugin on or off for a series (default for its events) or one event.

    No row means "inherit": event row -> series row -> plugin on.
    """

    __tablename__ = "plugin_settings"
    __table_args__ = (
        sa.CheckConstraint("(event_id IS NULL) <> (series_id IS NULL)", name="one_scope"),
        sa.UniqueConstraint("plugin", "event_id"),
        sa.UniqueConstraint("plugin", "series_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin: Mapped[str] = mapped_column(sa.String(100))
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"))
    enabled: Mapped[bool] = mapped_column()


class PluginEventValues(Model):
    """A plugin's own settings for one event (the fields of its settings schema,
    ``plugin_settings_schema`` hook); fields not stored take the schema's defaults."""

    __tablename__ = "plugin_event_values"
    __table_args__ = (sa.UniqueConstraint("plugin", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin: Mapped[str] = mapped_column(sa.String(100))
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    values: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


for _model in (PluginSetting, PluginEventValues):
    event_notifications.announce_changes(_model)
