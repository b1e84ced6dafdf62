"""Plugins' own per-event settings, declared as a schema (``plugin_settings_schema``).

A plugin declares typed fields with defaults; organisers change them on the event's
Plugins page; the event file carries the values an event changed; the plugin reads them
with ``confsite.api.plugin_settings(name, event)``. Stored values that no longer fit
the schema (a plugin changed its fields) fall back to the default instead of failing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context

from confsite.caching.event_memory import derived_from_rows
from confsite.extensions import db
from confsite.hooktypes import SettingField, SettingInvalid
from confsite.models import Event, PluginEventValues, Series, User
from confsite.plugins import host
from confsite.services.changes import record_event_change, touch_event
from confsite.services.plugin_settings import set_plugin_enabled
from confsite.services.transaction import committing


class PluginSettingsInvalid(ValueError):
    """Values that do not fit a plugin's schema; ``problems`` says why, per field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def settings_schemas() -> dict[str, list[SettingField]]:
    """Every loaded plugin's settings schema (plugins without one are left out)."""
    return host().setting_schemas()


_VALUES_OF = sa.select(PluginEventValues.plugin, PluginEventValues.values).where(
    PluginEventValues.event_id == sa.bindparam("event_id")
)


def _stored(event: Event) -> dict[str, dict[str, Any]]:
    """Stored values of every plugin for ``event`` (not to be changed: shared): one
    query, kept for the request, and in the worker's memory until they change."""
    cache: dict[int, dict[str, dict[str, Any]]] = (
        g.setdefault("confsite_plugin_values", {}) if (has_request_context()) else {}
    )
    if event.id not in cache:
        cache[event.id] = derived_from_rows(
            ("plugin values", event.id),
            _VALUES_OF,
            {"event_id": event.id},
            PluginEventValues.__tablename__,
            lambda rows: {plugin: dict(values or {}) for plugin, values in rows},
        )
    return cache[event.id]


def plugin_settings(plugin: str, event: Event) -> dict[str, Any]:
    """The current value of each field of ``plugin``'s schema for ``event``: what an
    organiser set, else the field's default."""
    stored = _stored(event).get(plugin, {})
    values: dict[str, Any] = {}
    for field in settings_schemas().get(plugin, []):
        values[field.key] = field.default
        if field.key in stored:
            with contextlib.suppress(SettingInvalid):  # the schema changed since: default applies
                values[field.key] = field.clean(stored[field.key])
    return values


def clean_settings(plugin: str, raw: Mapping[str, object]) -> dict[str, Any]:
    """``raw`` values checked against ``plugin``'s schema, or
    :class:`PluginSettingsInvalid`. Fields missing from ``raw`` are left out."""
    fields = {field.key: field for field in settings_schemas().get(plugin, [])}
    problems = [f"{plugin}: unknown setting {key!r}" for key in raw if key not in fields]
    cleaned: dict[str, Any] = {}
    for key, value in raw.items():
        if key in fields:
            try:
                cleaned[key] = fields[key].clean(value)
            except SettingInvalid as exc:
                problems.append(str(exc))
    if problems:
        raise PluginSettingsInvalid(problems)
    return cleaned


def save_plugin_settings(plugin: str, event: Event, raw: Mapping[str, object]) -> None:
    """Validate and store ``raw`` (some or all fields of ``plugin``'s schema) for
    ``event``; values equal to the default are not stored, so a later change of the
    default applies to them. Raises :class:`PluginSettingsInvalid`; the caller commits."""
    cleaned = clean_settings(plugin, raw)
    defaults = {field.key: field.default for field in settings_schemas().get(plugin, [])}
    row = db.session.scalar(
        sa.select(PluginEventValues).where(
            PluginEventValues.plugin == plugin, PluginEventValues.event_id == event.id
        )
    )
    merged = dict(row.values or {}) if row is not None else {}
    merged.update(cleaned)
    merged = {key: value for key, value in merged.items() if defaults.get(key) != value}
    if row is None and merged:
        db.session.add(PluginEventValues(plugin=plugin, event_id=event.id, values=merged))
    elif row is not None and merged:
        row.values = merged
    elif row is not None:
        db.session.delete(row)
    if has_request_context():
        g.pop("confsite_plugin_values", None)


JSON_TYPES: dict[str, tuple[type, ...]] = {"bool": (bool,), "int": (int,), "text": (str,), "choice": (str,)}


def typed_problems(plugin: str, raw: Mapping[str, object]) -> dict[str, str]:
    """Per key, why a JSON value does not fit ``plugin``'s schema (empty = all fit).

    Stricter than :func:`clean_settings`, which also reads form text ("on", "12"):
    a program must send a boolean for a bool, a whole number for an int."""
    fields = {field.key: field for field in settings_schemas().get(plugin, [])}
    problems: dict[str, str] = {}
    for key, value in raw.items():
        field = fields.get(key)
        if field is None:
            problems[key] = f"{plugin} has no setting {key!r}."
        elif not isinstance(value, JSON_TYPES[field.kind]) or (
            field.kind == "int" and isinstance(value, bool)
        ):
            problems[key] = (
                f"{field.label}: expected a {'whole number' if field.kind == 'int' else field.kind}."
            )
        elif isinstance(value, str) and "\x00" in value:
            problems[key] = f"{field.label}: NUL characters are not allowed."
        else:
            try:
                field.clean(value)
            except SettingInvalid as exc:
                problems[key] = str(exc)
    return problems


def _shown(value: object) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def update_plugin_settings(
    plugin: str, event: Event, raw: Mapping[str, object], by: User | None
) -> dict[str, Any]:
    """Change some of ``plugin``'s settings for ``event`` (committed) and audit each
    changed value in the event's change log with ``by``; returns the current values.

    Raises :class:`PluginSettingsInvalid` (nothing saved) for values that do not fit."""
    if plugin not in settings_schemas():
        raise PluginSettingsInvalid([f"{plugin} has no settings."])
    with committing():
        _save_and_log(plugin, event, raw, by)
    return plugin_settings(plugin, event)


def _save_and_log(plugin: str, event: Event, raw: Mapping[str, object], by: User | None) -> None:
    before = plugin_settings(plugin, event)
    save_plugin_settings(plugin, event, raw)
    after = plugin_settings(plugin, event)
    changed = [key for key in after if before.get(key) != after[key]]
    for key in changed:
        record_event_change(
            event,
            "plugin_settings",
            f"{plugin}.{key} = {_shown(before.get(key))}",
            f"{plugin}.{key} = {_shown(after[key])}",
            by,
        )
    if changed:
        touch_event(event)  # plugins' panels on the event's pages may follow their settings


def changed_settings(event: Event) -> dict[str, dict[str, Any]]:
    """What the event changed from the defaults, per plugin (for the event file)."""
    return {plugin: values for plugin, values in sorted(_stored(event).items()) if values}


def settings_file_problems(document: Mapping[str, Mapping[str, object]]) -> list[str]:
    """Problems of the ``plugin_settings`` part of an event file. Settings of plugins
    this site does not have cannot be checked and are taken as they are."""
    schemas = settings_schemas()
    problems: list[str] = []
    for plugin, values in document.items():
        if plugin in schemas:
            try:
                clean_settings(plugin, values)
            except PluginSettingsInvalid as exc:
                problems.extend(f"plugin_settings.{plugin}: {problem}" for problem in exc.problems)
    return problems


def import_settings(event: Event, document: Mapping[str, Mapping[str, object]]) -> None:
    """Store the ``plugin_settings`` of a checked event file for ``event`` (kept as
    they are for plugins this site does not have, so a later export still carries
    them). The caller commits."""
    schemas = settings_schemas()
    for plugin, values in document.items():
        if plugin in schemas:
            save_plugin_settings(plugin, event, values)
        elif values:
            db.session.add(PluginEventValues(plugin=plugin, event_id=event.id, values=dict(values)))


def save_plugins_page(
    choices: dict[str, bool | None],
    values: Mapping[str, Mapping[str, object]],
    *,
    event: Event | None = None,
    series: Series | None = None,
    by: User | None = None,
) -> None:
    """Save what an organiser chose on a Plugins page in one transaction: each
    plugin's switch (True on, False off, None inherit) and, for an event, each
    plugin's settings (changed values audited in its change log with ``by``).
    Raises :class:`PluginSettingsInvalid` with nothing saved."""
    with committing():
        for plugin, enabled in choices.items():
            set_plugin_enabled(plugin, enabled, event=event, series=series)
        if event is not None:
            for plugin, raw in values.items():
                _save_and_log(plugin, event, raw, by)
