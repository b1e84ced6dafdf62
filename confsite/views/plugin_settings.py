"""Organisers switch plugins on and off for a series (the default for its events) or
for one event (/manage/events/<slug>/plugins, /manage/series/<slug>/plugins)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, Field, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from confsite.hooktypes import SettingField
from confsite.i18n import _
from confsite.models import Event, Series
from confsite.plugins import host
from confsite.services.lookup import event_by_slug, series_by_slug
from confsite.services.permissions import can_manage_event, can_manage_series
from confsite.services.plugin_event_settings import (
    PluginSettingsInvalid,
    plugin_settings,
    save_plugins_page,
    settings_schemas,
)
from confsite.services.plugin_settings import PluginState, plugin_states

bp = Blueprint("plugin_settings", __name__, url_prefix="/manage")

CHOICE_TO_SETTING = {"inherit": None, "on": True, "off": False}
FIELD_PREFIX = "plugin__"
SETTING_PREFIX = "setting__"


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def _inherited(source: str, on: bool) -> str:
    """The "inherit" option, saying what it leads to: "As the series (on)"."""
    return _("%(source)s (on)", source=source) if on else _("%(source)s (off)", source=source)


def _setting_field(field: SettingField, value: object) -> Field:
    """The form field for one field of a plugin's settings schema."""
    if field.kind == "bool":
        return BooleanField(field.label, default=bool(value), description=field.help)
    if field.kind == "choice":
        choices = [SelectChoice(choice, label) for choice, label in field.choices]
        return SelectField(field.label, choices=choices, default=value, description=field.help)
    render_kw = {"inputmode": "numeric"} if field.kind == "int" else {"maxlength": field.max_length}
    return StringField(field.label, default=str(value), description=field.help, render_kw=render_kw)


def _settings_form(
    states: list[PluginState], inherit_label: str, schemas: dict[str, list[tuple[SettingField, object]]]
) -> FlaskForm:
    """A form with one select per plugin (inherit / on / off) and, on an event's page,
    the fields of each plugin's own settings schema."""
    fields: dict[str, Field] = {}
    for plugin, setting_fields in schemas.items():
        for setting, value in setting_fields:
            fields[f"{SETTING_PREFIX}{plugin}__{setting.key}"] = _setting_field(setting, value)
    for state in states:
        fields[FIELD_PREFIX + state.name] = SelectField(
            state.name,
            choices=[
                SelectChoice("inherit", _inherited(inherit_label, state.inherited)),
                SelectChoice("on", _("On")),
                SelectChoice("off", _("Off")),
            ],
            default="inherit" if state.own is None else _on_off(state.own),
            description=state.description,
        )
    form_class = type("PluginSettingsForm", (FlaskForm,), fields)
    return form_class()


def _schema_fields(event: Event, names: list[str]) -> dict[str, list[tuple[SettingField, object]]]:
    """Each plugin's settings fields with their current value for ``event``."""
    schemas = {}
    for plugin, setting_fields in settings_schemas().items():
        if plugin in names:
            current = plugin_settings(plugin, event)
            schemas[plugin] = [(f, current[f.key]) for f in setting_fields]
    return schemas


def _settings_page(
    *, event: Event | None = None, series: Series | None = None
) -> str | Response | tuple[str, int]:
    plugin_host = host()
    names = plugin_host.switchable_names
    descriptions = {name: plugin_host.infos[name].description for name in names}
    states = plugin_states(names, descriptions, event=event, series=series)
    if event is not None:
        inherit_label = _("As the series") if event.series is not None else _("Default")
    else:
        inherit_label = _("Default")
    schemas = _schema_fields(event, names) if event is not None else {}
    form = _settings_form(states, inherit_label, schemas)
    problems: list[str] = []
    if request.method == "POST":
        if form.validate_on_submit():
            choices = {
                state.name: CHOICE_TO_SETTING[form[FIELD_PREFIX + state.name].data] for state in states
            }
            values = {
                plugin: {f.key: form[f"{SETTING_PREFIX}{plugin}__{f.key}"].data for f, _value in fields}
                for plugin, fields in schemas.items()
            }
            try:
                save_plugins_page(
                    choices, values, event=event, series=series, by=current_user._get_current_object()
                )
            except PluginSettingsInvalid as exc:
                problems = exc.problems
            else:
                flash(_("Plugin settings saved."), "success")
                return redirect(request.path)
        status = 400
    else:
        status = 200
    series_link = None
    if event is not None and event.series is not None and can_manage_series(current_user, event.series):
        series_link = url_for("plugin_settings.series_plugins", slug=event.series.slug)
    html = render_template(
        "manage/plugins.html",
        form=form,
        states=states,
        event=event,
        series=series,
        field_prefix=FIELD_PREFIX,
        setting_prefix=SETTING_PREFIX,
        schemas=schemas,
        problems=problems,
        series_link=series_link,
    )
    return (html, status) if status != 200 else html


@bp.route("/events/<slug>/plugins", methods=["GET", "POST"])
@login_required
def event_plugins(slug: str) -> ResponseReturnValue:
    event = event_by_slug(slug)
    if event is None or not can_manage_event(current_user, event):
        abort(404)
    return _settings_page(event=event)


@bp.route("/series/<slug>/plugins", methods=["GET", "POST"])
@login_required
def series_plugins(slug: str) -> ResponseReturnValue:
    series = series_by_slug(slug)
    if series is None or not can_manage_series(current_user, series):
        abort(404)
    return _settings_page(series=series)
