"""Switching plugins on and off per series and per event.

A series' setting is the default for its events; an event's own setting wins. No
setting at all means on. Core plugins cannot be switched off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from confsite.caching.event_memory import derived_from_rows
from confsite.extensions import db
from confsite.models import Event, PluginSetting, Series
from confsite.services.transaction import committing

# The settings of an event and of its series (a missing id matches no row).
_SETTINGS_OF = sa.select(PluginSetting.plugin, PluginSetting.event_id, PluginSetting.enabled).where(
    sa.or_(
        PluginSetting.event_id == sa.bindparam("event_id"),
        PluginSetting.series_id == sa.bindparam("series_id"),
    )
)


def disabled_plugins(event: Event | None = None, series: Series | None = None) -> frozenset[str]:
    """Names of plugins switched off for ``event`` (or ``series``), kept in the worker's
    memory until the settings change.

    An event's own setting wins over its series' setting; no setting means on.
    """
    if event is not None:
        key: tuple = ("plugins off", "event", event.id, event.series_id)
        params = {"event_id": event.id, "series_id": event.series_id}
    elif series is not None:
        key = ("plugins off", "series", series.id)
        params = {"event_id": None, "series_id": series.id}
    else:
        return frozenset()
    return derived_from_rows(key, _SETTINGS_OF, params, PluginSetting.__tablename__, _switched_off)


def _switched_off(rows: Sequence[Any]) -> frozenset[str]:
    state: dict[str, bool] = {}
    for plugin, _event_id, enabled in sorted(rows, key=lambda r: r.event_id is not None):
        state[plugin] = enabled  # event rows sort last and so override series rows
    return frozenset(name for name, enabled in state.items() if not enabled)


@dataclass(frozen=True)
class PluginState:
    """One plugin as the settings page shows it for an event or series."""

    name: str
    description: str
    own: bool | None  # this event's / series' own setting; None = inherit
    inherited: bool  # what applies without an own setting (the series' setting, or on)

    @property
    def enabled(self) -> bool:
        return self.inherited if self.own is None else self.own


def plugin_states(
    names: list[str],
    descriptions: dict[str, str],
    *,
    event: Event | None = None,
    series: Series | None = None,
) -> list[PluginState]:
    """Own and inherited setting of each plugin in ``names`` for an event or series
    (one query)."""
    if event is not None and series is None:
        series_id = event.series_id
    elif series is not None and event is None:
        series_id = series.id
    else:
        raise ValueError("give exactly one of event or series")
    conditions = []
    if event is not None:
        conditions.append(PluginSetting.event_id == event.id)
    if series_id is not None:
        conditions.append(PluginSetting.series_id == series_id)
    statement = sa.select(PluginSetting.plugin, PluginSetting.event_id, PluginSetting.enabled).where(
        sa.or_(*conditions)
    )
    rows = db.session.execute(statement).all()
    own = {r.plugin: r.enabled for r in rows if (r.event_id is not None) == (event is not None)}
    from_series = {r.plugin: r.enabled for r in rows if r.event_id is None} if event is not None else {}
    return [
        PluginState(name, descriptions.get(name, ""), own.get(name), from_series.get(name, True))
        for name in names
    ]


def save_plugin_settings(
    choices: dict[str, bool | None], *, event: Event | None = None, series: Series | None = None
) -> None:
    """Save the organisers' choice per plugin (True on, False off, None inherit) for an
    event or series, in one transaction."""
    with committing():
        for plugin, enabled in choices.items():
            set_plugin_enabled(plugin, enabled, event=event, series=series)


def set_plugin_enabled(
    plugin: str, enabled: bool | None, *, event: Event | None = None, series: Series | None = None
) -> None:
    """Switch ``plugin`` on or off for an event or series; ``None`` removes the setting
    (inherit again). The caller commits."""
    from confsite.plugins import forget_enablement_cache  # noqa: PLC0415  (confsite.plugins imports this module)

    if event is not None and series is None:
        where = PluginSetting.event_id == event.id
    elif series is not None and event is None:
        where = PluginSetting.series_id == series.id
    else:
        raise ValueError("give exactly one of event or series")
    setting = db.session.scalar(sa.select(PluginSetting).where(PluginSetting.plugin == plugin, where))
    forget_enablement_cache()
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
