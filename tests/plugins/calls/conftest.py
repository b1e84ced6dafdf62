"""Fixtures of the calls-plugin tests: an event with an organiser, applicants and
reviewers (names from several EU languages), and a call built with the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from confsite_plugins.calls import services
from confsite_plugins.calls.models import Call, CallKind, FieldKind

from confsite.extensions import db
from confsite.models import Event, RoleName, User

# The smallest files each sniffer recognises.
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class World:
    event: Event
    organiser: User
    applicant: User
    other: User
    reviewers: list[User]


@pytest.fixture
def world(app, make) -> World:
    event = make.event(title="Personalised medicine days", kind="workshop")
    organiser = make.user("org@example.org", display_name="Øystein Organiser")
    make.role(organiser, RoleName.ORGANISER, event=event)
    applicant = make.user("angel@example.org", display_name="Ángel Solicitante")
    other = make.user("lukasz@example.org", display_name="Łukasz Inny")
    reviewers = [
        make.user("ziga@example.org", display_name="Žiga Recenzent"),
        make.user("siobhan@example.org", display_name="Siobhán Reviewer"),
        make.user("jurgen@example.org", display_name="Jürgen Gutachter"),
    ]
    return World(event, organiser, applicant, other, reviewers)


def open_call(event: Event, kind: CallKind = CallKind.BEST_PRACTICE, **overrides) -> Call:
    now = datetime.now(UTC).replace(microsecond=0)
    data = services.CallInput(
        kind=kind,
        title=overrides.pop("title", "Best practices in personalised medicine"),
        description="Tell us how personalised medicine reached patients in your region.",
        eligibility="Hospitals, regional health services and research teams.",
        opens_at=overrides.pop("opens_at", now - timedelta(days=1)),
        closes_at=overrides.pop("closes_at", now + timedelta(days=10)),
        published=overrides.pop("published", True),
        allow_coapplicants=overrides.pop("allow_coapplicants", True),
        anonymous=overrides.pop("anonymous", False),
        two_stage=overrides.pop("two_stage", False),
    )
    call = services.create_call(data, event=event)
    db.session.commit()
    return call


def add_field(call: Call, kind: FieldKind, label: str, **kw) -> int:
    form_field = services.add_field(
        call,
        services.FieldInput(
            kind=kind,
            label=label,
            help=kw.get("help", ""),
            required=kw.get("required", False),
            options=kw.get("options", []),
            max_length=kw.get("max_length"),
            file_types=kw.get("file_types", []),
            max_size_kb=kw.get("max_size_kb"),
        ),
    )
    db.session.commit()
    return form_field.id


@pytest.fixture
def best_practice_call(world) -> Call:
    call = open_call(world.event)
    add_field(call, FieldKind.LONG_TEXT, "What changed for patients", required=True, max_length=200)
    add_field(
        call, FieldKind.CHOICE, "Topic", required=True, options=["Oncology", "Rare diseases", "Prevention"]
    )
    add_field(call, FieldKind.COUNTRY, "Country", required=True)
    add_field(call, FieldKind.FILE, "Supporting document", file_types=["pdf"], max_size_kb=2)
    add_field(call, FieldKind.CONSENT, "I agree that an awarded example is published", required=True)
    return call


def form_keys(call: Call) -> dict[str, str]:
    """Label -> posted key, so tests read like the form."""
    return {f.label: f"f{f.id}" for f in call.fields}
