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
