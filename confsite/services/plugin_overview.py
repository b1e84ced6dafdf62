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
    switched_off: list[str]  # "event <slug>" / "series <slug>" where switched off
    switched_on: list[str]  # explicit "on" settings (overriding a series' "off")

    @property
    def where_enabled(self) -> str:
        """One line summing up where the plugin runs."""
        if not self.info.switchable:
            return "everywhere (core)"
        if not self.switched_off:
            return "everywhere"
        text = "everywhere except " + ", ".join(self.switched_off)
        if self.switched_on:
            text += "; explicitly on for " + ", ".join(self.switched_on)
        return text


@dataclass
class PluginOverview:
    loaded: list[PluginRow]
    not_loaded: list[tuple[str, str, str]]  # (name, source, why) discovered but not loaded


def plugin_overview(plugin_host: PluginHost) -> PluginOverview:
    """Every loaded plugin with the settings that switch it on or off (one query)."""
    rows = db.session.execute(
        sa.select(PluginSetting.plugin, PluginSetting.enabled, Event.slug, Series.slug)
        .outerjoin(Event, Event.id == PluginSetting.event_id)
        .outerjoin(Series, Series.id == PluginSetting.series_id)
    ).all()
    loaded = []
    for name in plugin_host.names:
        off: list[str] = []
        on: list[str] = []
        for plugin, enabled, event_slug, series_slug in rows:
            if plugin == name:
                where = f"event {event_slug}" if event_slug else f"series {series_slug}"
                (on if enabled else off).append(where)
        loaded.append(PluginRow(plugin_host.infos[name], sorted(off), sorted(on)))
    not_loaded = sorted(
        (name, source, plugin_host.failed.get(name, "not in CONFSITE_PLUGINS"))
        for name, source in plugin_host.discovered.items()
        if name not in plugin_host.infos
    )
    return PluginOverview(loaded, not_loaded)
