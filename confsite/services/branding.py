"""Branding of events and series (logo, banner, accent colour) and speaker photos.

The accent colour is the background of the event page's header band, the e-mails'
heading bar and the booklet's cover, always under white text, and the colour of
headings on white paper; it must therefore reach the WCAG AA contrast of 4.5:1 against
white. (Against white *or* black would refuse nothing: every colour reaches 4.5:1 with
one of the two.) An event without its own logo, banner or colour shows its series'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Person, Series
from confsite.services.changes import touch_event
from confsite.services.colours import accent_problem
from confsite.services.images import ImageError, ImageKind, store_image
from confsite.services.people import events_using_person
from confsite.services.transaction import committing


class BrandingError(ValueError):
    """Bad branding input, with the form field it belongs to."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def normalised_accent(colour: str | None) -> str | None:
    """``colour`` lower-cased and checked, or None when empty; raises BrandingError."""
    colour = (colour or "").strip().lower()
    if not colour:
        return None
    problem = accent_problem(colour)
    if problem:
        raise BrandingError(problem, "accent_colour")
    return colour


@dataclass(frozen=True)
class Branding:
    """What an event's pages, e-mails and booklet show (stored image names)."""

    logo: str | None = None
    banner: str | None = None
    accent_colour: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.logo or self.banner or self.accent_colour)


def branding_of(event: Event) -> Branding:
    """The event's own branding, each part falling back to its series'."""
    series = event.series
    return Branding(
        logo=event.logo or (series.logo if series else None),
        banner=event.banner or (series.banner if series else None),
        accent_colour=event.accent_colour or (series.accent_colour if series else None),
    )


def _image(upload: IO[bytes] | None, kind: ImageKind, field: str) -> str | None:
    if upload is None:
        return None
    try:
        return store_image(upload.read(), kind)
    except ImageError as exc:
        raise BrandingError(str(exc), field) from exc


def update_branding(
    owner: Event | Series,
    *,
    accent_colour: str | None,
    logo: IO[bytes] | None = None,
    banner: IO[bytes] | None = None,
    remove_logo: bool = False,
    remove_banner: bool = False,
) -> None:
    """Set an event's or series' branding; every problem is raised before anything is
    written (BrandingError with its field). A series' change shows on all its events."""
    colour = normalised_accent(accent_colour)
    new_logo = _image(logo, ImageKind.LOGO, "logo")
    new_banner = _image(banner, ImageKind.BANNER, "banner")
    with committing():
        owner.accent_colour = colour
        if new_logo or remove_logo:
            owner.logo = new_logo
        if new_banner or remove_banner:
            owner.banner = new_banner
        for event in owner.events if isinstance(owner, Series) else [owner]:
            touch_event(event)


def set_person_photo(person: Person, upload: IO[bytes] | None, *, remove: bool = False) -> None:
    """Upload (or remove) a speaker's photo; the events showing them are marked changed."""
    name = _image(upload, ImageKind.PHOTO, "photo")
    if not (name or remove):
        return
    with committing():
        person.photo = name
        used = events_using_person(person)
        if used:
            for event in db.session.scalars(sa.select(Event).where(Event.id.in_(used))):
                touch_event(event)
