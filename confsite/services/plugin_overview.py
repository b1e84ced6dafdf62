"""What is installed and where it is switched on/off, for the CLI and admin page."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, PluginSetting, Series
from confsite.plugins import PluginHost, PluginInfo


@dataclass
class PluginRow:
    info: PluginInfo
    switched_off: list[str]  # "event slug" / "series slug" where disabled
    switched_on: list[str]  # explicit "on" settings


def plugin_overview(plugin_host: PluginHost) -> list[PluginRow]:
    rows = db.session.execute(
        sa.select(PluginSetting.plugin, PluginSetting.enabled, Event.slug, Series.slug)
        .outerjoin(Event, Event.id == PluginSetting.event_id)
        .outerjoin(Series, Series.id == PluginSetting.series_id)
    ).all()
    result = []
    for name in plugin_host.names:
        off, on = [], []
        for plugin, enabled, event_slug, series_slug in rows:
            if plugin == name:
                where = f"event {event_slug}" if event_slug else f"series {series_slug}"
                (on if enabled else off).append(where)
        result.append(PluginRow(plugin_host.infos[name], sorted(off), sorted(on)))
    return result
