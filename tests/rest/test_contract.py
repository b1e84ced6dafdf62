"""Contract tests: Schemathesis generates requests from /api/v1/openapi.json and checks
that no answer is a server error and every answer matches the document (status code,
content type, headers, body schema). Bounded: a few dozen examples per operation.
The document itself must validate as OpenAPI 3.1."""

from __future__ import annotations

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from confsite.extensions import db
from confsite.models import Event, Registration, RoleAssignment, RoleName, SessionChange
from confsite.services.api_tokens import create_token
from confsite.services.registration import Applicant, register
from confsite.services.webhooks import subscribe

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def contract(make_app, make):
    """An app with an event, its programme and an administrator's write token."""
    app = make_app(API_RATE_LIMIT=100_000)
    with app.app_context():
        series = make.series(slug="regions4permed")
        event = make.event(slug="ka4", series=series)
        room = make.room(event, "Stream")
        person = make.person(name="Žiga Øystein")
        session = make.session(event, title="Session I", room=room)
        make.talk(session, [person], title="A talk")
        admin = make.user("admin@example.org", admin=True)
        make.role(admin, RoleName.ORGANISER, event=event)
        secret = create_token(admin, name="contract", scope="write").secret
        registration, _ = register(event, Applicant(name="Ana Núñez", email="ana@example.org", consent=True))
        webhook = subscribe(event, "https://93.184.216.34/in", ["event.published"], admin)
        db.session.commit()
        known = {
            "slug": "ka4",
            "session_id": session.id,
            "registration_id": registration.id,
            "assignment_id": db.session.scalar(sa.select(RoleAssignment.id)),
            "plugin": "take_home",
            "webhook_id": webhook.id,
        }
    return app, secret, known


def _check_operation(app, operation, mode, headers, known):
    # Valid requests go to the seeded event and session, so they reach the services;
    # invalid ones are free to break the path too.
    path_parameters = None
    if mode is GenerationMode.POSITIVE:
        names = {p.name for p in operation.path_parameters}
        path_parameters = {k: v for k, v in known.items() if k in names} or None

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def run(case):
        with app.app_context():
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            finally:
                db.session.remove()

    try:
        run()
    except Unsatisfiable:
        # Negative mode finds nothing to break in some operations (a path with one free
        # string, no body): there is no invalid request to send.
        if mode is not GenerationMode.NEGATIVE:
            raise
    except Exception as exc:
        exc.add_note(f"operation: {operation.method.upper()} {operation.path} ({mode.value})")
        raise


def test_api_honours_its_contract(contract):
    """Every operation, with valid and with invalid data (Schemathesis's two modes)."""
    app, secret, known = contract
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 26
    for operation in operations:
        headers = {"Authorization": f"Bearer {secret}"} if operation.method.upper() != "GET" else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _check_operation(app, operation, mode, headers, known)
    # Valid requests really reached the services: the seeded event got new rooms, and its
    # programme changed (sessions added, replaced or deleted: each logged).
    with app.app_context():
        event = db.session.scalar(sa.select(Event).where(Event.slug == "ka4"))
        assert len(event.rooms) > 1
        logged = db.session.scalar(
            sa.select(sa.func.count()).select_from(SessionChange).where(SessionChange.event_id == event.id)
        )
        assert logged > 0
        # ...and so did the organisers' operations: registrations made, roles granted or taken.
        registrations = db.session.scalar(
            sa.select(sa.func.count()).select_from(Registration).where(Registration.event_id == event.id)
        )
        assert registrations > 1
        roles_logged = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(SessionChange)
            .where(SessionChange.event_id == event.id, SessionChange.field == "role")
        )
        assert roles_logged > 0


def test_the_openapi_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema
    assert "/api/v1/events/{slug}/sessions" in document["paths"]
    problem = document["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(problem) == ["application/problem+json"]
