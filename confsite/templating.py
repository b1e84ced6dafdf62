"""Jinja filters and globals shared by every template (core and plugins)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_decimal
from flask import Flask, before_render_template, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from confsite import rich_text
from confsite.caching.render import cached
from confsite.countries import country_name
from confsite.i18n import current_language, viewer_zone
from confsite.models import Event
from confsite.plugins import FAILED, host

# strftime directives the templates use, as CLDR date patterns (Babel localises the names).
_STRFTIME_TO_CLDR = {
    "%-d": "d",
    "%d": "dd",
    "%a": "EEE",
    "%A": "EEEE",
    "%b": "MMM",
    "%B": "MMMM",
    "%m": "MM",
    "%Y": "y",
    "%H": "HH",
    "%M": "mm",
    "%S": "ss",
}
_DIRECTIVE = re.compile(r"%-?[a-zA-Z]")


def cldr_pattern(fmt: str, language: str) -> str:
    """A strftime format as a CLDR pattern, with the small differences languages make
    ("Dienstag, 13. Juli", "13 de julio de 2021")."""
    parts, last = [], 0
    for match in _DIRECTIVE.finditer(fmt):
        literal = fmt[last : match.start()]
        if literal:
            parts.append("'" + literal.replace("'", "''") + "'")
        parts.append(_STRFTIME_TO_CLDR.get(match.group(0), ""))
        last = match.end()
    if fmt[last:]:
        parts.append("'" + fmt[last:].replace("'", "''") + "'")
    pattern = "".join(parts)
    if language == "de":
        pattern = re.sub(r"(?<![dM])(d{1,2})' 'M", r"\1'. 'M", pattern)
        pattern = pattern.replace("EEEE' '", "EEEE', '")
        if pattern == "d":  # the first day of a range: "13.–14. Juli"
            pattern = "d'.'"
    if language == "es":  # "martes 13 de julio de 2021"
        pattern = pattern.replace("d' 'MMMM", "d' de 'MMMM").replace("MMMM' 'y", "MMMM' de 'y")
    return pattern


def _locale() -> Locale:
    return get_locale() or Locale.parse("en")


def shown_zone(zone: str | Event = "UTC") -> str:
    """The zone times are shown in: the viewer's when they asked for it, for event times."""
    if isinstance(zone, Event):
        return viewer_zone() or zone.timezone
    return zone


def local_dt(instant: datetime | None, zone: str | Event = "UTC", fmt: str = "%d %b %Y %H:%M") -> str:
    """Format an instant in a time zone (an IANA name, or an event's: then the viewer's
    zone if they asked for it), month and day names in the page's language."""
    if instant is None:
        return ""
    local = instant.astimezone(ZoneInfo(shown_zone(zone)))
    locale = _locale()
    return format_datetime(local, cldr_pattern(fmt, locale.language), tzinfo=local.tzinfo, locale=locale)


def local_date(day: date | datetime | None, fmt: str = "%-d %b %Y") -> str:
    """Format a calendar day with localised month and day names."""
    if day is None:
        return ""
    locale = _locale()
    return format_date(day, cldr_pattern(fmt, locale.language), locale=locale)


def event_dates(event: Event) -> str:
    """'13–14 Jul 2021' style date range in the event's zone (or the viewer's)."""
    zone = ZoneInfo(shown_zone(event))
    start, end = event.start_at.astimezone(zone).date(), event.end_at.astimezone(zone).date()
    if start == end:
        return local_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{local_date(start, '%-d')}–{local_date(end)}"
    if start.year == end.year:
        return f"{local_date(start, '%-d %b')} – {local_date(end)}"
    return f"{local_date(start)} – {local_date(end)}"


def number(value: float | int | None) -> str:
    """A number written the page language's way (1,234.5 / 1.234,5)."""
    return "" if value is None else format_decimal(value, locale=_locale())


def word_list(items: Iterable[object]) -> str:
    """ "A, B and C" / "A, B y C" / "A, B und C"."""
    values = [str(item) for item in items]
    return format_list(values, locale=_locale()) if values else ""


def label(value: object) -> str:
    """Human label of a LabelledEnum member in the page's language (or the value itself)."""
    if hasattr(value, "translated_label"):
        return value.translated_label
    return getattr(value, "label", str(value) if value is not None else "")


SITE_HEADER = "partials/site_header.html"


@pass_context
def anonymous_site_header(context: Context) -> Markup:
    """The site header of an anonymous visitor's page, rendered once per process for
    each address (its language links lead back there), language and set of plugin
    links, and kept (``caching.render``): it is the same for every anonymous visitor,
    and rendering its links and labels costs a fifth of a small page."""
    links = tuple((str(link.label), link.url) for link in context["plugin_nav_links"])
    address = (request.script_root, request.full_path)
    key = ("site header", current_language(), *address, context["site_name"], links)
    template = context.environment.get_template(SITE_HEADER)
    return Markup(cached(key, lambda: template.render(context.get_all())))


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        local_dt=local_dt,
        local_date=local_date,
        event_dates=event_dates,
        shown_zone=shown_zone,
        number=number,
        word_list=word_list,
        country_name=country_name,
        label=label,
        markdown=rich_text.to_html,
    )

    app.jinja_env.globals["anonymous_site_header"] = anonymous_site_header

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
