"""The demo shows the plugin at work: partners, policy areas, votes in priority order,
a published key-area report; loading it twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.reports.models import PolicyArea, PublishedReport, Recommendation, Vote
from confsite_plugins.reports.voting import rankings

from confsite.extensions import db
from confsite.models import RoleAssignment, RoleName
from tests.plugins.reports.conftest import assert_in_order


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (PolicyArea, Recommendation, Vote, PublishedReport)
    )


def test_demo_loads_partners_votes_and_a_published_report(app, runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    # 17 recommendations scored by all five partners, plus a late one with a single vote
    assert _counts() == (3, 18, 17 * 5 + 1, 1)
    partners = db.session.scalars(
        sa.select(RoleAssignment).where(RoleAssignment.role == RoleName.PARTNER)
    ).all()
    assert len(partners) == 5 and all(p.organisation_id and p.user_id for p in partners)
    areas = db.session.scalars(sa.select(PolicyArea).order_by(PolicyArea.position)).all()
    assert all(area.session is not None for area in areas)
    ranked = rankings(areas)
    first = ranked[areas[0].id]
    ranks = [item.rank for item in first]
    assert ranks[:-1] == list(range(1, len(first))) and ranks[-1] is None  # below the quorum, apart
    assert first[-1].votes == 1 and first[-1].mean == 5.0
    scores = [item.score for item in first[:-1]]
    assert scores == sorted(scores, reverse=True)

    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _counts() == (3, 18, 17 * 5 + 1, 1)

    md = client.get("/series/regions4permed/reports/published/1.md").get_data(as_text=True)
    assert_in_order(
        md,
        "Regions4PerMed",
        "| Grant agreement | \\[placeholder\\] 000000000 |",
        "**Document history**",
        "**Contents**",
        "## Overview",
        "## Innovation Flow in the Healthcare: Key Area 4 Conference",
        "In a nutshell",
        "Session I",
        "*Take-home messages*",
        "Main outcomes",
        "## Key Area 4 Interregional Workshop",
        "| 1 | " + first[0].recommendation.text[:40],
        "| 5 of 5 |",
        "Below the quorum of 3 partner vote(s), not ranked:",
        "(1 of 5 partners voted)",
        "## Capacity-building conclusions",
        "## Co-creation and prioritisation",
        "## Key message to policy makers",
    )
    assert "Training: preparing an innovation procurement" not in md  # the later event is not chosen
    assert "Partnership fact sheet" not in md
    assert "Key Area 4 report" in client.get("/series/regions4permed/").get_data(as_text=True)


def test_demo_partner_can_sign_in_and_sees_the_workspace(app, runner, client):
    runner.invoke(args=["demo"])
    response = client.post(
        "/login", data={"email": "laura.mosquera@example.org", "password": "confsite-demo"}
    )
    assert response.status_code == 302
    page = client.get("/manage/events/ka4-workshop-2021/reports/").get_data(as_text=True)
    assert "Galician Health Knowledge Agency (ACIS)" in page
    assert "Smart and future hospitals" in page
