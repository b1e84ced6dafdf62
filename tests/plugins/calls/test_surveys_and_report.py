"""Surveys with the same form builder (anonymous or not; charts and CSV), and the
plugin's report sections: calls, vouchers, matchmaking and survey results."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from confsite_plugins.calls import evaluation, matchmaking, outcomes, services
from confsite_plugins.calls.answers import Answers
from confsite_plugins.calls.models import CallKind, Decision, FieldKind, Submission, VoucherStatus

from confsite.api import report_sections, scope_for_event, scope_for_series
from confsite.extensions import db
from confsite.reporting import Figures, Table
from tests.plugins.calls.conftest import add_field, form_keys, open_call


def _survey(event, anonymous=True):
    call = open_call(event, CallKind.SURVEY, title="Implementation barriers", anonymous=anonymous)
    add_field(
        call,
        FieldKind.MULTI_CHOICE,
        "Barriers met",
        required=True,
        options=["Funding", "Data access", "Reimbursement"],
    )
    add_field(call, FieldKind.LONG_TEXT, "What would help")
    return call


def test_anonymous_survey_keeps_no_name_and_shows_charts_and_csv(client, auth, world, make):
    call = _survey(world.event)
    keys = form_keys(call)
    url = f"/events/{world.event.slug}/calls/{call.id}/apply"
    for email, picked, text in (
        ("angel@example.org", ["Funding", "Data access"], "Shared data rules"),
        ("lukasz@example.org", ["Data access"], ""),
    ):
        auth.login(email)
        assert (
            client.post(url, data={keys["Barriers met"]: picked, keys["What would help"]: text}).status_code
            == 302
        )
        auth.logout()
    # A required question left empty is refused.
    auth.login("org@example.org")
    response = client.post(url, data={keys["What would help"]: "x"})
    assert response.status_code == 200 and "This answer is required." in response.get_data(as_text=True)
    responses = db.session.scalars(db.select(Submission)).all()
    assert len(responses) == 2 and all(r.user_id is None for r in responses)

    page = client.get(f"/manage/events/{world.event.slug}/calls/{call.id}/results").get_data(as_text=True)
    assert '<span id="response-count">2</span>' in page
    assert '<meter min="0" max="2" value="2">2</meter>' in page  # Data access, picked twice
    assert "Shared data rules" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/manage/events/{world.event.slug}/calls/{call.id}/results.csv").get_data(
                    as_text=True
                )
            )
        )
    )
    assert rows[0] == ["Response", "Submitted (UTC)", "Barriers met", "What would help"]
    assert rows[1][2] == "Funding; Data access"
    assert "angel@example.org" not in str(rows)


def test_a_named_survey_is_answered_once(client, auth, world):
    call = _survey(world.event, anonymous=False)
    keys = form_keys(call)
    url = f"/events/{world.event.slug}/calls/{call.id}/apply"
    auth.login("angel@example.org")
    client.post(url, data={keys["Barriers met"]: ["Funding"]})
    response = client.get(url, follow_redirects=True)
    assert "You already answered this survey." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Submission)).user_id == world.applicant.id


def _section(sections, key):
    return next(s for s in sections if s.key == key)


def test_report_sections_count_calls_awards_vouchers_matches_and_survey_answers(world, make):
    call = open_call(world.event, CallKind.VOUCHERS, title="Innovation vouchers")
    for user, decision in ((world.applicant, Decision.ACCEPTED), (world.other, Decision.REJECTED)):
        submission = services.save(call, user, Answers(title=f"Project of {user.name}"), None, final=True)
        evaluation.decide(submission, decision, notify=False)
        if decision == Decision.ACCEPTED:
            outcomes.set_voucher(submission, 8000, 50, "Minalogic", VoucherStatus.AWARDED)
    survey = _survey(world.event)
    services.save(
        survey, None, Answers(values={form_keys(survey)["Barriers met"]: ["Funding"]}), None, final=True
    )
    start = world.event.start_at + timedelta(hours=2)
    slot = matchmaking.add_slot(world.event, start, start + timedelta(minutes=20), "Table 1")
    a = matchmaking.save_profile(
        world.event, world.applicant, matchmaking.ProfileInput("A", "", "Flanders", "", None, ["x"], [], "")
    )
    b = matchmaking.save_profile(
        world.event, world.other, matchmaking.ProfileInput("B", "", "Saxony", "", None, [], ["x"], "")
    )
    matchmaking.answer_meeting(matchmaking.request_meeting(slot, a, b), b, accept=True)
    db.session.commit()

    sections = report_sections(scope_for_event(world.event))
    calls = _section(sections, "calls")
    figures = next(b for b in calls.blocks if isinstance(b, Figures))
    assert dict(figures.items) == {"Calls": "1", "Applications": "2", "Selected or awarded": "1"}
    vouchers = _section(sections, "calls-vouchers")
    assert dict(next(b for b in vouchers.blocks if isinstance(b, Figures)).items)["Total (EUR)"] == "8,000"
    matches = _section(sections, "calls-matchmaking")
    assert next(b for b in matches.blocks if isinstance(b, Table)).rows == (
        (world.event.title, "2", "1", "1"),
    )
    survey_table = next(b for b in _section(sections, "calls-surveys").blocks if isinstance(b, Table))
    assert survey_table.rows == (("Funding", "1"), ("Data access", "0"), ("Reimbursement", "0"))


def test_series_report_covers_the_series_calls_and_its_events(world, make):
    series = make.series(title="ICPerMed recognitions")
    world.event.series = series
    db.session.commit()
    open_call(world.event, title="Event call")
    services.create_call(
        services.CallInput(
            CallKind.BEST_PRACTICE, "Series call", "", "", world.event.start_at - timedelta(days=40),
            world.event.start_at - timedelta(days=10), True, False, False, False,
        ),
        series=series,
    )  # fmt: skip
    db.session.commit()
    sections = report_sections(scope_for_series(series))
    table = next(b for b in _section(sections, "calls").blocks if isinstance(b, Table))
    assert sorted(r[0] for r in table.rows) == ["Event call", "Series call"]
