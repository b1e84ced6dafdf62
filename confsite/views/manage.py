"""The organiser workspace (/manage/)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from confsite.extensions import db
from confsite.models import Event
from confsite.plugins import host
from confsite.services.lookup import event_by_slug
from confsite.services.permissions import can_manage_event, managed_event_ids

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.get("/")
@login_required
def index() -> str:
    query = sa.select(Event).order_by(Event.start_at.desc())
    ids = managed_event_ids(current_user)
    if ids is not None:
        query = query.where(Event.id.in_(ids))
    events = db.session.scalars(query).all()
    return render_template("manage/index.html", events=events)


@bp.get("/events/<slug>/")
@login_required
def event(slug: str) -> str:
    found = event_by_slug(slug)
    if found is None or not can_manage_event(current_user, found):
        abort(404)
    tabs = sorted(host().collect("manage_tabs", event=found, user=current_user), key=lambda t: t.order)
    return render_template("manage/event.html", event=found, tabs=tabs)
