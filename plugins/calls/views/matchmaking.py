"""Pages of the matchmaking at an event: participants' profile, suggestions and
meetings; the organiser's slots, match matrix and printable meeting schedule. Parse
the form, call a matchmaking service (which commits), flash, redirect."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from confsite.api import Event, can_manage_event, can_view_event, db, local_dt, select_choices

from .. import matchmaking
from ..forms import EmptyForm, MeetingRequestForm, ProfileForm, SlotForm, to_utc
from ..i18n import _
from ..models import Meeting, MeetingSlot, Profile
from ..services import CallError
from .common import bp, current_scope


def _event() -> Event:
    event = current_scope().event
    if event is None or not can_view_event(current_user, event):
        abort(404)
    return event


def _managed_event() -> Event:
    event = _event()
    if not can_manage_event(current_user, event):
        abort(403, description=_("Only the organisers can do this."))
    return event


def _slot_label(slot: MeetingSlot, event: Event) -> str:
    when = f"{local_dt(slot.start_at, event, '%a %-d %b %H:%M')}–{local_dt(slot.end_at, event, '%H:%M')}"
    return f"{when} · {slot.location}" if slot.location else when


def _profile_form(profile: Profile | None) -> ProfileForm:
    if profile is None:
        return ProfileForm(data={"display_name": current_user.name})
    return ProfileForm(
        data={
            "display_name": profile.display_name,
            "organisation": profile.organisation,
            "region": profile.region,
            "sector": profile.sector,
            "trl": profile.trl,
            "needs": ", ".join(profile.needs),
            "offers": ", ".join(profile.offers),
            "description": profile.description,
        }
    )


def _page(event: Event, form: ProfileForm, status: int = 200) -> ResponseReturnValue:
    me = matchmaking.profile_of(event, current_user)
    slots = matchmaking.slots(event)
    request_form = MeetingRequestForm(prefix="meet")
    request_form.slot.choices = select_choices((s.id, _slot_label(s, event)) for s in slots)
    return render_template(
        "calls/matchmaking.html",
        event=event,
        me=me,
        form=form,
        suggestions=matchmaking.suggestions(me, matchmaking.profiles(event)) if me else [],
        meetings=matchmaking.meetings_of(me) if me else [],
        request_form=request_form,
        slot_label=lambda slot: _slot_label(slot, event),
        button=EmptyForm(),
    ), status


@bp.route("/events/<event_slug>/matchmaking", methods=["GET", "POST"])
@login_required
def matchmaking_page(event_slug: str) -> ResponseReturnValue:
    event = _event()
    if request.method == "GET":
        return _page(event, _profile_form(matchmaking.profile_of(event, current_user)))
    form = ProfileForm()
    if form.validate_on_submit():
        data = matchmaking.ProfileInput(
            display_name=form.display_name.data,
            organisation=form.organisation.data or "",
            region=form.region.data or "",
            sector=form.sector.data or "",
            trl=form.trl.data,
            needs=matchmaking.split_terms(form.needs.data or ""),
            offers=matchmaking.split_terms(form.offers.data or ""),
            description=form.description.data or "",
        )
        try:
            matchmaking.save_profile(event, current_user, data)
        except CallError as exc:
            form.needs.errors.append(str(exc))
        else:
            flash(_("Profile saved: see who you could meet below."), "success")
            return redirect(url_for("calls.matchmaking_page", event_slug=event.slug))
    return _page(event, form, 400)


def _profile_in(event: Event, profile_id: int) -> Profile:
    profile = db.session.get(Profile, profile_id)
    if profile is None or profile.event_id != event.id:
        abort(404)
    return profile


def _my_profile(event: Event) -> Profile:
    me = matchmaking.profile_of(event, current_user)
    if me is None:
        abort(403, description=_("Publish your profile first."))
    return me


@bp.route("/events/<event_slug>/matchmaking/request/<int:profile_id>", methods=["POST"])
@login_required
def meeting_request(event_slug: str, profile_id: int) -> ResponseReturnValue:
    event = _event()
    me = _my_profile(event)
    other = _profile_in(event, profile_id)
    form = MeetingRequestForm(prefix="meet")
    form.slot.choices = select_choices((s.id, "") for s in matchmaking.slots(event))
    if not form.validate_on_submit():
        flash(_("Pick one of the meeting slots."), "error")
        return redirect(url_for("calls.matchmaking_page", event_slug=event.slug))
    slot = db.session.get(MeetingSlot, form.slot.data)
    if slot is None:  # the choices are the event's slots: only a race gets here
        abort(404)
    try:
        matchmaking.request_meeting(slot, me, other, form.message.data or "")
    except CallError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Meeting requested: %(name)s is asked to accept.", name=other.display_name), "success")
    return redirect(url_for("calls.matchmaking_page", event_slug=event.slug))


def _meeting_in(event: Event, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.slot.event_id != event.id:
        abort(404)
    return meeting


@bp.route("/events/<event_slug>/matchmaking/meetings/<int:meeting_id>/answer", methods=["POST"])
@login_required
def meeting_answer(event_slug: str, meeting_id: int) -> ResponseReturnValue:
    event = _event()
    me = _my_profile(event)
    meeting = _meeting_in(event, meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    action = request.form.get("action")
    try:
        if action == "cancel":
            matchmaking.cancel_meeting(meeting, me)
        else:
            matchmaking.answer_meeting(meeting, me, accept=action == "accept")
    except CallError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Meeting updated."), "success")
    return redirect(url_for("calls.matchmaking_page", event_slug=event.slug))


# -- organiser --------------------------------------------------------------------------


@bp.route("/manage/events/<event_slug>/calls/matchmaking", methods=["GET", "POST"])
@login_required
def matchmaking_manage(event_slug: str) -> ResponseReturnValue:
    event = _managed_event()
    form = SlotForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            zone = event.timezone
            start, end = to_utc(form.start_at.data, zone), to_utc(form.end_at.data, zone)
            try:
                matchmaking.add_slot(event, start, end, form.location.data or "")
            except CallError as exc:
                form.end_at.errors.append(str(exc))
            else:
                flash(_("Slot added."), "success")
                return redirect(url_for("calls.matchmaking_manage", event_slug=event.slug))
        status = 400
    return render_template(
        "calls/matchmaking_manage.html",
        event=event,
        form=form,
        slots=matchmaking.slots(event),
        matrix=matchmaking.matrix(event),
        slot_label=lambda slot: _slot_label(slot, event),
        button=EmptyForm(),
    ), status


@bp.route("/manage/events/<event_slug>/calls/matchmaking/slots/<int:slot_id>/delete", methods=["POST"])
@login_required
def slot_delete(event_slug: str, slot_id: int) -> ResponseReturnValue:
    event = _managed_event()
    slot = db.session.get(MeetingSlot, slot_id)
    if slot is None or slot.event_id != event.id:
        abort(404)
    matchmaking.delete_slot(slot)
    flash(_("Slot removed, with its meetings."), "success")
    return redirect(url_for("calls.matchmaking_manage", event_slug=event.slug))


@bp.route("/manage/events/<event_slug>/calls/matchmaking/schedule")
@login_required
def meeting_schedule(event_slug: str) -> ResponseReturnValue:
    event = _managed_event()
    return render_template(
        "calls/meeting_schedule.html",
        event=event,
        meetings=matchmaking.event_meetings(event),
        slot_label=lambda slot: _slot_label(slot, event),
    )
