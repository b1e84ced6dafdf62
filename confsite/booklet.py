"""Core plugin: the printable programme booklet (PDF, A4 and A5).

Offered as two ``Exporter``s, so it is served like every other export
(``/events/<slug>/export/booklet-a4``) with the event's ETag, and listed wherever an
event's exports are. The booklet shows only the event's public content (branding,
agenda, speakers with photos and bios), written in the event's own language and time
zone, so one PDF per event content version (``Event.content_changed_at``, moved by
every change of the programme, its people, their photos or the branding) serves every
visitor: it is kept in the render cache under that version.
"""

from __future__ import annotations

import base64
from functools import partial

from confsite import hookimpl
from confsite.caching import render as render_cache
from confsite.documents import render_pdf
from confsite.hooktypes import Exporter
from confsite.i18n import in_language
from confsite.models import Event
from confsite.services import agenda
from confsite.services.branding import branding_of
from confsite.services.colours import WHITE
from confsite.services.images import content_type, image_bytes

PAGE_SIZES = ("A4", "A5")
DEFAULT_ACCENT = "#1f4e79"


def image_data_uri(name: str | None) -> str | None:
    """A stored image as a data URI (WeasyPrint then needs no file or network access)."""
    data = image_bytes(name)
    if data is None or name is None:
        return None
    return f"data:{content_type(name)};base64,{base64.b64encode(data).decode('ascii')}"


def booklet_pdf(event: Event, page_size: str) -> bytes:
    """The booklet of ``event`` on ``page_size`` paper (one of :data:`PAGE_SIZES`)."""
    if page_size not in PAGE_SIZES:
        raise ValueError(page_size)
    key = ("booklet", event.id, event.content_changed_at.isoformat(), page_size)
    return render_cache.cached(key, lambda: _render(event, page_size))


def _render(event: Event, page_size: str) -> bytes:
    sessions = agenda.load_sessions(event)
    people = agenda.event_people(event)
    branding = branding_of(event)
    with in_language(event.report_language):
        return render_pdf(
            "booklet",
            event=event,
            page_size=page_size,
            days=agenda.agenda_days(event, sessions),
            people=people,
            photos={p.id: image_data_uri(p.photo) for p in people if p.photo},
            logo=image_data_uri(branding.logo),
            banner=image_data_uri(branding.banner),
            accent=branding.accent_colour or DEFAULT_ACCENT,
            on_accent=WHITE,
        )


def _booklet_for_size(event: Event, size: str) -> bytes:
    return booklet_pdf(event, size)


@hookimpl
def export_formats() -> list[Exporter]:
    return [
        Exporter(
            f"booklet-{size.lower()}",
            f"Programme booklet ({size} PDF)",
            "application/pdf",
            "pdf",
            partial(_booklet_for_size, size=size),
            follows_event_content=True,
        )
        for size in PAGE_SIZES
    ]
