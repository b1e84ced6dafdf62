"""``confsite check-seats [--fix]`` reports and repairs a drifted seat counter."""

from __future__ import annotations

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus
from confsite.services import registration as reg


def test_check_seats_reports_then_repairs_and_promotes(app, make, runner):
    event = make.event(slug="drifty", capacity=2)
    reg.register(event, reg.Applicant("Ana", "ana@example.org", consent=True))
    reg.register(event, reg.Applicant("Bo", "bo@example.org", consent=True))
    waiting, _ = reg.register(event, reg.Applicant("Cy", "cy@example.org", consent=True))
    assert waiting.status == RegistrationStatus.WAITLISTED
    clean = runner.invoke(args=["check-seats"])
    assert clean.exit_code == 0 and "Every seat counter matches" in clean.output

    # Drift as the re-registration race left it: a seat held by nobody.
    db.session.execute(
        sa.update(Registration).where(Registration.email == "bo@example.org").values(status="cancelled")
    )
    db.session.commit()
    report = runner.invoke(args=["check-seats"])
    assert report.exit_code == 1
    assert "drifty: counter 2, confirmed registrations 1" in report.output
    db.session.expire_all()
    assert db.session.get(Event, event.id).confirmed_count == 2  # a report changes nothing

    fixed = runner.invoke(args=["check-seats", "--fix"])
    assert fixed.exit_code == 0 and "fixed; 1 promoted" in fixed.output
    db.session.expire_all()
    assert db.session.get(Event, event.id).confirmed_count == 2
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    again = runner.invoke(args=["check-seats", "--fix"])
    assert again.exit_code == 0 and "Every seat counter matches" in again.output
