"""Calendar feeds (iCal) and schedule exports for conference apps.

Each feed first computes its validator (one or two small queries), answers 304 when
the client's copy is current, and only otherwise loads the programme and renders it.
A public event's feeds take their validator from the event row held in memory and send
the body kept under its ETag (no query on PostgreSQL); the personal feed's validator is
kept while what it covers stands (``caching.personal_feeds``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from confsite.caching import event_memory, personal_feeds
from confsite.caching.compressed import accepts_gzip, encoded_etag, matching_etag, send, sends_gzip
from confsite.caching.render import cache_of
from confsite.i18n import _
from confsite.models import Event, EventStatus, Session, User
from confsite.services import frab, ical, personal_feed
from confsite.services.calendar_links import CalendarLinks, calendar_links
from confsite.services.feed_validators import (
    EVENT_FEED_KINDS,
    Validator,
    event_validator,
    is_not_modified,
    not_modified_response,
    series_validator,
    set_validator_headers,
)
from confsite.services.lookup import event_by_slug, series_by_slug
from confsite.services.permissions import can_view_event
from confsite.services.personal_feed import PersonalSelection
from confsite.services.urls import safe_next_url
from confsite.views.lookup import session_of_event_or_404
from confsite.views.visitor import signed_in_user

bp = Blueprint("calendar", __name__)

ICS_TYPE = "text/calendar; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


@bp.app_template_global("calendar_links")
def _calendar_links(event: Event, session: Session | None = None) -> CalendarLinks:
    return calendar_links(event, session)


@bp.app_template_global("personal_feed_url")
def _personal_feed_url(user: User, webcal: bool = False) -> str | None:
    return personal_feed.feed_url(user, webcal=webcal)


def _client_copy(etag: str, validator: Validator, gzipped: bool) -> tuple[bool, str]:
    """Whether the client's copy is current, and the ETag to send: on a 304 the tag the
    client holds (either encoding's), else that of the encoding it asked for."""
    if request.if_none_match:
        matched = matching_etag(request.if_none_match, etag, gzipped)
        if matched is not None:
            return True, matched
        return False, encoded_etag(etag, gzipped)
    return is_not_modified(request, etag, validator), encoded_etag(etag, gzipped)  # If-Modified-Since


def conditional_feed(
    kind: str,
    validator: Validator,
    render: Callable[[], bytes | str],
    *,
    content_type: str,
    filename: str,
    private: bool = False,
) -> Response:
    """A feed response with strong ETag and Last-Modified; ``render`` runs only when the
    client's copy is stale and no body is kept. The body is compressed once per ETag
    and sent in gzip to clients that accept it, under an ETag of its own
    (``caching.compressed``); a client holding either copy gets its 304."""
    etag = validator.etag(kind, request.host_url)
    gzipped = accepts_gzip(request)
    current, sent_etag = _client_copy(etag, validator, gzipped)
    if current:
        response: Response = not_modified_response()
    else:
        # Equal strong ETags mean equal bytes, so the ETag is a safe cache key.
        body = cache_of().packed(("feed", kind, etag), render)
        gzipped = sends_gzip(body, gzipped)  # not when the render cache is off
        sent_etag = encoded_etag(etag, gzipped)
        response = send(Response(content_type=content_type), body, gzipped)
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{secure_filename(filename) or "calendar"}"'
        )
    set_validator_headers(response, sent_etag, validator, private=private)
    response.vary.add("Accept-Encoding")
    return response


def _event_or_404(slug: str) -> Event:
    """The event; the visitor matters only for a draft (a public event's feed is the
    same for everyone, so loading the visitor would be wasted on it)."""
    event = event_by_slug(slug)
    if event is None or (event.status == EventStatus.DRAFT and not can_view_event(signed_in_user(), event)):
        abort(404)
    return event


def event_feed(
    slug: str, render: Callable[[Event], bytes | str], *, content_type: str, filename: str
) -> Response:
    """One of the event feeds of ``EVENT_FEED_KINDS`` (the request's endpoint).

    A public event's current copy (its body kept under its ETag, or a 304) is answered
    from the event row held in memory; otherwise the event is loaded and the feed
    rendered as any other."""
    kind = EVENT_FEED_KINDS[str(request.endpoint)]
    snapshot = event_memory.of(current_app).event(slug)
    if snapshot is not None and snapshot.status != EventStatus.DRAFT:
        validator = event_validator(snapshot)
        etag = validator.etag(kind, request.host_url)
        kept = cache_of().peek_packed(("feed", kind, etag))
        if kept is not None or _client_copy(etag, validator, accepts_gzip(request))[0]:
            # Should the body be dropped meanwhile, it is inflated again; a 304 renders nothing.
            return conditional_feed(
                kind,
                validator,
                lambda: kept.unpack() if kept is not None else render(_event_or_404(slug)),
                content_type=content_type,
                filename=filename,
            )
    event = _event_or_404(slug)
    return conditional_feed(
        kind,
        event_validator(event),
        lambda: render(event),
        content_type=content_type,
        filename=filename,
        private=event.status == EventStatus.DRAFT,
    )


@bp.get("/events/<slug>/calendar.ics")
def event_ics(slug: str) -> Response:
    return event_feed(
        slug,
        ical.event_calendar,
        content_type=ICS_TYPE,
        filename=f"{slug}.ics",
    )


@bp.get("/events/<slug>/sessions/<int:session_id>/calendar.ics")
def session_ics(slug: str, session_id: int) -> Response:
    event = _event_or_404(slug)
    session = session_of_event_or_404(event, session_id)
    return conditional_feed(
        f"session.ics:{session.id}",
        event_validator(event),
        lambda: ical.session_calendar(event, session),
        content_type=ICS_TYPE,
        filename=f"{event.slug}-session-{session.id}.ics",
        private=event.status == EventStatus.DRAFT,
    )


@bp.get("/series/<slug>/calendar.ics")
def series_ics(slug: str) -> Response:
    series = series_by_slug(slug)
    if series is None:
        abort(404)
    return conditional_feed(
        "series.ics",
        series_validator(series),
        lambda: ical.series_calendar(series),
        content_type=ICS_TYPE,
        filename=f"{series.slug}.ics",
    )


@bp.get("/calendar/<token>.ics")
def personal_ics(token: str) -> Response:
    """The personal feed; unknown, revoked and malformed tokens all answer the same 404."""

    @cache
    def owner() -> tuple[User, PersonalSelection]:  # loaded only when the feed must be worked out
        user = personal_feed.user_by_token(token)
        if user is None:
            abort(404)
        return user, personal_feed.personal_selection(user)

    return conditional_feed(
        "personal.ics",
        personal_feeds.personal_validator(token, lambda: personal_feed.personal_validator(*owner())),
        lambda: personal_feed.personal_calendar(*owner()),
        content_type=ICS_TYPE,
        filename="my-agenda.ics",
        private=True,
    )


@bp.get("/events/<slug>/schedule.xml")
def schedule_xml(slug: str) -> Response:
    return event_feed(
        slug,
        lambda event: frab.schedule_xml(event, ical.stream_feed_sessions(Session.event_id == event.id)),
        content_type=XML_TYPE,
        filename=f"{slug}-schedule.xml",
    )


@bp.get("/events/<slug>/schedule.json")
def schedule_json(slug: str) -> Response:
    return event_feed(
        slug,
        lambda event: frab.schedule_json(event, ical.stream_feed_sessions(Session.event_id == event.id)),
        content_type=JSON_TYPE,
        filename=f"{slug}-schedule.json",
    )


# -- the personal feed's token -------------------------------------------------


@bp.get("/me/calendar-feed", endpoint="personal_feed")
@login_required
def personal_feed_page() -> str:
    """Create, replace or switch off the personal feed's secret address."""
    return render_template("calendar/personal_feed.html")


@bp.post("/me/calendar-feed")
@login_required
def regenerate_personal_feed() -> ResponseReturnValue:
    """Create the feed URL, or replace it (the previous URL then answers 404)."""
    had_one = bool(current_user.calendar_token)
    personal_feed.regenerate_token(current_user)
    flash(
        "Your calendar feed has a new address; the old one no longer works. "
        "Subscribe again with the new address."
        if had_one
        else "Your personal calendar feed is ready.",
        "success",
    )
    return redirect(safe_next_url(request.form.get("next")) or url_for("calendar.personal_feed"))


@bp.post("/me/calendar-feed/revoke")
@login_required
def revoke_personal_feed() -> ResponseReturnValue:
    personal_feed.revoke_token(current_user)
    flash(_("Your calendar feed is switched off; its address no longer works."), "success")
    return redirect(safe_next_url(request.form.get("next")) or url_for("calendar.personal_feed"))
