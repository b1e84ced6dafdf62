"""Moving a session on the timetable grid (static/timetable-grid.js): new times, room or
length, saved through the same service and clash checks as the session form.

Answers JSON for the script: ``saved: true`` when saved; ``saved: false`` with the
clashes when saving must be confirmed first (the script asks, then posts again with
``confirm=1``; a question, not an error, so 200); 400 with a reason for input that
cannot be a move.
"""

from __future__ import annotations

from datetime import date, time

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from confsite.i18n import _
from confsite.models import Room
from confsite.services import events as event_service
from confsite.services.timetable import ProposedSession, clashes_of, timetable_entries
from confsite.views.lookup import session_of_event_or_404
from confsite.views.manage.blueprint import bp, managed_event_or_404, user
from confsite.views.manage.forms import ConfirmForm


def _refused(message: str, status: int = 400) -> ResponseReturnValue:
    return jsonify(error=message), status


@bp.post("/events/<slug>/sessions/<int:session_id>/move")
def session_move(slug: str, session_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    item = session_of_event_or_404(event, session_id, with_details=True)
    if not ConfirmForm().validate_on_submit():
        return _refused(_("The form expired; reload the page."))
    try:
        day = date.fromisoformat(request.form.get("day", "")[:10])
        start = time.fromisoformat(request.form.get("start", "")[:5])
        end = time.fromisoformat(request.form.get("end", "")[:5])
    except ValueError:
        return _refused(_("Give the day as 2021-07-13 and the times as 09:30."))
    start_at, end_at = (
        event_service.local_to_utc(event, day, start),
        event_service.local_to_utc(event, day, end),
    )
    if end_at <= start_at:
        return _refused(_("The session must end after it starts (on the same day)."))
    room_id = request.form.get("room", "0")
    room: Room | None = None
    if room_id not in ("", "0"):
        room = next((r for r in event.rooms if str(r.id) == room_id), None)
        if room is None:
            return _refused(_("Choose one of this event's rooms."))
    proposed = ProposedSession(
        id=item.id,
        title=item.title,
        start_at=start_at,
        end_at=end_at,
        room=room,
        chairs=item.chairs,
        talks=item.talks,
        status=item.status,
    )
    clashes = clashes_of(event, proposed, timetable_entries(event))
    if clashes and request.form.get("confirm") != "1":
        return jsonify(saved=False, clashes=[c.message for c in clashes])
    event_service.update_session(
        item,
        event_service.SessionInput(
            title=item.title,
            kind=item.kind.value,
            status=item.status.value,
            start_at=start_at,
            end_at=end_at,
            room=room,
            description=item.description,
            chairs=tuple(item.chairs),
        ),
        user(),
    )
    return jsonify(saved=True, message=_("“%(title)s” moved.", title=item.title))
