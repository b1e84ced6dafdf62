"""An event's webhooks: subscribe a URL to topics, see recent deliveries, remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length

from confsite.extensions import db
from confsite.i18n import _, _l
from confsite.models import Webhook
from confsite.services import webhooks
from confsite.views.choices import select_choices
from confsite.views.manage.blueprint import bp, managed_event_or_404, user
from confsite.views.manage.forms import ConfirmForm


class WebhookForm(FlaskForm):
    url = StringField(
        _l("Address (URL)"),
        validators=[DataRequired(_l("Give the address to send to.")), Length(max=500)],
        description=_l("We POST a signed JSON message there for each topic you choose."),
    )
    topics = SelectMultipleField(
        _l("Topics"),
        choices=select_choices(webhooks.TOPICS.items()),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )


@bp.route("/events/<slug>/webhooks", methods=["GET", "POST"])
def event_webhooks(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    form = WebhookForm()
    if form.validate_on_submit():
        try:
            webhook = webhooks.subscribe(event, form.url.data, form.topics.data, user())
        except webhooks.WebhookError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            flash(_("Webhook added. Its signing secret is shown in the list."), "success")
            return redirect(url_for("manage.event_webhooks", slug=slug, _anchor=f"webhook-{webhook.id}"))
    return render_template(
        "manage/webhooks.html",
        event=event,
        form=form,
        confirm=ConfirmForm(),
        hooks=webhooks.event_webhooks(event),
        deliveries=webhooks.recent_deliveries(event),
    )


@bp.post("/events/<slug>/webhooks/<int:webhook_id>/delete")
def webhook_delete(slug: str, webhook_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None or webhook.event_id != event.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        webhooks.unsubscribe(webhook)
        flash(_("Webhook removed."), "success")
    return redirect(url_for("manage.event_webhooks", slug=slug))


@bp.get("/events/<slug>/embed")
def event_embed(slug: str) -> str:
    """The snippets partners paste to show this event's agenda on their sites."""
    event = managed_event_or_404(slug)
    return render_template("manage/embed.html", event=event)
