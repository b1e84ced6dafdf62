"""Switching plugins on and off per series and per event."""
from __future__ import annotations

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, PluginSetting, Series


def disabled_plugins(event: Event | None = None, series: Series | None = None) -> frozenset[str]:
    """Names of plugins switched off for ``event`` (or ``series``).

    An event's own setting wins over its series' setting; no setting means on.
    """
    if event is not None:
        series_id = event.series_id
        conditions = [PluginSetting.event_id == event.id]
        if series_id is not None:
            conditions.append(PluginSetting.series_id == series_id)
    elif series is not None:
        conditions = [PluginSetting.series_id == series.id]
    else:
        return frozenset()
    rows = db.session.execute(
        sa.select(PluginSetting.plugin, PluginSetting.event_id, PluginSetting.enabled).where(
            sa.or_(*conditions)
        )
    ).all()
    state: dict[str, bool] = {}
    for plugin, event_id, enabled in sorted(rows, key=lambda r: r.event_id is not None):
        state[plugin] = enabled  # event rows sort last and so override series rows
    return frozenset(name for name, enabled in state.items() if not enabled)


def set_plugin_enabled(
    plugin: str, enabled: bool | None, *, event: Event | None = None, series: Series | None = None
) -> None:
    """Switch ``plugin`` on or off for an event or series; ``None`` removes the setting
    (inherit again). The caller commits."""
    if (event is None) == (series is None):
        raise ValueError("give exactly one of event or series")
    where = (
        PluginSetting.event_id == event.id if event is not None
        else PluginSetting.series_id == series.id
    )
    setting = db.session.scalar(sa.select(PluginSetting).where(PluginSetting.plugin == plugin, where))
    if enabled is None:
        if setting is not None:
            db.session.delete(setting)
        return
    if setting is None:
        setting = PluginSetting(
            plugin=plugin,
            event_id=event.id if event is not None else None,
            series_id=series.id if series is not None else None,
            enabled=enabled,
        )
        db.session.add(setting)
    else:
        setting.enabled = enabled
