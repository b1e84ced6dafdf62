"""The organiser workspace (/manage/): events, programmes, people, registrations, files.

Every route needs a signed-in user (checked once for the whole blueprint) and then
checks the right to the event or series it touches through
``confsite.services.permissions``; pages of events a user does not organise answer 404.
"""

from confsite.views.manage import (  # noqa: F401  (routes register on import)
    branding,
    certificates,
    events,
    files,
    markdown_preview,
    messages,
    people,
    picker,
    programme,
    registrations,
    roles,
    session_moves,
    webhooks,
)
from confsite.views.manage.blueprint import bp

__all__ = ["bp"]
