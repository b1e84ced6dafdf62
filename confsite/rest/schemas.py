"""Marshmallow schemas of the REST API: they validate requests, shape responses and
generate the OpenAPI document, so the three never disagree.

Checks that forms share (slugs, time zones, periods, capacity) come from
``confsite.services`` so the API refuses exactly what the forms refuse, naming the field.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma
from flask import url_for
from marshmallow import validate

from confsite.countries import normalise_country
from confsite.models import EventFormat, EventKind, EventStatus, SessionKind, SessionStatus
from confsite.services import events as event_service
from confsite.services.validation import timezone_problem


def _no_nul(value: str) -> None:
    """Text a database can store: no NUL character, no lone UTF-16 surrogate."""
    if "\x00" in value:
        raise ma.ValidationError("NUL characters are not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ma.ValidationError("The text is not valid Unicode.") from None


class Text(ma.fields.String):
    """A string without NUL characters, of at most ``max_length`` characters."""

    def __init__(self, max_length: int | None = None, *, min_length: int = 0, **kwargs: Any) -> None:
        validators = [_no_nul, *([validate.Length(min=min_length, max=max_length)] if max_length else [])]
        kwargs["metadata"] = {"pattern": "^[^\\x00]*$", **kwargs.get("metadata", {})}
        super().__init__(validate=validators, **kwargs)


class Instant(ma.fields.DateTime):
    """An ISO 8601 date-time in the years 1000 to 8999 (far from the calendar's ends, where
    time-zone arithmetic overflows). Without an offset it is read in the event's own time
    zone (see :func:`as_utc`)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if not 1000 <= parsed.year < 9000:
            raise ma.ValidationError("Give a date in the years 1000 to 8999.")
        return parsed


def as_utc(value: datetime | None, zone: str) -> datetime | None:
    """An aware UTC instant from an API date-time (naive = the event's wall clock)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


def _choices(enum: type) -> validate.OneOf:
    return validate.OneOf([m.value for m in enum])


class StrictSchema(ma.Schema):
    """Unknown fields are refused, so a typo never passes silently."""

    class Meta:
        unknown = ma.RAISE


# --- responses -----------------------------------------------------------------------------


class SeriesSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)


class RoomSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class PersonSchema(ma.Schema):
    """A person as programmes show them (no e-mail address)."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    position = ma.fields.String(required=True)
    organisation = ma.fields.Function(lambda p: p.affiliation, required=True)
    country = ma.fields.String(allow_none=True, required=True)
    bio = ma.fields.String(required=True)


class SpeakerRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class TalkSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    uid = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    summary = ma.fields.String(required=True)
    speakers = ma.fields.List(ma.fields.Nested(SpeakerRefSchema), required=True)


class SessionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    uid = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    kind = ma.fields.Function(lambda s: s.kind.value, required=True)
    status = ma.fields.Function(lambda s: s.status.value, required=True)
    start = ma.fields.AwareDateTime(attribute="start_at", required=True)
    end = ma.fields.AwareDateTime(attribute="end_at", required=True)
    room = ma.fields.Function(lambda s: s.room.name if s.room else None, allow_none=True, required=True)
    description = ma.fields.String(required=True)
    sequence = ma.fields.Integer(required=True, metadata={"description": "iCal SEQUENCE"})
    chairs = ma.fields.List(ma.fields.Nested(SpeakerRefSchema), required=True)
    talks = ma.fields.List(ma.fields.Nested(TalkSchema), required=True)


class EventSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    kind = ma.fields.Function(lambda e: e.kind.value, required=True)
    format = ma.fields.Function(lambda e: e.format.value, required=True)
    status = ma.fields.Function(lambda e: e.status.value, required=True)
    timezone = ma.fields.String(required=True)
    start = ma.fields.AwareDateTime(attribute="start_at", required=True)
    end = ma.fields.AwareDateTime(attribute="end_at", required=True)
    venue = ma.fields.String(required=True)
    online_url = ma.fields.String(allow_none=True, required=True)
    description = ma.fields.String(required=True)
    capacity = ma.fields.Integer(allow_none=True, required=True)
    series = ma.fields.Function(lambda e: e.series.slug if e.series else None, allow_none=True, required=True)
    updated = ma.fields.AwareDateTime(attribute="content_changed_at", required=True)
    links = ma.fields.Method("_links", required=True)

    def _links(self, event: Any) -> dict[str, str]:
        return {
            "page": url_for("public.event", slug=event.slug, _external=True),
            "ics": url_for("calendar.event_ics", slug=event.slug, _external=True),
        }


class PageMixin(ma.Schema):
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)


class EventPageSchema(PageMixin):
    items = ma.fields.List(ma.fields.Nested(EventSchema), required=True)


class SeriesPageSchema(PageMixin):
    items = ma.fields.List(ma.fields.Nested(SeriesSchema), required=True)


class ChangeSchema(ma.Schema):
    at = ma.fields.AwareDateTime(required=True)
    field = ma.fields.String(required=True)
    session_uid = ma.fields.String(required=True)
    before = ma.fields.String(required=True)
    after = ma.fields.String(required=True)
    by = ma.fields.Function(lambda c: c.user.name if c.user else "system", required=True)


# --- query arguments -------------------------------------------------------------------------


class PageArgs(StrictSchema):
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class EventFilterArgs(PageArgs):
    series = Text(80, metadata={"description": "Only events of this series (its slug)"})
    status = ma.fields.String(validate=_choices(EventStatus))
    starts_after = ma.fields.Date(
        data_key="from", metadata={"description": "Only events ending on or after this day"}
    )
    ends_before = ma.fields.Date(
        data_key="to", metadata={"description": "Only events starting on or before this day"}
    )

    @ma.validates_schema
    def _dates_in_range(self, data: dict, **_: Any) -> None:
        for key, name in (("starts_after", "from"), ("ends_before", "to")):
            if key in data and not 1000 <= data[key].year < 9000:
                raise ma.ValidationError("Give a date in the years 1000 to 8999.", name)


# --- request bodies --------------------------------------------------------------------------


class EventInput(StrictSchema):
    slug = Text(80, required=True, metadata={"description": "Lower-case letters, digits, single hyphens"})
    title = Text(200, min_length=1, required=True)
    kind = ma.fields.String(required=True, validate=_choices(EventKind))
    format = ma.fields.String(required=True, validate=_choices(EventFormat))
    timezone = Text(64, required=True, metadata={"description": "IANA name, e.g. Europe/Madrid"})
    start = Instant(required=True)
    end = Instant(required=True)
    series = Text(80, allow_none=True, metadata={"description": "Slug of the series"})
    venue = Text(300, load_default="")
    online_url = ma.fields.Url(allow_none=True, validate=[_no_nul, validate.Length(max=500)])
    description = Text(20_000, load_default="")
    capacity = ma.fields.Integer(allow_none=True, validate=validate.Range(min=0, max=1_000_000))
    registration_opens = Instant(allow_none=True)
    registration_closes = Instant(allow_none=True)

    @ma.validates_schema
    def _same_rules_as_the_form(self, data: dict, **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        problem = event_service.slug_problem(data.get("slug", ""))
        if problem:
            errors["slug"] = [problem]
        tz_problem = timezone_problem(data.get("timezone"))
        if tz_problem:
            errors["timezone"] = [tz_problem]
        elif data.get("end") and data.get("start"):
            zone = data["timezone"]
            if as_utc(data["end"], zone) <= as_utc(data["start"], zone):
                errors["end"] = ["The event must end after it starts."]
            opens, closes = data.get("registration_opens"), data.get("registration_closes")
            if opens and closes and as_utc(closes, zone) <= as_utc(opens, zone):
                errors["registration_closes"] = ["Registration must close after it opens."]
        if errors:
            raise ma.ValidationError(errors)


class EventPatch(StrictSchema):
    title = Text(200, min_length=1)
    venue = Text(300)
    online_url = ma.fields.Url(allow_none=True, validate=[_no_nul, validate.Length(max=500)])
    description = Text(20_000)
    start = Instant()
    end = Instant()


class PersonInput(StrictSchema):
    name = Text(200, min_length=1, required=True)
    position = Text(200, load_default="")
    organisation = Text(200, allow_none=True, metadata={"description": "Name of an existing organisation"})
    country = Text(60, allow_none=True, metadata={"description": "ISO 3166 code or English name"})
    bio = Text(20_000, load_default="")

    @ma.validates("country")
    def _known_country(self, value: str | None, **_: Any) -> None:
        if value and normalise_country(value) is None:
            raise ma.ValidationError(f"Unknown country {value!r}: use an ISO code such as ES.")

    @ma.validates("name")
    def _not_blank(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ma.ValidationError("A person needs a name.")


class RoomInput(StrictSchema):
    name = Text(120, min_length=1, required=True)

    @ma.validates("name")
    def _not_blank(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ma.ValidationError("A room needs a name.")


class SessionInput(StrictSchema):
    title = Text(300, min_length=1, required=True)
    kind = ma.fields.String(load_default=SessionKind.TALKS.value, validate=_choices(SessionKind))
    status = ma.fields.String(load_default=SessionStatus.SCHEDULED.value, validate=_choices(SessionStatus))
    start = Instant(required=True)
    end = Instant(required=True)
    room = Text(120, allow_none=True, metadata={"description": "Name of one of the event's rooms"})
    description = Text(20_000, load_default="")
    chairs = ma.fields.List(
        ma.fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "Ids of people (see POST /people)"},
    )

    @ma.validates("title")
    def _not_blank(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ma.ValidationError("A session needs a title.")


class TalkInput(StrictSchema):
    title = Text(300, min_length=1, required=True)
    summary = Text(20_000, load_default="")
    speakers = ma.fields.List(
        ma.fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "Ids of people, in speaking order"},
    )

    @ma.validates("title")
    def _not_blank(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ma.ValidationError("A talk needs a title.")
