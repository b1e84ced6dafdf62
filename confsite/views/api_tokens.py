"""Personal API tokens on the account page: create (shown once), list, revoke."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from confsite.extensions import db
from confsite.i18n import _, _l
from confsite.models import Event, RoleAssignment, RoleName, Series
from confsite.services import api_tokens
from confsite.services.permissions import is_admin, managed_event_ids
from confsite.views.choices import select_choices

bp = Blueprint("api_tokens", __name__, url_prefix="/me")


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=100)],
        description=_l("What the token is for, e.g. “agenda sync on our project website”."),
    )
    scope = RadioField(
        _l("Scope"),
        choices=select_choices(
            [("read", _l("Read only")), ("write", _l("Read and write (for events you organise)"))]
        ),
        default="read",
    )
    restriction = SelectField(_l("Limit to"), choices=[], default="")


class RevokeForm(FlaskForm):
    pass


def _restriction_choices() -> list[SelectChoice]:
    """Events and series the user organises (all, for administrators)."""
    events = sa.select(Event).order_by(Event.start_at.desc())
    ids = managed_event_ids(current_user)
    if ids is not None:
        events = events.where(Event.id.in_(ids))
    series = sa.select(Series).order_by(Series.title)
    if not is_admin(current_user):
        series = series.where(
            Series.id.in_(
                sa.select(RoleAssignment.series_id).where(
                    RoleAssignment.user_id == current_user.id, RoleAssignment.role == RoleName.ORGANISER
                )
            )
        )
    return select_choices(
        [("", _("Everything my account may do"))]
        + [(f"event:{e.id}", _("Event: %(title)s", title=e.title)) for e in db.session.scalars(events)]
        + [(f"series:{s.id}", _("Series: %(title)s", title=s.title)) for s in db.session.scalars(series)]
    )


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens() -> ResponseReturnValue:
    form = TokenForm()
    form.restriction.choices = _restriction_choices()
    secret = None
    if form.validate_on_submit():
        kind, _sep, ident = form.restriction.data.partition(":")
        event = db.session.get(Event, int(ident)) if kind == "event" else None
        series = db.session.get(Series, int(ident)) if kind == "series" else None
        try:
            created = api_tokens.create_token(
                current_user, name=form.name.data, scope=form.scope.data, event=event, series=series
            )
        except api_tokens.TokenError as exc:
            form.name.errors.append(str(exc))
        else:
            secret = created.secret
            form = TokenForm(formdata=None)
            form.restriction.choices = _restriction_choices()
    return render_template(
        "account/tokens.html",
        form=form,
        revoke_form=RevokeForm(),
        tokens=api_tokens.user_tokens(current_user),
        secret=secret,
    )


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> ResponseReturnValue:
    if not RevokeForm().validate_on_submit():
        abort(400)
    if not api_tokens.revoke(current_user, token_id):
        abort(404)
    flash(_("The token is revoked: requests with it are refused from now on."), "success")
    return redirect(url_for("api_tokens.tokens"))
