"""The demo shows every feature of the plugin with content, and loading it twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.calls import evaluation, matchmaking
from confsite_plugins.calls.models import (
    Call,
    CallKind,
    Decision,
    Meeting,
    Profile,
    Review,
    Submission,
    Voucher,
)

from confsite.demo import DEMO_PASSWORD, load_full_demo
from confsite.extensions import db
from confsite.models import Event, Talk

TABLES = (Call, Submission, Review, Voucher, Profile, Meeting, Talk)


def _counts() -> dict[str, int]:
    return {t.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in TABLES}


def test_demo_has_every_feature_and_is_idempotent(app, client):
    load_full_demo()
    first = _counts()
    load_full_demo()
    assert _counts() == first
    kinds = {c.kind for c in db.session.scalars(sa.select(Call))}
    assert kinds == set(CallKind)
    best = db.session.scalar(sa.select(Call).where(Call.kind == CallKind.BEST_PRACTICE))
    decisions = {rank.submission.decision for rank in evaluation.ranking(best)}
    assert decisions == {Decision.ACCEPTED, Decision.WAITLISTED, Decision.REJECTED}
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Submission).where(Submission.in_catalogue))
        == 2
    )
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Submission).where(Submission.talk_id.is_not(None))
        )
        == 1
    )
    workshop = db.session.scalar(sa.select(Event).where(Event.slug == "smarthealth-competences-workshop"))
    grid = matchmaking.matrix(workshop)
    assert len(grid.profiles) == 6 and grid.meetings == 3 and grid.cross_regional_meetings == 2
    assert first["Voucher"] == 2

    # A participant sees the meetings in My agenda; the public finds the catalogue.
    client.post("/login", data={"email": "saskia.peeters@example.org", "password": DEMO_PASSWORD})
    agenda = client.get("/me/agenda").get_data(as_text=True)
    assert "1:1 meeting with Katrin Müller" in agenda and "1:1 meeting with Bart De Clercq" in agenda
    page = client.get("/series/s3-personalised-medicine/best-practices").get_data(as_text=True)
    assert "Molecular tumour board for the whole region" in page
