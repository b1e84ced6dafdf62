"""Registrations and check-in over HTTP, for the event's organisers (``/api/v1``):
what a CRM or a badge printer needs. Registering, cancelling and checking in go through
the same service as the organiser pages (``services.registration``): capacity, the
waiting list and its promotions, e-mails, plugins and webhooks follow as they do there."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from confsite.countries import normalise_country
from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus, Sector
from confsite.rest import auth
from confsite.rest.problems import invalid
from confsite.rest.schemas import PageArgs, PageMixin, StrictSchema, Text
from confsite.services import changes
from confsite.services import registration as registration_service
from confsite.services.accounts import AccountError, normalise_email

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


class RegistrationInput(StrictSchema):
    name = Text(registration_service.MAX_NAME, min_length=1, required=True)
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    organisation = Text(registration_service.MAX_ORGANISATION, load_default="")
    country = Text(60, allow_none=True, metadata={"description": "ISO 3166 code or English name"})
    sector = ma.fields.String(
        load_default=Sector.OTHER.value, validate=validate.OneOf([s.value for s in Sector])
    )
    consent = ma.fields.Boolean(
        required=True,
        validate=validate.Equal(True, error="Registration needs the person's consent."),
        metadata={
            "description": "Must be true: the person agreed to the processing of their data",
            "enum": [True],
        },
    )
    waitlist = ma.fields.Boolean(
        load_default=True,
        metadata={"description": "false: refuse (409) rather than put the person on the waiting list"},
    )

    @ma.validates("country")
    def _known_country(self, value: str | None, **_: object) -> None:
        if value and normalise_country(value) is None:
            raise ma.ValidationError(f"Unknown country {value!r}: use an ISO code such as ES.")

    @ma.validates("name")
    def _not_blank(self, value: str, **_: object) -> None:
        if not value.strip():
            raise ma.ValidationError("A registration needs the person's name.")

    @ma.validates("email")
    def _address_the_site_accepts(self, value: str, **_: object) -> None:
        try:
            normalise_email(value)
        except AccountError as exc:
            raise ma.ValidationError(f"Not an address the site can write to: {exc}") from None


class CancelledSchema(ma.Schema):
    registration = ma.fields.Nested(RegistrationSchema, required=True)
    promoted = ma.fields.List(
        ma.fields.Nested(RegistrationSchema),
        required=True,
        metadata={"description": "People confirmed from the waiting list into the freed seat"},
    )


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

    @bp.arguments(RegistrationInput)
    @bp.response(201, RegistrationSchema)
    def post(self, data: dict, slug: str) -> Registration:
        """Register a person: confirmed while seats last, then on the waiting list (or 409
        with ``waitlist: false``); they get the same e-mail as from the organiser page.
        409 also when the address is already registered or the event is not open."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=True)
        applicant = registration_service.Applicant(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            country=normalise_country(data.get("country")),
            sector=data["sector"],
            consent=data["consent"],
        )
        problems = registration_service.applicant_problems(applicant)
        if problems:  # the schema checks the same; this keeps a 422 should they ever differ
            invalid("_schema", " ".join(problems))
        try:
            found, created = registration_service.register(
                event, applicant, bypass_window=True, waitlist=data["waitlist"]
            )
        except registration_service.EventFull:
            abort(409, "The event is full (no seat left) and waitlist was false.")
        except registration_service.RegistrationError as exc:
            abort(409, str(exc))
        if not created:
            abort(
                409,
                f"{found.email} is already registered for this event "
                f"(registration {found.id}, {found.status.value}).",
            )
        changes.audit_event(event, "registration", "", _registration_text(found), auth.caller())
        return found


def _registration_text(registration: Registration) -> str:
    """How the change log names a registration: its number and status, never the person
    (the log outlives the retention period of personal data)."""
    return f"#{registration.id} {registration.status.value}"


def _registration_or_404(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404, "No such registration in this event.")
    return registration


@bp.route("/events/<slug>/registrations/<int:registration_id>")
class RegistrationItem(MethodView):
    @bp.response(200, RegistrationSchema)
    def get(self, slug: str, registration_id: int) -> Registration:
        """One registration (organisers)."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=False)
        return _registration_or_404(event, registration_id)


@bp.route("/events/<slug>/registrations/<int:registration_id>/cancel")
class RegistrationCancel(MethodView):
    @bp.response(200, CancelledSchema)
    def post(self, slug: str, registration_id: int) -> dict:
        """Cancel a registration; a freed seat goes to the head of the waiting list, who
        is told by e-mail (409 if it is already cancelled)."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=True)
        registration = _registration_or_404(event, registration_id)
        before = _registration_text(registration)
        try:
            promoted = registration_service.cancel_registration(registration)
        except registration_service.RegistrationError as exc:
            abort(409, str(exc))
        changes.audit_event(event, "registration", before, _registration_text(registration), auth.caller())
        return {"registration": registration, "promoted": promoted}


@bp.route("/events/<slug>/registrations/<int:registration_id>/check-in")
class RegistrationCheckIn(MethodView):
    @bp.arguments(CheckInInput)
    @bp.response(200, RegistrationSchema)
    def put(self, data: dict, slug: str, registration_id: int) -> Registration:
        """Check a confirmed attendee in (or undo it)."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=True)
        registration = _registration_or_404(event, registration_id)
        try:
            registration_service.check_in(registration, undo=not data["checked_in"])
        except registration_service.RegistrationError as exc:
            abort(409, str(exc))
        return registration
