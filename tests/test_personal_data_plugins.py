"""The built-in plugins' part of a person's download and erasure: take-home history,
report recommendations, comments and votes, calls applications and matchmaking,
monitoring representatives. (The attendance plugin holds only counters.)"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from confsite_plugins.calls import matchmaking, services
from confsite_plugins.calls.answers import Answers
from confsite_plugins.calls.models import (
    CallKind,
    Profile,
    Review,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)
from confsite_plugins.calls.storage import store, upload_dir
from confsite_plugins.monitoring.models import LeadRegion, PartnershipProfile, Representative
from confsite_plugins.reports.models import (
    PolicyArea,
    Recommendation,
    RecommendationComment,
    RecommendationStatus,
    Vote,
)
from confsite_plugins.take_home.models import TakeHomeHistory

from confsite.extensions import db
from tests.factories import PASSWORD

EMAIL = "žiga_n@example.org"


def build(make) -> dict:
    series = make.series(title="Regions4PerMed")
    event = make.event(slug="ka4", series=series)
    session = make.session(event, title="Opening")
    user = make.user(EMAIL, display_name="Žiga Novak")
    org = make.organisation(name="ACIS")
    other_org = make.organisation(name="Galaria")
    area = PolicyArea(event_id=event.id, title="Financial instruments")
    db.session.add(area)
    db.session.flush()
    rec = Recommendation(area_id=area.id, text="Pool PCP budgets.", status=RecommendationStatus.ACCEPTED,
                         author_id=user.id, organisation_id=org.id)  # fmt: skip
    db.session.add(rec)
    db.session.flush()
    db.session.add_all(
        [
            RecommendationComment(recommendation_id=rec.id, author_id=user.id, body="Agreed with ACIS."),
            Vote(recommendation_id=rec.id, organisation_id=org.id, user_id=user.id, score=5),
            Vote(recommendation_id=rec.id, organisation_id=other_org.id, score=3),
            TakeHomeHistory(
                event_id=event.id,
                session_id=session.id,
                action="created",
                body="Share data.",
                user_id=user.id,
                user_name="Žiga Novak",
            ),
        ]
    )
    profile = PartnershipProfile(series_id=series.id)
    db.session.add(profile)
    db.session.flush()
    region = LeadRegion(profile_id=profile.id, region="Galicia")
    db.session.add(region)
    db.session.flush()
    db.session.add_all(
        [
            Representative(
                lead_region_id=region.id,
                name="Žiga Novak",
                institution="ACIS",
                contact=f"{EMAIL.upper()}, +34 600",
            ),
            Representative(
                lead_region_id=region.id,
                name="Other Person",
                institution="ACIS",
                contact="zigaxn@example.org",
            ),
        ]
    )
    db.session.commit()
    now = datetime.now(UTC).replace(microsecond=0)
    call = services.create_call(
        services.CallInput(CallKind.PROJECTS, "Call for projects", "", "", now - timedelta(days=1),
                           now + timedelta(days=5), True, False, False, False),
        event=event,
    )  # fmt: skip
    submitted = services.save(call, user, Answers(title="Smart hospital pilot"), None, final=True)
    # the user also sits on the committee and reviewed someone else's application
    other = services.save(
        call, make.user("other.applicant@example.org"), Answers(title="Other pilot"), None, final=True
    )
    db.session.add(
        Review(submission=other, reviewer_id=user.id, stage=1, comment="Strong plan.", submitted_at=now)
    )
    draft = services.save(
        services.create_call(
            services.CallInput(
                CallKind.VOUCHERS,
                "Vouchers",
                "",
                "",
                now - timedelta(days=1),
                now + timedelta(days=5),
                True,
                False,
                False,
                False,
            ),
            event=event,
        ),
        user,
        Answers(title="Half-written idea"),
        None,
        final=False,
    )
    stored_name = store(b"%PDF-1.4 draft plan")
    db.session.add(
        SubmissionFile(submission_id=draft.id, field_id=services.add_field(
            call, services.FieldInput(services.FieldKind.FILE, "Plan", "", False, [], None, ["pdf"], 100)
        ).id, filename="plan.pdf", stored_name=stored_name, mimetype="application/pdf", size=19)
    )  # fmt: skip
    matchmaking.save_profile(
        event, user, matchmaking.ProfileInput("Žiga N.", "ACIS", "Galicia", "", None, ["PCP"], [], "")
    )
    db.session.commit()
    return {"user": user, "rec": rec, "submitted": submitted, "draft": draft, "stored": stored_name}


def test_plugins_add_their_part_to_the_download(client, make, auth):
    build(make)
    auth.login(EMAIL)
    data = json.loads(client.get("/me/data.json").get_data(as_text=True))["plugins"]
    assert data["reports"]["recommendations"][0]["text"] == "Pool PCP budgets."
    assert data["reports"]["comments"][0]["text"] == "Agreed with ACIS."
    assert [(v["organisation"], v["score"]) for v in data["reports"]["votes"]] == [("ACIS", 5)]
    assert data["take_home"]["history"][0]["text"] == "Share data."
    assert sorted(s["title"] for s in data["calls"]["submissions"]) == [
        "Half-written idea",
        "Smart hospital pilot",
    ]
    assert data["calls"]["profiles"][0]["needs"] == ["PCP"]
    # Only the entry whose contact is this address ("_" is no wildcard).
    assert [r["name"] for r in data["monitoring"]["representatives"]] == ["Žiga Novak"]


def test_erasure_keeps_content_and_votes_and_drops_what_identifies(make_app, make):
    app = make_app()
    with app.app_context():
        rows = build(make)
        rec_id, submitted_id, draft_id, stored = (
            rows["rec"].id, rows["submitted"].id, rows["draft"].id, rows["stored"],
        )  # fmt: skip
        assert (upload_dir() / stored).exists()
    client = app.test_client()
    client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    response = client.post(
        "/me/account/erase", data={"erase-current_password": PASSWORD, "erase-understood": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        db.session.expire_all()
        rec = db.session.get(Recommendation, rec_id)
        assert rec.text == "Pool PCP budgets." and rec.author_id is None
        assert sorted(v.score for v in rec.votes) == [3, 5]  # the ranking does not move
        assert all(v.user_id is None for v in rec.votes)
        assert db.session.scalars(sa.select(RecommendationComment.author_id)).all() == [None]
        history = db.session.scalars(sa.select(TakeHomeHistory)).one()
        assert (history.user_name, history.user_id, history.body) == ("Former member", None, "Share data.")
        submitted = db.session.get(Submission, submitted_id)
        assert submitted.title == "Smart hospital pilot" and submitted.status == SubmissionStatus.SUBMITTED
        assert submitted.user_id is None
        assert db.session.get(Submission, draft_id) is None
        review = db.session.scalars(sa.select(Review)).one()  # the review stays, unlinked
        assert (review.comment, review.reviewer_id) == ("Strong plan.", None)
        assert not (upload_dir() / stored).exists()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == 0
        names = db.session.execute(sa.select(Representative.name, Representative.contact)).all()
        assert sorted(names) == [("Former member", ""), ("Other Person", "zigaxn@example.org")]


def test_the_purge_blanks_matchmaking_profiles_of_past_events_and_keeps_the_figures(app, make):
    from confsite_plugins.calls.matchmaking import figures_of
    from confsite_plugins.calls.models import Meeting, MeetingSlot, MeetingStatus

    end = datetime.now(UTC).replace(microsecond=0) - timedelta(days=400)
    old = make.event(slug="old-workshop", start_at=end - timedelta(days=1), end_at=end)
    recent = make.event(slug="recent-workshop")
    profiles = {}
    for event in (old, recent):
        for email, region in (("ángel@example.org", "Galicia"), ("øystein@example.org", "Trøndelag")):
            user = make.user(f"{event.slug}-{email}")
            profiles[(event.slug, region)] = matchmaking.save_profile(
                event,
                user,
                matchmaking.ProfileInput(f"Name {region}", "Org", region, "", None, ["x"], [], "Bio"),
            )
        slot = MeetingSlot(
            event_id=event.id, start_at=event.start_at, end_at=event.start_at + timedelta(minutes=20)
        )
        db.session.add(slot)
        db.session.flush()
        db.session.add(
            Meeting(
                slot_id=slot.id,
                requester_id=profiles[(event.slug, "Galicia")].id,
                invitee_id=profiles[(event.slug, "Trøndelag")].id,
                status=MeetingStatus.ACCEPTED,
                message="Call me on +34 600",
            )
        )
    db.session.commit()
    before = figures_of([old])[old.id]
    result = app.test_cli_runner().invoke(args=["purge-personal-data", "--apply"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    old_rows = db.session.scalars(sa.select(Profile).where(Profile.event_id == old.id)).all()
    assert {(p.display_name, p.organisation, p.description) for p in old_rows} == {("Former member", "", "")}
    assert sorted(p.region for p in old_rows) == ["Galicia", "Trøndelag"]
    recent_rows = db.session.scalars(sa.select(Profile).where(Profile.event_id == recent.id)).all()
    assert sorted(p.display_name for p in recent_rows) == ["Name Galicia", "Name Trøndelag"]
    messages = dict(
        db.session.execute(
            sa.select(MeetingSlot.event_id, Meeting.message).join(
                MeetingSlot, MeetingSlot.id == Meeting.slot_id
            )
        ).all()
    )
    assert messages == {old.id: "", recent.id: "Call me on +34 600"}
    after = figures_of([old])[old.id]
    assert (
        (after.profiles, after.meetings, after.cross_regional_meetings)
        == (
            before.profiles,
            before.meetings,
            before.cross_regional_meetings,
        )
        == (2, 1, 1)
    )
