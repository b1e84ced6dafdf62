"""Messages to an event's registrants, speakers and chairs: compose with a preview,
send as a job, follow the sending live, read the log."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from confsite.i18n import _
from confsite.models import Audience
from confsite.services import mailings, outbox
from confsite.views.choices import select_choices
from confsite.views.manage.blueprint import bp, managed_event_or_404
from confsite.views.manage.forms import MessageForm


def _form() -> MessageForm:
    form = MessageForm()
    form.audience.choices = select_choices(Audience.choices())
    return form


@bp.route("/events/<slug>/messages", methods=["GET", "POST"])
def messages(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    form = _form()
    preview = None
    counts = {a.value: len(mailings.recipients(event, a)) for a in Audience}
    if form.validate_on_submit():
        try:
            mailings.check(event, form.audience.data, form.subject.data or "", form.body.data or "")
            if "send" in request.form:
                mailing = mailings.create_mailing(
                    event, form.audience.data, form.subject.data or "", form.body.data or "", current_user
                )
                flash(_("Sending your message to %(n)s people.", n=mailing.recipient_count), "success")
                return redirect(url_for("manage.message", slug=slug, mailing_id=mailing.id))
            preview = mailings.render_markdown(form.body.data or "")
        except mailings.MailingError as exc:
            getattr(form, exc.field).errors = [*getattr(form, exc.field).errors, str(exc)]
    return render_template(
        "manage/messages.html",
        event=event,
        form=form,
        preview=preview,
        counts=counts,
        log=mailings.mailings_of(event),
    )


@bp.get("/events/<slug>/messages/<int:mailing_id>")
def message(slug: str, mailing_id: int) -> str:
    event = managed_event_or_404(slug)
    mailing = mailings.mailing_of(event, mailing_id) or abort(404)
    return render_template(
        "manage/message.html",
        event=event,
        mailing=mailing,
        html=mailings.render_markdown(mailing.body),
        progress=mailings.progress(mailing),
        rows=outbox.batch_messages(mailing.batch),
    )


@bp.get("/events/<slug>/messages/<int:mailing_id>/progress.json")
def message_progress(slug: str, mailing_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    mailing = mailings.mailing_of(event, mailing_id) or abort(404)
    data = mailings.progress(mailing)
    data["recipients"] = [
        {"email": m.recipient, "status": m.status.value, "label": str(m.status.label), "error": m.error}
        for m in outbox.batch_messages(mailing.batch)
    ]
    return jsonify(data)
