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
    assert _counts() == (3, 17, 17 * 5, 1)
    partners = db.session.scalars(
        sa.select(RoleAssignment).where(RoleAssignment.role == RoleName.PARTNER)
    ).all()
    assert len(partners) == 5 and all(p.organisation_id and p.user_id for p in partners)
    areas = db.session.scalars(sa.select(PolicyArea).order_by(PolicyArea.position)).all()
    assert all(area.session is not None for area in areas)
    ranked = rankings(areas)
    first_area = [item.recommendation.final_rank for item in ranked[areas[0].id]]
    assert first_area == list(range(1, len(first_area) + 1))  # frozen order
    means = [item.mean for item in ranked[areas[0].id]]
    assert means == sorted(means, reverse=True)

    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _counts() == (3, 17, 17 * 5, 1)

    md = client.get("/series/regions4permed/reports/published/1.md").get_data(as_text=True)
    top = [item.recommendation.text for item in ranked[areas[0].id]]
    assert_in_order(
        md,
        "## Overview",
        "Programme: ",
        "## Policy areas and key recommendations",
        "1. " + top[0][:40],
        "2. " + top[1][:40],
        "## Capacity-building conclusions",
        "## Conclusions",
    )
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
