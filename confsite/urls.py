"""Stable URL builders for the core's public pages.

Plugins (and their templates) link to core pages through these instead of the core's
endpoint names (``public.session``...), which may change between versions. Each is a
Jinja global too: ``{{ session_url(session) }}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, url_for

if TYPE_CHECKING:
    from confsite.models import Event, Person, Series, Session


def event_url(event: Event, *, external: bool = False) -> str:
    """The public page of ``event``."""
    return url_for("public.event", slug=event.slug, _external=external)


def session_url(session: Session, *, external: bool = False, anchor: str | None = None) -> str:
    """The public page of ``session`` (``anchor`` e.g. ``"talk-12"`` jumps to a talk)."""
    return url_for(
        "public.session",
        slug=session.event.slug,
        session_id=session.id,
        _external=external,
        _anchor=anchor,
    )


def speaker_url(person: Person, event: Event, *, external: bool = False) -> str:
    """The page of ``person`` as a speaker or chair of ``event``."""
    return url_for("public.speaker", slug=event.slug, person_id=person.id, _external=external)


def series_url(series: Series, *, external: bool = False) -> str:
    """The public page of ``series``."""
    return url_for("public.series", slug=series.slug, _external=external)


def login_url(next_url: str | None = None) -> str:
    """The log-in page, coming back to ``next_url`` (a path of this site) afterwards."""
    return url_for("auth.login", next=next_url) if next_url else url_for("auth.login")


BUILDERS = {
    "event_url": event_url,
    "session_url": session_url,
    "speaker_url": speaker_url,
    "series_url": series_url,
    "login_url": login_url,
}


def init_app(app: Flask) -> None:
    """Make the builders Jinja globals, for core and plugin templates alike."""
    app.jinja_env.globals.update(BUILDERS)
