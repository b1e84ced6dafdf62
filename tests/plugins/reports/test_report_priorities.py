"""Prioritisation a consortium can defend: quorum, n of m partners voted, mean,
spread, the confidence-adjusted ranking score, visible tie-breaks, and votes that
survive a merge."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.reports.models import PolicyArea, Recommendation, RecommendationStatus, Vote
from confsite_plugins.reports.voting import ranking

from confsite.extensions import db
from tests.plugins.reports.conftest import act, add_area, open_voting, propose, vote


def _accepted(scenario, area: int, text: str) -> int:
    rec = propose(scenario, "beta", area, text)
    assert act(scenario, "organiser", rec, "accept").status_code == 302
    return rec


def _area(area_id: int) -> PolicyArea:
    db.session.expire_all()
    return db.session.get(PolicyArea, area_id)


def test_quorum_confidence_adjustment_and_visible_tie_breaks(scenario):
    area = add_area(scenario, "Priorities")
    lone = _accepted(scenario, area, "One enthusiastic vote.")
    broad = _accepted(scenario, area, "Broad support.")
    twin = _accepted(scenario, area, "Same support, proposed later.")
    pair = _accepted(scenario, area, "Two top votes.")
    open_voting(scenario)
    assert vote(scenario, "alpha1", {lone: 5, broad: 4, twin: 5, pair: 5}).status_code == 302
    assert vote(scenario, "beta", {broad: 5, twin: 4, pair: 5}).status_code == 302
    assert vote(scenario, "gamma", {broad: 5, twin: 5}).status_code == 302

    # Without a quorum the single 5 is ranked, but last: (5 + 6) / 3 = 3.67 < (14 + 6) / 5 = 4.
    items = ranking(_area(area))
    assert [i.recommendation.id for i in items] == [broad, twin, pair, lone]
    assert [round(i.score, 2) for i in items] == [4.0, 4.0, 4.0, 3.67]
    assert items[1].tie_break == "same score as priority 1: proposed later"
    assert items[2].tie_break == "same score as priority 2: fewer votes"
    assert items[0].voted_text == "3 of 3" and items[2].voted_text == "2 of 3"
    assert items[0].spread == "4–5 (σ 0.47)"

    organiser = scenario.client("organiser")
    assert (
        organiser.post("/manage/events/ka-workshop/reports/quorum", data={"quorum": "0"}).status_code == 302
    )
    assert (
        scenario.client("beta")
        .post("/manage/events/ka-workshop/reports/quorum", data={"quorum": "2"})
        .status_code
        == 403
    )
    assert (
        organiser.post("/manage/events/ka-workshop/reports/quorum", data={"quorum": "2"}).status_code == 302
    )
    items = ranking(_area(area))
    assert [(i.recommendation.id, i.rank) for i in items] == [(broad, 1), (twin, 2), (pair, 3), (lone, None)]

    results = organiser.get("/manage/events/ka-workshop/reports/results").get_data(as_text=True)
    assert "below quorum" in results and "same score as priority 1: proposed later" in results
    md = organiser.get("/manage/events/ka-workshop/reports/export/md").get_data(as_text=True)
    assert "| 1 | Broad support. (Addressed to: Regions.) | 3 of 3 | 4.67 | 4–5 (σ 0.47) | 4.00 |" in md
    assert "| 2 (same score as priority 1: proposed later) | Same support, proposed later." in md
    assert "Below the quorum of 2 partner vote(s), not ranked:" in md
    assert "- One enthusiastic vote. (Addressed to: Regions.) (1 of 3 partners voted)" in md

    # Freezing keeps the quorum's verdict: the lone item gets no rank.
    assert organiser.post("/manage/events/ka-workshop/reports/freeze").status_code == 302
    db.session.expire_all()
    assert db.session.get(Recommendation, lone).final_rank is None
    assert db.session.get(Recommendation, broad).final_rank == 1


def test_merging_carries_votes_over(scenario):
    area = add_area(scenario, "Merging")
    kept = _accepted(scenario, area, "The recommendation that stays.")
    folded = _accepted(scenario, area, "A near duplicate.")
    open_voting(scenario)
    vote(scenario, "alpha1", {kept: 5, folded: 3})
    vote(scenario, "gamma", {folded: 2})
    response = act(scenario, "organiser", folded, "merge", into_id=kept)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Recommendation, folded).status == RecommendationStatus.MERGED
    scores = dict(
        db.session.execute(
            sa.select(Vote.organisation_id, Vote.score).where(Vote.recommendation_id == kept)
        ).all()
    )
    assert scores == {scenario.orgs["alpha"].id: 5, scenario.orgs["gamma"].id: 2}
    assert not db.session.scalar(
        sa.select(sa.func.count()).select_from(Vote).where(Vote.recommendation_id == folded)
    )
    # a partner cannot merge
    other = _accepted(scenario, area, "Another one.")
    assert act(scenario, "beta", other, "merge", into_id=kept).status_code == 403
