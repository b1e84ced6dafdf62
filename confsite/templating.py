"""Jinja filters and globals shared by every template (core and plugins)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, before_render_template, has_request_context
from flask_login import current_user

from confsite.countries import country_name
from confsite.models import Event
from confsite.plugins import FAILED, host


def local_dt(instant: datetime | None, zone: str | Event = "UTC", fmt: str = "%d %b %Y %H:%M") -> str:
    """Format an instant in a time zone (an IANA name or an event's own zone)."""
    if instant is None:
        return ""
    tz = ZoneInfo(zone.timezone if isinstance(zone, Event) else zone)
    return instant.astimezone(tz).strftime(fmt)


def event_dates(event: Event) -> str:
    """'13–14 Jul 2021' style date range in the event's zone."""
    start, end = event.local(event.start_at), event.local(event.end_at)
    if start.date() == end.date():
        return start.strftime("%-d %b %Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%-d}–{end:%-d %b %Y}"
    if start.year == end.year:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


def label(value: object) -> str:
    """Human label of a LabelledEnum member (or the value itself)."""
    return getattr(value, "label", str(value) if value is not None else "")


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        local_dt=local_dt, event_dates=event_dates, country_name=country_name, label=label
    )

    @app.context_processor
    def _site_context() -> dict:
        if not has_request_context():  # e-mails and exports have no navigation
            return {"site_name": app.config["SITE_NAME"], "plugin_nav_links": []}
        user = current_user if current_user.is_authenticated else None
        links = sorted(host().collect("navigation_links", user=user), key=lambda link: link.order)
        return {"site_name": app.config["SITE_NAME"], "plugin_nav_links": links}

    def _plugin_template_variables(
        sender: Flask, template: Any, context: dict[str, Any], **extra: Any
    ) -> None:
        for _name, result in host().call("template_variables", template_name=template.name or ""):
            if result is not FAILED:
                for key, value in result.items():
                    context.setdefault(key, value)  # never shadow the view's own variables

    before_render_template.connect(_plugin_template_variables, app, weak=False)
