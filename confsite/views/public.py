"""Public pages: home, series, event agenda, sessions, speakers, and registering."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import (
    session as cookie,
)
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from confsite.caching import anonymous_event_page, anonymous_site_page, cached, remember_view
from confsite.extensions import db
from confsite.hooktypes import PageContext, Question
from confsite.i18n import _
from confsite.models import (
    Event,
    EventKind,
    EventStatus,
    Person,
    Registration,
    RegistrationStatus,
    Series,
    Session,
    Star,
    User,
    utcnow,
)
from confsite.plugins import host
from confsite.services import (
    agenda,
    agenda_grid,
    branding,
    certificates,
    images,
    join_links,
    now_next,
    session_reader,
)
from confsite.services import registration as registrations
from confsite.services.lookup import series_by_slug
from confsite.services.registration_questions import AnswersInvalid, clean_answers, questions_for
from confsite.views.attendee_forms import RegistrationForm, with_questions
from confsite.views.downloads import pdf_download
from confsite.views.lookup import visible_event_or_404
from confsite.views.page_fragments import Fragment, fragment, fragment_key, page_html, streamed_fragment
from confsite.views.visitor import signed_in_user

bp = Blueprint("public", __name__)

JUST_REGISTERED = "just_registered"  # session key: the guest registration to show after POST


def _viewed(page: PageContext) -> None:
    remember_view(page)  # told again when the page cache answers an anonymous visit
    host().call(
        "page_viewed", event=page.event, series=page.series if page.event is None else None, page=page
    )


def _render_page(template: str, page: PageContext, **context: Any) -> bytes:
    """Render a public page with its plugin panels, then tell plugins it was viewed."""
    html = page_html(template, page, **context)
    _viewed(page)
    return html


@bp.get("/")
@anonymous_site_page(on_hit=_viewed)
def home() -> str:
    """Upcoming and past events, optionally narrowed to one series and one kind."""
    query = (
        sa.select(Event)
        .where(Event.status != EventStatus.DRAFT)
        .options(selectinload(Event.series))
        .order_by(Event.start_at)
    )
    kind = request.args.get("kind", "")
    if kind:
        if kind not in {k.value for k in EventKind}:
            abort(400, _("There is no kind of event called “%(value)s”.", value=kind[:40]))
        query = query.where(Event.kind == EventKind(kind))
    series_slug = request.args.get("series", "")
    if series_slug:
        chosen = series_by_slug(series_slug)
        if chosen is None:
            abort(400, _("There is no series called “%(value)s”.", value=series_slug[:80]))
        query = query.where(Event.series_id == chosen.id)
    events = db.session.scalars(query).all()
    now = utcnow()
    upcoming = [e for e in events if e.end_at >= now]
    past = sorted((e for e in events if e.end_at < now), key=lambda e: e.start_at, reverse=True)
    all_series = db.session.scalars(
        sa.select(Series)
        .where(Series.id.in_(sa.select(Event.series_id).where(Event.status != EventStatus.DRAFT)))
        .order_by(Series.title)
    ).all()
    return render_template(
        "public/home.html",
        upcoming=upcoming,
        past=past,
        all_series=all_series,
        kinds=EventKind.choices(),
        chosen_kind=kind,
        chosen_series=series_slug,
        open_for_registration={e.id for e in upcoming if registrations.closed_reason(e, now) is None},
    )


@bp.get("/series/<slug>/")
@anonymous_site_page(on_hit=_viewed)
def series(slug: str) -> bytes:
    found = series_by_slug(slug)
    if found is None:
        abort(404)
    events = [e for e in found.events if e.status != EventStatus.DRAFT]
    page = PageContext(kind="series", user=signed_in_user(), series=found)
    return _render_page("public/series.html", page, series=found, events=events)


def _day_filter(days: list[agenda.AgendaDay]) -> date | None:
    raw = request.args.get("day", "")
    if not raw:
        return None
    try:
        chosen = date.fromisoformat(raw[:10])
    except ValueError:
        abort(400, _("The day must be a date such as 2021-07-13."))
    if chosen not in {d.day for d in days}:
        abort(400, _("The programme has no sessions on %(isoformat)s.", isoformat=chosen.isoformat()))
    return chosen


def _track_filter(event: Event) -> int | None:
    raw = request.args.get("track", "")
    if not raw:
        return None
    if not raw.isdecimal() or int(raw) not in {room.id for room in event.rooms}:
        abort(400, _("There is no such track or room in this event."))
    return int(raw)


LAYOUTS = ("list", "grid")


def _layout_choice() -> str:
    """The agenda layout asked for: a list by day (the default) or a grid of rooms by time."""
    raw = request.args.get("view", "") or "list"
    if raw not in LAYOUTS:
        abort(400, _("The agenda can be shown as a list or as a grid."))
    return raw


def _programme(event: Event) -> bytes:
    """The agenda part of the event page (filters and sessions), for the filters asked.
    The filters and the days are chosen from light rows; the sessions shown are read a
    batch at a time while the fragment is rendered (``services/session_reader.py``)."""
    slots = session_reader.session_slots(event)
    all_days = agenda.agenda_days(event, slots)
    day, track = _day_filter(all_days), _track_filter(event)
    shown = [s for s in slots if track is None or s.room_id == track]
    days = [d for d in agenda.agenda_days(event, shown) if day is None or d.day == day]
    layout = _layout_choice()
    return streamed_fragment(
        "partials/agenda.html",
        event=event,
        days=agenda.shown_days(days) if layout == "list" else [],
        layout=layout,
        grid_days=agenda_grid.grid_days(event, days) if layout == "grid" else [],
        all_days=all_days,
        chosen_day=day,
        chosen_track=track,
        filtered=day is not None or track is not None,
    )


def _programme_key(event: Event) -> tuple:
    """What the programme fragment depends on: the event's content version and the
    filters. Only filters that passed validation are ever stored under a key."""
    day = request.args.get("day", "")[:10]
    track = request.args.get("track", "")
    return fragment_key(
        "agenda",
        event,
        day,
        int(track) if track.isdecimal() else track,
        request.args.get("view", "") or "list",
    )


@bp.get("/events/<slug>/")
@anonymous_event_page(on_hit=_viewed)
def event(slug: str) -> bytes:
    user = signed_in_user()
    found = visible_event_or_404(slug, user)
    page = PageContext(kind="event", user=user, event=found)
    # Rendering 600 sessions takes a second; their HTML only changes with the event's
    # content version, so it is rendered once per version.
    programme = Fragment(cached(_programme_key(found), lambda: _programme(found)))
    # Its description and calendar links show the event's own fields too (updated_at).
    key = fragment_key("event", found, found.updated_at.isoformat())
    description = cached((*key, "description"), lambda: fragment(EVENT_DESCRIPTION, event=found))
    links = cached((*key, "links"), lambda: fragment(EVENT_LINKS, event=found))
    mine = registrations.user_registration(found, user) if user else None
    now = utcnow()
    return _render_page(
        "public/event.html",
        page,
        event=found,
        programme=programme,
        description=Fragment(description),
        links=Fragment(links),
        is_over=found.end_at <= now,
        is_on=found.start_at <= now < found.end_at,
        capacity=registrations.capacity_status(found),
        closed_reason=registrations.closed_reason(found),
        mine=mine,
        my_position=registrations.waitlist_position(mine) if mine else None,
        join_url=join_links.join_url_for(mine),
        join_release_at=join_links.release_at(found),
    )


@bp.get("/events/<slug>/sessions/<int:session_id>")
@anonymous_event_page(on_hit=_viewed)
def session(slug: str, session_id: int) -> bytes:
    user = signed_in_user()
    item = agenda.visible_session(slug, session_id, user)
    if item is None:
        abort(404)
    found = item.event
    # What the session shows (room, chairs, talks, speakers) is rendered once per
    # version of the event: a visit loads only the session's row and its panels.
    key = fragment_key("session", found, item.id)
    heading = cached((*key, "heading"), lambda: fragment(SESSION_HEADING, event=found, session=item))
    calendar = cached(
        (*key, "calendar"), lambda: fragment(CALENDAR_LINKS, event=found, calendar_session=item)
    )
    details = cached((*key, "details"), lambda: _session_details(found, item))
    starred = user is not None and db.session.get(Star, (user.id, item.id)) is not None
    page = PageContext(kind="session", user=user, event=found, session=item)
    return _render_page(
        "public/session.html",
        page,
        event=found,
        session=item,
        heading=Fragment(heading),
        calendar=Fragment(calendar),
        details=Fragment(details),
        starred=starred,
    )


EVENT_DESCRIPTION = "partials/event_description.html"
EVENT_LINKS = "partials/event_links.html"
SESSION_HEADING = "partials/session_heading.html"
CALENDAR_LINKS = "partials/add_to_calendar.html"


def _session_details(event: Event, item: Session) -> bytes:
    agenda.load_session_details(item)
    return fragment("partials/session_details.html", event=event, session=item)


@bp.get("/events/<slug>/speakers/")
@anonymous_event_page(on_hit=_viewed)
def speakers(slug: str) -> str:
    found = visible_event_or_404(slug, signed_in_user())
    return render_template("public/speakers.html", event=found, people=agenda.speaker_lines(found))


@bp.get("/events/<slug>/speakers/<int:person_id>")
@anonymous_event_page(on_hit=_viewed)
def speaker(slug: str, person_id: int) -> bytes:
    user = signed_in_user()
    rows = agenda.visible_event_and_person(slug, person_id, user)
    if rows is None:
        abort(404)
    found, person = rows
    # Their talks and chairs, rendered once per version of the event; empty when they
    # neither speak nor chair there (a 404, kept like any other answer).
    profile = cached(fragment_key("speaker", found, person.id), lambda: _speaker_profile(found, person))
    if not profile:
        abort(404)
    page = PageContext(kind="speaker", user=user, event=found, person=person)
    return _render_page("public/speaker.html", page, event=found, person=person, profile=Fragment(profile))


def _speaker_profile(event: Event, person: Person) -> bytes:
    talks, chaired = agenda.person_in_event(event, person)
    if not talks and not chaired:
        return b""
    return fragment("partials/speaker_profile.html", event=event, person=person, talks=talks, chaired=chaired)


@bp.get("/events/<slug>/now")
def now_and_next(slug: str) -> str:
    """What is on in each room right now and what follows; the page reloads itself."""
    user = signed_in_user()
    found = visible_event_or_404(slug, user)
    state = now_next.now_and_next(found, agenda.load_sessions(found), utcnow())
    mine = registrations.user_registration(found, user) if user else None
    return render_template(
        "public/now.html", event=found, state=state, join_url=join_links.join_url_for(mine)
    )


# --- registering -----------------------------------------------------------------------


def _registration_form(user: User | None, questions: list[Question]) -> RegistrationForm:
    """The form with the plugins' questions, pre-filled for a signed-in user whose
    address is their account's."""
    form = with_questions(RegistrationForm, questions)()
    if user is not None:
        if request.method == "GET":
            form.name.data = form.name.data or user.display_name
        form.email.data = user.email
    return form


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
def register(slug: str) -> ResponseReturnValue:
    found = visible_event_or_404(slug, signed_in_user())
    user = signed_in_user()
    mine = registrations.user_registration(found, user) if user else None
    if mine is not None and mine.status != RegistrationStatus.CANCELLED:
        flash(_("You are already registered for %(title)s: see My agenda.", title=found.title), "info")
        return redirect(url_for("account.agenda"))
    reason = registrations.closed_reason(found)
    if reason:
        # Nothing is written; a POST is answered with a conflict, not a silent redirect.
        status = 409 if request.method == "POST" else 200
        return render_template("public/register.html", event=found, form=None, reason=reason), status
    questions = questions_for(found)
    form = _registration_form(user, questions)
    if form.validate_on_submit():
        try:
            answers = clean_answers(questions, {name: form[name].data for name in form.question_names})
        except AnswersInvalid as exc:
            return render_template("public/register.html", event=found, form=form, problem=str(exc))
        applicant = registrations.Applicant(
            name=form.name.data,
            email=form.email.data,
            organisation=form.organisation.data or "",
            country=form.country.data,
            sector=form.sector.data,
            consent=form.consent.data,
        )
        try:
            result, created = registrations.register(found, applicant, user=user, answers=answers)
        except registrations.RegistrationError as exc:
            return render_template("public/register.html", event=found, form=form, problem=str(exc))
        return _after_registering(found, result, created, user)
    # A form with mistakes is shown again with its messages (200, like every form here).
    return render_template("public/register.html", event=found, form=form)


def _after_registering(
    event: Event, result: Registration, created: bool, user: User | None
) -> ResponseReturnValue:
    if not created and user is None and cookie.get(JUST_REGISTERED) == result.id:
        # The same browser posting again (a double click, a retry after an error): show
        # their registration as it stands; nothing new is written or mailed.
        flash(_("You are already registered for %(title)s.", title=event.title), "info")
        return redirect(url_for("public.registered", slug=event.slug))
    if not created and (user is None or result.user_id != user.id):
        # Someone typed an address that is already registered: say nothing about that
        # registration here, e-mail its owner a fresh link instead.
        registrations.reissue_manage_link(result)
        flash(
            _(
                "This address is already registered for this event. We have e-mailed it a link "
                "to view or cancel that registration."
            ),
            "info",
        )
        return redirect(url_for("public.event", slug=event.slug))
    if user is not None:
        if result.status == RegistrationStatus.WAITLISTED:
            position = registrations.waitlist_position(result)
            flash(
                _(
                    "%(title)s is full: you are on the waiting list, position %(position)s.",
                    title=event.title,
                    position=position,
                ),
                "info",
            )
        else:
            flash(_("You are registered for %(title)s.", title=event.title), "success")
        return redirect(url_for("account.agenda"))
    cookie[JUST_REGISTERED] = result.id
    return redirect(url_for("public.registered", slug=event.slug))


@bp.get("/events/<slug>/register/done")
def registered(slug: str) -> ResponseReturnValue:
    """What a guest sees right after registering (the details live behind the e-mailed link)."""
    found = visible_event_or_404(slug, signed_in_user())
    result = db.session.get(Registration, cookie.get(JUST_REGISTERED) or 0)
    if result is None or result.event_id != found.id:
        return redirect(url_for("public.event", slug=found.slug))
    return render_template(
        "public/registered.html",
        event=found,
        registration=result,
        position=registrations.waitlist_position(result),
    )


def _registration_for_link(slug: str, token: str) -> tuple[Event, Registration]:
    found = visible_event_or_404(slug, signed_in_user())
    result = registrations.registration_by_token(found, token)
    if result is None:
        abort(
            404,
            _(
                "This link does not open any registration: it may be mistyped, or replaced "
                "by a newer link we e-mailed you."
            ),
        )
    return found, result


def keep_secret_url(response: Response) -> Response:
    """A page whose URL is a secret: never cached, never sent on as a Referer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/events/<slug>/registration/<token>")
def manage_registration(slug: str, token: str) -> Response:
    """A guest's view of their registration, reached through the secret e-mailed link."""
    found, result = _registration_for_link(slug, token)
    return keep_secret_url(
        make_response(
            render_template(
                "public/manage_registration.html",
                event=found,
                registration=result,
                token=token,
                position=registrations.waitlist_position(result),
                join_url=join_links.join_url_for(result),
                join_release_at=join_links.release_at(found),
            )
        )
    )


@bp.post("/events/<slug>/registration/<token>/cancel")
def cancel_by_link(slug: str, token: str) -> ResponseReturnValue:
    found, result = _registration_for_link(slug, token)
    if request.form.get("confirmed") != "yes":  # the button asks first; this is the question
        page = render_template("public/confirm_cancel.html", event=found, registration=result)
        return keep_secret_url(make_response(page))
    try:
        registrations.cancel_registration(result)
    except registrations.RegistrationError as exc:
        abort(409, str(exc))
    flash(_("Your registration is cancelled. We have sent you a confirmation."), "info")
    return redirect(url_for("public.manage_registration", slug=found.slug, token=token))


@bp.get("/events/<slug>/registration/<token>/certificate.pdf")
def certificate_by_link(slug: str, token: str) -> Response:
    """A guest's certificate of attendance, through their registration link."""
    _found, result = _registration_for_link(slug, token)
    try:
        body = certificates.certificate_pdf(result)
    except certificates.CertificateError as exc:
        abort(404, str(exc))
    return keep_secret_url(pdf_download(body, certificates.certificate_filename(result)))


# --- images and branding ------------------------------------------------------------------


@bp.get("/images/<name>")
def image(name: str) -> Response:
    """A stored image (photo, logo, banner). Names are content hashes, so the file never
    changes: cached for a year. ``nosniff`` and a sandboxing CSP keep a browser from ever
    treating it as anything but a picture."""
    path = images.image_path(name)
    if path is None:
        abort(404)
    response = Response(path.read_bytes(), mimetype=images.content_type(name))
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.app_template_global()
def image_url(name: str | None) -> str | None:
    """The address of a stored image, or None when there is none."""
    return url_for("public.image", name=name) if name else None


@bp.app_template_global()
def event_branding(event: Event) -> branding.Branding:
    """The event's logo, banner and accent colour, its series' where it has none."""
    return branding.branding_of(event)


@bp.app_template_global()
def person_photo_url(person: Person) -> str | None:
    """An uploaded photo first, else the photo link given for the person."""
    return image_url(person.photo) or person.photo_url
