"""Registrations and check-in over HTTP, for the event's organisers (``/api/v1``):
what a CRM or a badge printer needs. Check-ins go through the same service as the
check-in page, so plugins and webhooks hear of them."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from confsite.extensions import db
from confsite.models import Registration, RegistrationStatus
from confsite.rest import auth
from confsite.rest.schemas import PageArgs, PageMixin, StrictSchema
from confsite.services import registration as registration_service

bp = Blueprint("api_registrations", __name__, description="Registrations and check-in (organisers)")


class RegistrationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    organisation = ma.fields.String(required=True)
    country = ma.fields.String(allow_none=True, required=True)
    sector = ma.fields.Function(lambda r: r.sector.value, required=True)
    status = ma.fields.Function(lambda r: r.status.value, required=True)
    registered_at = ma.fields.AwareDateTime(attribute="created_at", required=True)
    checked_in_at = ma.fields.AwareDateTime(allow_none=True, required=True)


class RegistrationPageSchema(PageMixin):
    items = ma.fields.List(ma.fields.Nested(RegistrationSchema), required=True)


class RegistrationFilterArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf([s.value for s in RegistrationStatus]))


class CheckInInput(StrictSchema):
    checked_in = ma.fields.Boolean(required=True, metadata={"description": "false undoes a check-in"})


@bp.route("/events/<slug>/registrations")
class RegistrationList(MethodView):
    @bp.arguments(RegistrationFilterArgs, location="query")
    @bp.response(200, RegistrationPageSchema)
    def get(self, args: dict, slug: str) -> dict:
        """Registrations in the order they came, optionally of one status."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=False)
        query = sa.select(Registration).where(Registration.event_id == event.id)
        if "status" in args:
            query = query.where(Registration.status == RegistrationStatus(args["status"]))
        total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
        page, per_page = args["page"], args["per_page"]
        items = db.session.scalars(
            query.order_by(Registration.created_at, Registration.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        return {"items": items, "page": page, "per_page": per_page, "total": total}


@bp.route("/events/<slug>/registrations/<int:registration_id>/check-in")
class RegistrationCheckIn(MethodView):
    @bp.arguments(CheckInInput)
    @bp.response(200, RegistrationSchema)
    def put(self, data: dict, slug: str, registration_id: int) -> Registration:
        """Check a confirmed attendee in (or undo it)."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=True)
        registration = db.session.get(Registration, registration_id)
        if registration is None or registration.event_id != event.id:
            abort(404, "No such registration in this event.")
        try:
            registration_service.check_in(registration, undo=not data["checked_in"])
        except registration_service.RegistrationError as exc:
            abort(409, str(exc))
        return registration
