"""Pages of the take-home-messages plugin. Views stay thin: parse, check, call
services (which commit their own writes), render. Every write checks permission
server-side.

The capture workspace (overview, capture pages, main outcomes, suggestions queue,
history) is an organiser page under ``/manage/events/<event_slug>/take_home/``, like
every built-in plugin's; attendees' pages (suggesting a message, the downloads) stay
at ``/events/<event_slug>/take-home/``. The core finds the event and answers 404
where the plugin is off, before any view runs (``api.plugin_event()``).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from confsite.api import (
    Event,
    Session,
    can_view_event,
    db,
    load_sessions,
    plugin_event,
    require_event_role,
    session_of_event_or_404,
    session_url,
)

from . import exports, permissions, queries, services
from .forms import (
    AcceptSuggestionForm,
    AddMessageForm,
    EditMessageForm,
    OutcomesForm,
    SuggestionForm,
    new_key,
    talk_choices,
)
from .i18n import _
from .models import TakeHomeMessage, TakeHomeSuggestion
from .services import CaptureError

bp = Blueprint(
    "take_home",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/take_home/static",
)

MANAGE = "/manage/events/<event_slug>/take_home"  # the capture workspace
PUBLIC = "/events/<event_slug>/take-home"  # attendees' pages and downloads
# Besides the event's organisers (and site admins): who works in the whole workspace.
WORKSPACE_ROLES = ("rapporteur", "chair")


def _user():
    return current_user if current_user.is_authenticated else None


def _event() -> Event:
    """The route's event, found by the core (404 where the plugin is off); a draft
    stays hidden from those who may not see it."""
    event = plugin_event()
    if event is None or not can_view_event(_user(), event):
        abort(404)
    return event


# -- who may open the workspace ------------------------------------------------------------
def _capture_team() -> Event:
    """Event-wide workspace pages: the event's organisers, rapporteurs and chairs."""
    return require_event_role(*WORKSPACE_ROLES)


def _organisers() -> Event:
    """Pages for the event's organisers only (settings, history)."""
    return require_event_role()


def _capture_session(session_id: int) -> tuple[Event, Session]:
    """A session's capture page. Besides the capture team, the person listed as the
    session's chair (with their account linked) captures it without any role on the
    event, so this checks ``permissions.can_capture`` itself; it answers like
    ``require_event_role``: log-in for anonymous visitors (``login_required``), 404 for
    everybody else."""
    event = _event()
    session = session_of_event_or_404(event, session_id)
    if not permissions.can_capture(current_user, session):
        abort(404)
    return event, session


def _message(event: Event, message_id: int) -> TakeHomeMessage:
    message = db.session.get(TakeHomeMessage, message_id)
    if (
        message is None
        or message.event_id != event.id
        or not permissions.can_capture(current_user, message.session)
    ):
        abort(404)
    return message


def _done(url: str) -> ResponseReturnValue:
    """Redirect after a successful write; the capture script asks for the address
    as JSON instead, so the flashed confirmation survives for the page it loads."""
    if request.headers.get("X-Requested-With") == "take-home-fetch":
        return jsonify(redirect=url)
    return redirect(url)


def _talk_id(value: object) -> int | None:
    try:
        return int(str(value)) or None
    except (TypeError, ValueError):
        raise CaptureError(_("Choose one of this session's talks.")) from None


# -- overview -------------------------------------------------------------------------
@bp.get(f"{MANAGE}/")
@login_required
def overview(event_slug: str) -> str:
    event = _event()
    sessions = load_sessions(event)
    capturable = [s for s in sessions if permissions.can_capture(current_user, s)]
    if not capturable:  # neither on the capture team nor chairing one of its sessions
        abort(404)
    return render_template(
        "take_home/overview.html",
        event=event,
        sessions=capturable,
        counts=queries.session_counts(event),
        event_wide=permissions.can_capture_event(current_user, event),
        organiser=permissions.can_see_history(current_user, event),
        suggestions_open=queries.suggestions_open(event),
        pending=len(queries.pending_suggestions(event)),
        outcome=queries.outcomes_of(event),
    )


@bp.post(f"{MANAGE}/publish")
def publish_event(event_slug: str) -> ResponseReturnValue:
    event = _capture_team()
    count = services.publish_event(event, current_user)
    flash(
        f"Published {count} item{'s' if count != 1 else ''}." if count else "Nothing left to publish.",
        "success",
    )
    return redirect(url_for("take_home.overview", event_slug=event.slug))


@bp.post(f"{MANAGE}/settings")
def settings(event_slug: str) -> ResponseReturnValue:
    event = _organisers()
    services.set_suggestions_open(event, request.form.get("suggestions_open") == "1", current_user)
    flash(_("Settings saved."), "success")
    return redirect(url_for("take_home.overview", event_slug=event.slug))


# -- capture page ------------------------------------------------------------------------
def _render_capture(
    event: Event, session: Session, *, failed: tuple[str, object] | None = None, status: int = 200
):
    """The capture page; ``failed`` = (form slot, form) keeps a rejected form's text."""
    messages = queries.session_messages(session)
    groups = queries.group_by_talk(session, messages, keep_empty=True)
    if not any(g.talk is None for g in groups):
        groups.insert(0, queries.TalkMessages(None, []))
    choices = talk_choices(session)
    add_forms, edit_forms = {}, {}
    for group in groups:
        slot = f"add-{group.talk.id if group.talk else 0}"
        form = (
            failed[1]
            if failed and failed[0] == slot
            else AddMessageForm(
                prefix=slot,
                formdata=None,
                data={"talk": group.talk.id if group.talk else 0, "key": new_key()},
            )
        )
        add_forms[group.talk.id if group.talk else 0] = form
        for message in group.messages:
            slot = f"m{message.id}"
            if failed and failed[0] == slot:
                edit_forms[message.id] = failed[1]
            else:
                edit = EditMessageForm(
                    prefix=slot, formdata=None, data={"body": message.body, "talk": message.talk_id or 0}
                )
                edit.talk.choices = choices
                edit_forms[message.id] = edit
    body = render_template(
        "take_home/capture.html",
        event=event,
        session=session,
        groups=groups,
        add_forms=add_forms,
        edit_forms=edit_forms,
        drafts=sum(1 for m in messages if not m.is_published),
        published=sum(1 for m in messages if m.is_published),
    )
    return body, status


@bp.get(f"{MANAGE}/sessions/<int:session_id>")
@login_required
def capture(event_slug: str, session_id: int):
    event, session = _capture_session(session_id)
    return _render_capture(event, session)


@bp.post(f"{MANAGE}/sessions/<int:session_id>")
@login_required
def add(event_slug: str, session_id: int):
    event, session = _capture_session(session_id)
    slot = next((k.split("-body")[0] for k in request.form if k.endswith("-body")), "add-0")
    form = AddMessageForm(prefix=slot)
    if not form.validate():
        return _render_capture(event, session, failed=(slot, form), status=422)
    key = form.key.data or ""
    try:
        message, created = services.add_message(
            session, _talk_id(form.talk.data), form.body.data, key, current_user
        )
    except CaptureError as problem:
        form.body.errors = [str(problem)]
        return _render_capture(event, session, failed=(slot, form), status=422)
    flash("Saved." if created else "Already saved: this message was received before.", "success")
    return _done(
        url_for("take_home.capture", event_slug=event.slug, session_id=session.id) + f"#message-{message.id}"
    )


@bp.post(f"{MANAGE}/messages/<int:message_id>/edit")
@login_required
def edit(event_slug: str, message_id: int):
    event = _event()
    message = _message(event, message_id)
    session = message.session
    form = EditMessageForm(prefix=f"m{message.id}")
    form.talk.choices = talk_choices(session)
    if not form.validate():
        return _render_capture(event, session, failed=(f"m{message.id}", form), status=422)
    try:
        changed = services.edit_message(message, form.body.data, form.talk.data or None, current_user)
    except CaptureError as problem:
        form.body.errors = [str(problem)]
        return _render_capture(event, session, failed=(f"m{message.id}", form), status=422)
    flash("Changes saved." if changed else "No changes.", "success")
    return _done(
        url_for("take_home.capture", event_slug=event.slug, session_id=session.id) + f"#message-{message.id}"
    )


@bp.post(f"{MANAGE}/messages/<int:message_id>/move")
@login_required
def move(event_slug: str, message_id: int) -> ResponseReturnValue:
    event = _event()
    message = _message(event, message_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400, description=_("Say whether to move the message up or down."))
    services.move_message(message, -1 if direction == "up" else 1, current_user)
    return redirect(
        url_for("take_home.capture", event_slug=event.slug, session_id=message.session_id)
        + f"#message-{message.id}"
    )


@bp.post(f"{MANAGE}/messages/<int:message_id>/delete")
@login_required
def delete(event_slug: str, message_id: int) -> ResponseReturnValue:
    event = _event()
    message = _message(event, message_id)
    session_id = message.session_id
    services.delete_message(message, current_user)
    flash(_("Message deleted."), "success")
    return redirect(url_for("take_home.capture", event_slug=event.slug, session_id=session_id))


@bp.post(f"{MANAGE}/sessions/<int:session_id>/publish")
@login_required
def publish_session(event_slug: str, session_id: int) -> ResponseReturnValue:
    event, session = _capture_session(session_id)
    if request.form.get("action") == "unpublish":
        count = services.unpublish_session(session, current_user)
        text = f"Withdrew {count} message{'s' if count != 1 else ''}; they are drafts again."
    else:
        count = services.publish_session(session, current_user)
        text = (
            f"Published {count} message{'s' if count != 1 else ''}." if count else "Nothing left to publish."
        )
    flash(text, "success")
    return redirect(url_for("take_home.capture", event_slug=event.slug, session_id=session.id))


# -- main outcomes -----------------------------------------------------------------------
@bp.route(f"{MANAGE}/outcomes", methods=["GET", "POST"])
def outcomes(event_slug: str):
    event = _capture_team()
    outcome = queries.outcomes_of(event)
    form = OutcomesForm(
        data={
            "text": outcome.text if outcome else "",
            "key_points": "\n".join(outcome.key_points) if outcome else "",
        }
        if request.method == "GET"
        else None
    )
    status = 200
    if request.method == "POST" and form.validate():
        try:
            services.save_outcomes(
                event,
                form.text.data or "",
                form.key_points.data or "",
                current_user,
                publish=request.form.get("publish") == "1",
            )
        except CaptureError as problem:
            form.key_points.errors = [str(problem)]
            status = 422
        else:
            flash(_("Main outcomes saved."), "success")
            return redirect(url_for("take_home.outcomes", event_slug=event.slug))
    return render_template("take_home/outcomes.html", event=event, form=form, outcome=outcome), status


@bp.post(f"{MANAGE}/outcomes/status")
def outcomes_status(event_slug: str) -> ResponseReturnValue:
    event = _capture_team()
    try:
        services.set_outcomes_published(event, request.form.get("published") == "1", current_user)
    except CaptureError as problem:
        abort(400, description=str(problem))
    flash(_("Main outcomes updated."), "success")
    return redirect(url_for("take_home.outcomes", event_slug=event.slug))


# -- attendee suggestions ------------------------------------------------------------------
@bp.post(f"{PUBLIC}/sessions/<int:session_id>/suggest")
@login_required
def suggest(event_slug: str, session_id: int):
    """An attendee's proposal, sent from the session page's panel (a public page)."""
    event = _event()
    session = session_of_event_or_404(event, session_id)
    if not queries.suggestions_open(event):
        abort(403, description=_("Suggestions are closed for this event."))
    form = SuggestionForm(prefix="suggest")
    form.talk.choices = talk_choices(session)
    problem = None
    if form.validate():
        try:
            created = services.suggest(
                session, form.talk.data or None, form.body.data, form.key.data or "", current_user
            )
        except CaptureError as error:
            problem = str(error)
        if problem is None:
            flash(
                "Thank you: your suggestion was sent to the rapporteurs."
                if created
                else "Already received: your suggestion was sent before.",
                "success",
            )
            return _done(session_url(session))
    else:
        problem = " ".join(form.body.errors or form.talk.errors or ["Check the form."])
    form.body.errors = [problem]
    return render_template("take_home/suggest.html", event=event, session=session, form=form), 422


@bp.get(f"{MANAGE}/suggestions")
def suggestions(event_slug: str) -> str:
    event = _capture_team()
    items = queries.pending_suggestions(event)
    forms = {}
    for item in items:
        form = AcceptSuggestionForm(
            prefix=f"s{item.id}", formdata=None, data={"body": item.body, "talk": item.talk_id or 0}
        )
        form.talk.choices = talk_choices(item.session)
        forms[item.id] = form
    return render_template(
        "take_home/suggestions.html",
        event=event,
        items=items,
        forms=forms,
        suggestions_open=queries.suggestions_open(event),
    )


def _suggestion(event: Event, suggestion_id: int) -> TakeHomeSuggestion:
    item = db.session.get(TakeHomeSuggestion, suggestion_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item


@bp.post(f"{MANAGE}/suggestions/<int:suggestion_id>/accept")
def accept(event_slug: str, suggestion_id: int):
    event = _capture_team()
    item = _suggestion(event, suggestion_id)
    form = AcceptSuggestionForm(prefix=f"s{item.id}")
    form.talk.choices = talk_choices(item.session)
    if form.validate():
        try:
            services.accept_suggestion(item, form.body.data, form.talk.data or None, current_user)
            flash(_("Suggestion accepted as a draft message."), "success")
            return _done(url_for("take_home.suggestions", event_slug=event.slug))
        except CaptureError as problem:
            form.body.errors = [str(problem)]
    return render_template(
        "take_home/suggestions.html",
        event=event,
        items=[item],
        forms={item.id: form},
        suggestions_open=queries.suggestions_open(event),
    ), 422


@bp.post(f"{MANAGE}/suggestions/<int:suggestion_id>/reject")
def reject(event_slug: str, suggestion_id: int) -> ResponseReturnValue:
    event = _capture_team()
    item = _suggestion(event, suggestion_id)
    try:
        services.reject_suggestion(item, current_user)
    except CaptureError as problem:
        abort(409, description=str(problem))
    flash(_("Suggestion rejected."), "success")
    return redirect(url_for("take_home.suggestions", event_slug=event.slug))


# -- history and downloads ----------------------------------------------------------------------
@bp.get(f"{MANAGE}/history")
def history(event_slug: str) -> str:
    event = _organisers()
    return render_template("take_home/history.html", event=event, entries=queries.event_history(event))


@bp.get(f"{PUBLIC}/take-home-messages.md")
def export_markdown(event_slug: str) -> ResponseReturnValue:
    event = _event()
    return Response(
        exports.event_markdown(event),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-take-home.md"'},
    )


@bp.get(f"{PUBLIC}/take-home-messages.csv")
def export_csv(event_slug: str) -> ResponseReturnValue:
    event = _event()
    return Response(
        exports.event_csv(event),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-take-home.csv"'},
    )


# -- the workspace's former addresses -------------------------------------------------------
def moved(event_slug: str, target: str, **values: Any) -> ResponseReturnValue:
    """The workspace used to live under /events/<slug>/take-home/: bookmarks of its
    pages are sent on for good (301). Only pages one can bookmark (GET) are kept."""
    event = _event()
    return redirect(url_for(f"take_home.{target}", event_slug=event.slug, **values), code=301)


for _old, _target in (
    ("/", "overview"),
    ("/sessions/<int:session_id>", "capture"),
    ("/outcomes", "outcomes"),
    ("/suggestions", "suggestions"),
    ("/history", "history"),
):
    bp.add_url_rule(PUBLIC + _old, f"moved_{_target}", moved, methods=["GET"], defaults={"target": _target})
