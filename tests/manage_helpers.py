"""Support for the organiser-workspace tests.

``registration.register`` e-mails a link to the guest's own registration page
(``public.manage_registration``), which the registration UI work provides. Until that
page is on the same branch, :func:`ensure_guest_page_route` stands in for its URL so
registration e-mails can be built; once the real route exists it does nothing.
"""

from __future__ import annotations

from flask import Flask

GUEST_ENDPOINT = "public.manage_registration"


def ensure_guest_page_route(app: Flask) -> None:
    if GUEST_ENDPOINT not in app.view_functions:
        app.add_url_rule(
            "/events/<slug>/registration/<token>",
            endpoint=GUEST_ENDPOINT,
            view_func=lambda slug, token: ("", 404),
        )


def session_form(**overrides: str) -> dict[str, str]:
    """The session form's fields as an organiser fills them in (a talks session on
    13 July 2031, 10:00–11:30, no room or chair), with ``overrides``."""
    return {
        "title": "Session I",
        "kind": "talks",
        "status": "scheduled",
        "day": "2031-07-13",
        "start": "10:00",
        "end": "11:30",
        "room": "0",
        "chairs": "",
        "description": "",
        **overrides,
    }
