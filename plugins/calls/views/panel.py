"""The calls panel of event and series pages: the published calls and surveys, the
best-practice catalogue and matchmaking.

Anonymous visitors get it from memory while the calls, meeting slots and profiles are
unchanged (``kept_for_anonymous``); most events have no call, and asking costs two
queries per visit. It is the same for every visitor, but a call opening or closing
changes it with no write at all: what is kept says when that next happens, and is not
used from then on.
"""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from markupsafe import Markup

from confsite.api import Event, PageContext, Panel, Series, kept_for_anonymous, utcnow

from .. import matchmaking, services
from ..i18n import _
from ..models import PANEL_TABLES, CallKind

PLUGIN = "calls"


def panels_for(page: PageContext) -> list[Panel] | None:
    if page.kind not in ("event", "series"):
        return None
    event, series = (page.event, None) if page.kind == "event" else (None, page.series)
    if event is None and series is None:
        return None
    panels, changes_at = kept_for_anonymous(page, PLUGIN, PANEL_TABLES, lambda: _built(event, series))
    if changes_at is not None and utcnow() >= changes_at:
        panels = _built(event, series)[0]  # a call has opened or closed since it was kept
    return panels


def _built(event: Event | None, series: Series | None) -> tuple[list[Panel] | None, datetime | None]:
    """The panel, and when it next changes by itself (a call opening or closing)."""
    calls = services.public_calls(event, series)
    has_profiles = event is not None and matchmaking.in_use(event)
    if not calls and not has_profiles:
        return None, None
    if event is not None:
        args = {"event_slug": event.slug}
    else:
        assert series is not None, "panels_for checked it"
        args = {"series_slug": series.slug}
    html = render_template(
        "calls/panel.html",
        calls=calls,
        args=args,
        event=event,
        has_catalogue=any(c.kind == CallKind.BEST_PRACTICE for c in calls),
        has_matchmaking=has_profiles,
    )
    now = utcnow()
    changes_at = min((t for c in calls for t in (c.opens_at, c.closes_at) if t > now), default=None)
    return [Panel(title=_("Calls, surveys and matchmaking"), html=Markup(html), order=60)], changes_at
