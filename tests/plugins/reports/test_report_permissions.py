"""Who may do what: only partners vote, once per organisation; only organisers review,
freeze and publish; outsiders see nothing of the workspace."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.reports.models import (
    PublishedReport,
    Recommendation,
    RecommendationStatus,
    ReportSettings,
    Vote,
)

from confsite.extensions import db
from confsite.services.plugin_settings import set_plugin_enabled
from tests.plugins.reports.conftest import act, add_area, open_voting, propose, vote


def _accepted(scenario, text="Pool research facilities."):
    area = add_area(scenario, "Infrastructure models")
    rec = propose(scenario, "beta", area, text)
    assert act(scenario, "organiser", rec, "accept").status_code == 302
    return rec


def test_outsiders_and_anonymous_users_cannot_open_the_workspace(scenario, reports_app):
    assert scenario.client("outsider").get("/manage/events/ka-workshop/reports/").status_code == 403
    assert scenario.client("outsider").get("/manage/series/key-area/reports/builder").status_code == 403
    anonymous = reports_app.test_client()
    response = anonymous.get("/manage/events/ka-workshop/reports/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert scenario.client("beta").get("/manage/events/ka-workshop/reports/").status_code == 200
    assert scenario.client("organiser").get("/manage/events/ka-workshop/reports/").status_code == 200


def test_only_partners_vote(scenario):
    rec = _accepted(scenario)
    open_voting(scenario)
    assert vote(scenario, "organiser", {rec: 5}).status_code == 403
    assert vote(scenario, "outsider", {rec: 5}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Vote.id))) == 0
    assert vote(scenario, "gamma", {rec: 4}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Vote.id))) == 1


def test_one_voice_per_organisation_the_colleague_changes_it(scenario):
    rec = _accepted(scenario)
    open_voting(scenario)
    assert vote(scenario, "alpha1", {rec: 2}).status_code == 302
    assert vote(scenario, "alpha2", {rec: 5}).status_code == 302
    assert vote(scenario, "alpha1", {rec: 4}).status_code == 302
    db.session.expire_all()
    votes = db.session.scalars(sa.select(Vote)).all()
    assert [(v.organisation_id, v.score, v.user_id) for v in votes] == [
        (scenario.orgs["alpha"].id, 4, scenario.users["alpha1"].id)
    ]
    page = scenario.client("alpha2").get("/manage/events/ka-workshop/reports/vote").get_data(as_text=True)
    assert '<option value="4" selected>' in page  # the colleague sees the organisation's vote


def test_votes_outside_the_window_or_on_unaccepted_recommendations_are_refused(scenario):
    rec = _accepted(scenario)
    response = vote(scenario, "beta", {rec: 3})
    assert response.status_code == 400 and "Voting has not been scheduled yet." in response.get_data(
        as_text=True
    )
    draft = propose(
        scenario, "beta", db.session.get(Recommendation, rec).area_id, "Still a draft.", submit=False
    )
    open_voting(scenario)
    response = vote(scenario, "beta", {rec: 3, draft: 5})
    assert response.status_code == 400
    assert "only vote on accepted recommendations" in response.get_data(as_text=True)
    response = vote(scenario, "beta", {rec: 9})
    assert response.status_code == 400 and "Scores go from 1 to 5." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Vote.id))) == 0  # all or nothing


def test_only_organisers_review_freeze_and_publish(scenario):
    area = add_area(scenario, "Infrastructure models")
    rec = propose(scenario, "beta", area, "Pool research facilities.")
    assert act(scenario, "gamma", rec, "accept").status_code == 403
    assert act(scenario, "beta", rec, "reject", reason="mine").status_code == 403
    db.session.expire_all()
    assert db.session.get(Recommendation, rec).status == RecommendationStatus.SUBMITTED
    partner = scenario.client("beta")
    assert partner.post("/manage/events/ka-workshop/reports/freeze").status_code == 403
    assert partner.post("/manage/series/key-area/reports/publish").status_code == 403
    assert partner.get("/manage/series/key-area/reports/export/md").status_code == 403
    assert (
        partner.post("/manage/events/ka-workshop/reports/areas/new", data={"title": "Mine"}).status_code
        == 403
    )
    assert db.session.scalar(sa.select(sa.func.count(PublishedReport.id))) == 0
    settings = db.session.scalar(sa.select(ReportSettings))
    assert settings is None or settings.order_frozen_at is None
    organiser = scenario.client("organiser")
    assert organiser.post("/manage/events/ka-workshop/reports/freeze").status_code == 302
    assert organiser.post("/manage/series/key-area/reports/publish").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(PublishedReport.id))) == 1


def test_frozen_order_stops_votes_and_reviews(scenario):
    rec = _accepted(scenario)
    open_voting(scenario)
    area = db.session.get(Recommendation, rec).area_id
    late = propose(scenario, "gamma", area, "A late idea.")
    scenario.client("organiser").post("/manage/events/ka-workshop/reports/freeze")
    response = vote(scenario, "beta", {rec: 5})
    assert response.status_code == 400 and "frozen" in response.get_data(as_text=True)
    page = act(scenario, "organiser", late, "accept")
    db.session.expire_all()
    assert db.session.get(Recommendation, late).status == RecommendationStatus.SUBMITTED
    assert page.status_code == 302


def test_the_plugin_answers_404_where_it_is_switched_off(scenario):
    set_plugin_enabled("reports", False, series=scenario.series)
    db.session.commit()
    assert scenario.client("organiser").get("/manage/series/key-area/reports/builder").status_code == 404
    assert scenario.client("organiser").get("/manage/events/ka-workshop/reports/").status_code == 404
    assert scenario.client("beta").get("/series/key-area/reports/published/").status_code == 404


def test_partner_authors_edit_only_their_own_open_recommendations(scenario):
    area = add_area(scenario, "Infrastructure models")
    rec = propose(scenario, "beta", area, "Pool research facilities.", submit=False)
    url = f"/manage/events/ka-workshop/reports/recommendations/{rec}/edit"
    assert scenario.client("gamma").get(url).status_code == 403
    response = scenario.client("beta").post(
        url, data={"text": "Pool and share research facilities.", "addressee": "regions"}
    )
    assert response.status_code == 302
    act(scenario, "beta", rec, "submit")
    act(scenario, "organiser", rec, "accept")
    assert scenario.client("beta").get(url).status_code == 403  # accepted: organisers only
    assert scenario.client("organiser").get(url).status_code == 200


def test_tabs_offer_only_what_the_user_may_do(scenario):
    partner = scenario.client("beta").get("/manage/events/ka-workshop/reports/").get_data(as_text=True)
    assert ">Vote</a>" in partner and ">Report builder</a>" not in partner
    organiser = scenario.client("organiser").get("/manage/events/ka-workshop/reports/").get_data(as_text=True)
    assert ">Vote</a>" not in organiser and ">Report builder</a>" in organiser
    assert "Add a policy area" in organiser and "Add a policy area" not in partner


def test_series_workspace_leads_to_the_events_policy_areas(scenario):
    add_area(scenario, "Infrastructure models")
    page = scenario.client("beta").get("/manage/series/key-area/reports/").get_data(as_text=True)
    assert "/manage/events/ka-workshop/reports/" in page and "(1 area)" in page


def test_organisers_edit_areas_and_can_unfreeze(scenario):
    area = add_area(scenario, "Infrastructure models")
    organiser = scenario.client("organiser")
    url = f"/manage/events/ka-workshop/reports/areas/{area}/edit"
    assert "Infrastructure models" in organiser.get(url).get_data(as_text=True)
    response = organiser.post(url, data={"title": "", "session_id": 0})
    assert response.status_code == 400 and "This field is required." in response.get_data(as_text=True)
    assert (
        organiser.post(
            url,
            data={"title": "Research infrastructures", "rationale": "New.", "position": 2, "session_id": 0},
        ).status_code
        == 302
    )
    from confsite_plugins.reports.models import PolicyArea

    db.session.expire_all()
    edited = db.session.get(PolicyArea, area)
    assert (edited.title, edited.position, edited.session_id) == ("Research infrastructures", 2, None)
    assert scenario.client("beta").get(url).status_code == 403
    assert organiser.post("/manage/events/ka-workshop/reports/freeze").status_code == 302
    assert organiser.post("/manage/events/ka-workshop/reports/unfreeze").status_code == 302
    assert db.session.scalar(sa.select(ReportSettings)).order_frozen_at is None


def test_old_addresses_redirect_to_the_scoped_pages(scenario):
    client = scenario.client("organiser")
    response = client.get("/reports/series/key-area/builder")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/manage/series/key-area/reports/builder")
    response = client.get("/reports/events/ka-workshop/published/")
    assert response.headers["Location"].endswith("/events/ka-workshop/reports/published/")
    assert client.get(response.headers["Location"]).status_code == 200


def test_partners_acting_on_another_partner_s_recommendation_get_403(scenario):
    """Permission is checked before the request's content (issue 15, item 8): whatever
    the status or the form, another partner's submit/reject/merge is a 403."""
    rec = _accepted(scenario)
    area = db.session.get(Recommendation, rec).area_id
    other = propose(scenario, "beta", area, "Share the pilot sites.")
    assert act(scenario, "gamma", rec, "submit").status_code == 403
    assert act(scenario, "gamma", rec, "reject").status_code == 403  # no reason given either
    assert act(scenario, "gamma", rec, "reject", reason="I disagree").status_code == 403
    assert act(scenario, "gamma", rec, "merge", into_id=other).status_code == 403
    assert act(scenario, "gamma", rec, "merge").status_code == 403
    db.session.expire_all()
    assert db.session.get(Recommendation, rec).status == RecommendationStatus.ACCEPTED
