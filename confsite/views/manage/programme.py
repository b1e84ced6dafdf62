"""The programme: rooms, the per-day timetable with its conflicts, sessions and talks."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from confsite.caching import cached
from confsite.extensions import db
from confsite.i18n import _, ngettext, rendering_variant
from confsite.models import Event, Room, Session, SessionStatus, Talk, TalkSpeaker
from confsite.services import events as event_service
from confsite.services.timetable import (
    NEW_SESSION,
    ProposedSession,
    clashes_of,
    clock_times,
    event_days,
    find_conflicts,
    timetable_entries,
)
from confsite.services.timetable_grid import slot_grid
from confsite.templating import shown_zone
from confsite.views.choices import select_choices
from confsite.views.lookup import session_of_event_or_404
from confsite.views.manage.blueprint import bp, managed_event_or_404, user
from confsite.views.manage.forms import ConfirmForm, RoomForm, SessionForm, TalkForm, organisation_choices
from confsite.views.manage.picker import chosen_people, new_people, picker_fields

# --- rooms ---------------------------------------------------------------------------------


def _room_or_404(event: Event, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        abort(404)
    return room


@bp.route("/events/<slug>/rooms", methods=["GET", "POST"])
def rooms(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    form = RoomForm()
    if form.validate_on_submit():
        try:
            room = event_service.add_room(event, form.name.data)
        except event_service.ProgrammeError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(_("Room “%(name)s” added.", name=room.name), "success")
            return redirect(url_for("manage.rooms", slug=slug))
    return render_template("manage/rooms.html", event=event, form=form)


@bp.route("/events/<slug>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def room_edit(slug: str, room_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    room = _room_or_404(event, room_id)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            event_service.rename_room(room, form.name.data, user())
        except event_service.ProgrammeError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(_("Room renamed."), "success")
            return redirect(url_for("manage.rooms", slug=slug))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("Rename “%(name)s”", name=room.name),
        submit=_("Save"),
        back=url_for("manage.rooms", slug=slug),
        event=event,
    )


@bp.route("/events/<slug>/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def room_delete(slug: str, room_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    room = _room_or_404(event, room_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        event_service.delete_room(room, user())
        flash(_("Room “%(name)s” deleted.", name=room.name), "success")
        return redirect(url_for("manage.rooms", slug=slug))
    used = len(event_service.sessions_in_room(room))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Delete room “%(name)s”?", name=room.name),
        details=[f"{used} session(s) in it stay on the programme without a room."],
        submit=_("Delete room"),
        back=url_for("manage.rooms", slug=slug),
        event=event,
    )


# --- timetable -----------------------------------------------------------------------------


@bp.get("/events/<slug>/timetable")
def timetable(slug: str) -> str:
    """One day of the programme (grid, table and the event's clashes). The day's HTML is
    kept per event content version (:func:`_timetable_day`); the page around it (layout,
    messages, the move forms' CSRF token in ``#tt-form``) is this request's own."""
    event = managed_event_or_404(slug)
    requested = request.args.get("day", "")
    try:
        day = date.fromisoformat(requested) if requested else None
    except ValueError:
        abort(400, _("The day must be written like 2021-07-13."))
    html = cached(_timetable_key(event, day), lambda: _timetable_day(event, day))
    return render_template(
        "manage/timetable.html", event=event, day_html=Markup(html), move_form=ConfirmForm()
    )


def _timetable_key(event: Event, day: date | None) -> tuple:
    """What the day's HTML depends on: the event's content version (moved by every
    change to its sessions, talks, rooms, people and dates), the page's language and
    shown zone, the address prefix of its links, and the day asked for."""
    return (
        "manage-timetable",
        *rendering_variant(),
        request.script_root,
        event.id,
        event.slug,
        event.timezone,
        event.content_changed_at.isoformat(),
        day.isoformat() if day else "",
    )


def _timetable_day(event: Event, day: date | None) -> str:
    """The day's part of the timetable page: the clashes of the whole programme, the day
    tabs, the grid and the table (``day`` None: the first day). Rendered without Flask's
    context processors, so nothing of the organiser viewing it can be kept in it."""
    sessions = timetable_entries(event)
    zone = event.tz
    day_of = {s.id: s.start_at.astimezone(zone).date() for s in sessions}
    days = sorted(set(event_days(event)) | set(day_of.values()))
    chosen = day or days[0]
    conflicts = find_conflicts(event, sessions)
    flagged: dict[int, list[str]] = {}
    for conflict in conflicts:
        for session_id in conflict.session_ids:
            flagged.setdefault(session_id, []).append(conflict.message)
    day_sessions = [s for s in sessions if day_of[s.id] == chosen]
    return current_app.jinja_env.get_template("manage/timetable_day.html").render(
        event=event,
        days=days,
        chosen=chosen,
        sessions=day_sessions,
        grid=slot_grid(event, chosen, day_sessions),
        times=clock_times(day_sessions, ZoneInfo(shown_zone(event))),
        conflicts=conflicts,
        flagged=flagged,
        # "/manage/events/<slug>/sessions/": each session's links are this, its id and
        # a suffix (one url_for instead of three per session).
        sessions_url=url_for("manage.session", slug=event.slug, session_id=0).removesuffix("0/"),
        # Translated once per page rather than once per session (~200 on a busy day).
        talks_label={
            n: ngettext("%(num)d talk", "%(num)d talks", n) for n in {s.talk_count for s in day_sessions}
        },
        chairs_format=_("Chair: %(chairs)s"),
    )


# --- sessions ------------------------------------------------------------------------------


def _session_form(event: Event, session: Session | None) -> SessionForm:
    form = SessionForm(obj=session)
    form.room.choices = select_choices([(0, _("— no room —")), *((r.id, r.name) for r in event.rooms)])
    if not form.is_submitted():
        if session is not None:
            start, end = event.local(session.start_at), event.local(session.end_at)
            form.day.data, form.start.data, form.end.data = start.date(), start.time(), end.time()
            form.room.data = session.room_id or 0
            form.chairs.data = "; ".join(p.name for p in session.chairs)
            form.kind.data, form.status.data = session.kind.value, session.status.value
        elif request.args.get("day"):
            with suppress(ValueError):  # a mistyped day in the link leaves the field empty
                form.day.data = date.fromisoformat(request.args["day"])
    return form


def _unconfirmed_clashes(
    event: Event, form: SessionForm, data: event_service.SessionInput, item: Session | None
) -> bool:
    """Whether saving must wait: the session would clash (room, person, outside the
    event) and the organiser has not yet ticked "Save despite these clashes"."""
    proposed = ProposedSession(
        id=item.id if item else NEW_SESSION,
        title=data.title,
        start_at=data.start_at,
        end_at=data.end_at,
        room=data.room,
        chairs=data.chairs,
        talks=item.talks if item else (),
        status=SessionStatus(data.status),
    )
    clashes = clashes_of(event, proposed, timetable_entries(event))
    if not clashes or form.accept_clashes.data:
        return False
    form.accept_clashes.errors.extend(c.message for c in clashes)
    return True


def _without_clash_question(form: SessionForm) -> SessionForm:
    """The clash confirmation is asked only when saving found clashes."""
    if not form.accept_clashes.errors:
        del form.accept_clashes
    return form


def _read_session_form(event: Event, form: SessionForm) -> event_service.SessionInput | None:
    chairs, problems = chosen_people(form.chairs.data, form.chair_ids.data)
    form.chairs.errors.extend(problems)
    new_chairs, new_problems = new_people("chairs")
    form.chairs.errors.extend(new_problems)
    start = event_service.local_to_utc(event, form.day.data, form.start.data)
    end = event_service.local_to_utc(event, form.day.data, form.end.data)
    if end <= start:
        form.end.errors.append(_("The session must end after it starts (on the same day)."))
    room = db.session.get(Room, form.room.data) if form.room.data else None
    if form.room.data and (room is None or room.event_id != event.id):
        form.room.errors.append(_("Choose one of this event's rooms."))
    if any(f.errors for f in form):
        return None
    return event_service.SessionInput(
        title=form.title.data,
        kind=form.kind.data,
        status=form.status.data,
        start_at=start,
        end_at=end,
        room=room,
        description=form.description.data or "",
        chairs=chairs,
        new_chairs=tuple(new_chairs),
    )


@bp.route("/events/<slug>/sessions/new", methods=["GET", "POST"])
def session_new(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    form = _session_form(event, None)
    if form.validate_on_submit():
        data = _read_session_form(event, form)
        if data is not None and not _unconfirmed_clashes(event, form, data, None):
            try:
                session = event_service.create_session(event, data, user())
            except event_service.ProgrammeError as exc:
                form.chairs.errors.append(str(exc))
            else:
                flash(_("Session “%(title)s” added. Now add its talks.", title=session.title), "success")
                return redirect(url_for("manage.session", slug=slug, session_id=session.id))
    return render_template(
        "manage/programme_form.html",
        pickers=picker_fields(form, {"chairs": "chair_ids"}),
        form=_without_clash_question(form),
        title=_("New session"),
        submit=_("Add session"),
        back=url_for("manage.timetable", slug=slug),
        event=event,
    )


@bp.get("/events/<slug>/sessions/<int:session_id>/")
def session(slug: str, session_id: int) -> str:
    event = managed_event_or_404(slug)
    item = db.session.scalar(
        sa.select(Session)
        .where(Session.id == session_id, Session.event_id == event.id)
        .options(
            selectinload(Session.room),
            selectinload(Session.chairs),
            selectinload(Session.talks).selectinload(Talk.speaker_links).selectinload(TalkSpeaker.person),
        )
    )
    if item is None:
        abort(404)
    return render_template("manage/session.html", event=event, session=item, form=ConfirmForm())


@bp.route("/events/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def session_edit(slug: str, session_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    item = session_of_event_or_404(event, session_id)
    form = _session_form(event, item)
    if form.validate_on_submit():
        data = _read_session_form(event, form)
        if data is not None and not _unconfirmed_clashes(event, form, data, item):
            try:
                event_service.update_session(item, data, user())
            except event_service.ProgrammeError as exc:
                form.chairs.errors.append(str(exc))
            else:
                flash(_("Session saved."), "success")
                return redirect(
                    url_for("manage.timetable", slug=slug, day=event.local(item.start_at).date().isoformat())
                )
    return render_template(
        "manage/programme_form.html",
        pickers=picker_fields(form, {"chairs": "chair_ids"}),
        form=_without_clash_question(form),
        title=_("Edit “%(title)s”", title=item.title),
        submit=_("Save session"),
        back=url_for("manage.session", slug=slug, session_id=session_id),
        event=event,
    )


@bp.route("/events/<slug>/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def session_delete(slug: str, session_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    item = session_of_event_or_404(event, session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        day = event.local(item.start_at).date().isoformat()
        event_service.delete_session(item, user())
        flash(_("Session “%(title)s” deleted.", title=item.title), "success")
        return redirect(url_for("manage.timetable", slug=slug, day=day))
    details = [f"Its {len(item.talks)} talk(s) are deleted too."]
    if item.status == SessionStatus.SCHEDULED:
        details.append(
            "To keep it on the agenda marked as cancelled, edit it and set its status to Cancelled."
        )
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Delete session “%(title)s”?", title=item.title),
        details=details,
        submit=_("Delete session"),
        back=url_for("manage.session", slug=slug, session_id=session_id),
        event=event,
    )


# --- talks ---------------------------------------------------------------------------------


def _talk_or_404(session: Session, talk_id: int) -> Talk:
    talk = db.session.get(Talk, talk_id)
    if talk is None or talk.session_id != session.id:
        abort(404)
    return talk


def _talk_form(talk: Talk | None = None) -> TalkForm:
    form = TalkForm(obj=talk)
    form.new_speaker_organisation.choices = organisation_choices()
    if talk is not None and not form.is_submitted():
        form.speakers.data = "; ".join(p.name for p in talk.speakers)
        if talk.start_at is not None:
            form.start.data = talk.session.event.local(talk.start_at).time()
    return form


def _save_talk(session: Session, form: TalkForm, talk: Talk | None) -> bool:
    """Save the talk form through the programme service; False with the problems
    added to the form."""
    speakers, problems = chosen_people(form.speakers.data, form.speaker_ids.data)
    new_speakers, new_problems = new_people("speakers")
    problems = [*problems, *new_problems]
    form.speakers.errors.extend(problems)
    new_name = (form.new_speaker.data or "").strip()
    if problems:
        taken = event_service.new_speaker_problem(new_name) if new_name else None
        if taken:
            form.new_speaker.errors.append(taken)
        return False
    new_speaker = (
        event_service.NewSpeaker(
            name=new_name,
            organisation_id=form.new_speaker_organisation.data or None,
            country=form.new_speaker_country.data or None,
        )
        if new_name
        else None
    )
    event = session.event
    start_at = (
        event_service.local_to_utc(event, event.local(session.start_at).date(), form.start.data)
        if form.start.data
        else None
    )
    try:
        event_service.save_talk(
            session,
            talk,
            title=form.title.data,
            summary=form.summary.data or "",
            speakers=speakers,
            new_speaker=new_speaker,
            new_speakers=new_speakers,
            user=user(),
            start_at=start_at,
        )
    except event_service.ProgrammeError as exc:
        fields = {"new_speaker": form.new_speaker, "start": form.start}
        fields.get(exc.field or "", form.speakers).errors.append(str(exc))
        return False
    return True


@bp.route("/events/<slug>/sessions/<int:session_id>/talks/new", methods=["GET", "POST"])
def talk_new(slug: str, session_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    item = session_of_event_or_404(event, session_id)
    form = _talk_form()
    if form.validate_on_submit() and _save_talk(item, form, None):
        flash(_("Talk added."), "success")
        return redirect(url_for("manage.session", slug=slug, session_id=session_id))
    return render_template(
        "manage/programme_form.html",
        pickers=picker_fields(form, {"speakers": "speaker_ids"}),
        form=form,
        title=_("New talk in “%(title)s”", title=item.title),
        submit=_("Add talk"),
        back=url_for("manage.session", slug=slug, session_id=session_id),
        event=event,
    )


@bp.route("/events/<slug>/sessions/<int:session_id>/talks/<int:talk_id>/edit", methods=["GET", "POST"])
def talk_edit(slug: str, session_id: int, talk_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    item = session_of_event_or_404(event, session_id)
    talk = _talk_or_404(item, talk_id)
    form = _talk_form(talk)
    if form.validate_on_submit() and _save_talk(item, form, talk):
        flash(_("Talk saved."), "success")
        return redirect(url_for("manage.session", slug=slug, session_id=session_id))
    return render_template(
        "manage/programme_form.html",
        pickers=picker_fields(form, {"speakers": "speaker_ids"}),
        form=form,
        title=_("Edit talk “%(title)s”", title=talk.title),
        submit=_("Save talk"),
        back=url_for("manage.session", slug=slug, session_id=session_id),
        event=event,
    )


@bp.route("/events/<slug>/sessions/<int:session_id>/talks/<int:talk_id>/delete", methods=["GET", "POST"])
def talk_delete(slug: str, session_id: int, talk_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    item = session_of_event_or_404(event, session_id)
    talk = _talk_or_404(item, talk_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        event_service.delete_talk(talk, user())
        flash(_("Talk “%(title)s” deleted.", title=talk.title), "success")
        return redirect(url_for("manage.session", slug=slug, session_id=session_id))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Delete talk “%(title)s”?", title=talk.title),
        details=["Its speakers stay on the People list."],
        submit=_("Delete talk"),
        back=url_for("manage.session", slug=slug, session_id=session_id),
        event=event,
    )


@bp.post("/events/<slug>/sessions/<int:session_id>/talks/<int:talk_id>/move")
def talk_move(slug: str, session_id: int, talk_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    item = session_of_event_or_404(event, session_id)
    talk = _talk_or_404(item, talk_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400, _("Say whether to move the talk up or down."))
    if ConfirmForm().validate_on_submit():
        try:
            event_service.move_talk(talk, -1 if direction == "up" else 1, user())
        except event_service.ProgrammeError as exc:
            flash(str(exc), "error")
    return redirect(url_for("manage.session", slug=slug, session_id=session_id))
