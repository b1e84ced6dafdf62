"""Public pages put together from fragments rendered once per version of what they show.

A fragment (the agenda's programme, what a session or speaker page shows of the
programme, an event's description and links) is kept UTF-8 encoded in the render cache
(``caching.render``) under the version of the data it shows, and put into each page
after the page is rendered, in place of a marker.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Hashable
from itertools import islice
from typing import Any

from flask import current_app, render_template, request
from markupsafe import Markup

from confsite.hooktypes import PageContext
from confsite.i18n import rendering_variant
from confsite.models import Event
from confsite.plugins import host


def page_html(template: str, page: PageContext, **context: Any) -> bytes:
    """A public page with its plugin panels, UTF-8 encoded. Fragments from the render
    cache (:class:`Fragment` values, kept encoded) are put in after rendering, in place
    of a marker: Jinja would copy them several times over (escaping and joining a
    ``Markup`` the size of the agenda, 490 KB with non-ASCII characters, takes about
    1 ms per request), and encoding the whole page again for the response another."""
    fragments = {name: value.html for name, value in context.items() if isinstance(value, Fragment)}
    context.update((name, Markup(_marker(name))) for name in fragments)
    html = render_template(template, panels=host().panels(page), **context).encode()
    for name, body in fragments.items():
        html = html.replace(_marker(name).encode(), body)
    return html


# Where a fragment goes in a rendered page: unguessable, so that no text on the page
# (escaped, or sanitised HTML without comments) can contain it.
_MARKER_TOKEN = secrets.token_hex(16)


def _marker(name: str) -> str:
    return f"<!--{name}:{_MARKER_TOKEN}-->"


class Fragment:
    """Trusted HTML from the render cache (UTF-8), to be put into a page as it is (see
    :func:`page_html`)."""

    __slots__ = ("html",)

    def __init__(self, html: bytes) -> None:
        self.html = html


def fragment(template: str, **context: Any) -> bytes:
    """Render a cacheable part of a page, UTF-8 encoded as the page will be sent.
    Without Flask's context processors: the visitor (current_user, navigation) is not
    in scope, so nothing visitor-specific can slip into a fragment shared by everyone."""
    return current_app.jinja_env.get_template(template).render(**context).encode()


def streamed_fragment(template: str, **context: Any) -> bytes:
    """:func:`fragment` for a large one, in less memory. ``render`` holds every piece of
    the output in one list before joining them (tens of MB for the 5 MB agenda of 6,000
    sessions), and ``io.StringIO`` copies its text when asked for it. Here the pieces are
    joined a run at a time and kept UTF-8 encoded (half the size of the text: a single
    "–" makes Python keep a string two bytes a character)."""
    pieces = current_app.jinja_env.get_template(template).generate(**context)
    out = io.BytesIO()
    while run := list(islice(pieces, _PIECES_PER_RUN)):
        out.write("".join(run).encode())
    return out.getvalue()


_PIECES_PER_RUN = 2000


def fragment_key(kind: str, event: Event, *parts: Hashable) -> tuple:
    """Where a fragment of ``event``'s pages is kept: the event's content version
    (moved by every change to its sessions, talks, rooms and people), the page's
    language and the zone times are shown in, and what names the fragment."""
    return (
        kind,
        *rendering_variant(),
        request.script_root,
        event.id,
        event.slug,
        event.timezone,
        event.content_changed_at.isoformat(),
        *parts,
    )
