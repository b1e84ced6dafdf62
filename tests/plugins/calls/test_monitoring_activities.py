"""Calls, surveys and matchmaking appear as activities of the partnership-monitoring
report of their period (through the ``monitoring_activities`` hook)."""

from __future__ import annotations

from datetime import date, timedelta

from confsite_plugins.calls import evaluation, matchmaking, services
from confsite_plugins.calls.answers import Answers
from confsite_plugins.calls.models import CallKind, Decision
from confsite_plugins.monitoring.models import ActivityCategory
from confsite_plugins.monitoring.report import build_report

from confsite import hookimpl
from confsite.api import ReportedActivity, reported_activities
from confsite.extensions import db
from confsite.models import RoleName
from confsite.services.plugin_settings import set_plugin_enabled
from tests import factories
from tests.plugins.calls.conftest import open_call


class Reporter:
    """A stand-in plugin: one dissemination activity per series."""

    @hookimpl
    def monitoring_activities(self, series):
        return [ReportedActivity(f"Newsletter of {series.title}", "dissemination", date(2030, 3, 1))]


def test_the_hook_collects_from_plugins_enabled_on_the_series(make_app):
    app = make_app(extra_plugins=[("reporter", Reporter())])
    with app.app_context():
        series = factories.series(title="Łódź network")
        [found] = [a for a in reported_activities(series) if a.plugin == "reporter"]
        assert found.title == "Newsletter of Łódź network"
        set_plugin_enabled("reporter", False, series=series)
        db.session.commit()
        assert [a for a in reported_activities(series) if a.plugin == "reporter"] == []


def test_calls_and_matchmaking_are_activities_of_their_period(client, auth, world, make):
    series = make.series(title="SmartHealth")
    world.event.series = series
    db.session.commit()
    call = open_call(world.event, CallKind.PROJECTS, title="Cross-KET projects")
    for user, decision in ((world.applicant, Decision.ACCEPTED), (world.other, Decision.REJECTED)):
        evaluation.decide(
            services.save(call, user, Answers(title=user.name), None, final=True), decision, notify=False
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

    closes = world.event.local(call.closes_at).date()
    held = world.event.local(world.event.start_at).date()
    report = build_report(
        series,
        min(closes, held) - timedelta(days=1),
        max(closes, held) + timedelta(days=1),
        as_of=date(2100, 1, 1),
    )
    dissemination = [v.title for v in report.past[ActivityCategory.DISSEMINATION]]
    assert "Cross-KET projects: 2 applications, 1 selected" in dissemination
    workshops = [v.title for v in report.past[ActivityCategory.WORKSHOP]]
    assert f"1:1 matchmaking at {world.event.title}: 1 meetings, 1 across regions" in workshops
    # Outside the period, they are not counted.
    later = build_report(series, date(2099, 1, 1), date(2099, 6, 30), as_of=date(2100, 1, 1))
    assert all("Cross-KET" not in v.title for views in later.past.values() for v in views)

    organiser = factories.user("series-org@example.org")
    factories.role(organiser, RoleName.ORGANISER, series=series)
    auth.login("series-org@example.org")
    page = client.get(f"/manage/series/{series.slug}/monitoring/activities").get_data(as_text=True)
    assert "Cross-KET projects: 2 applications, 1 selected" in page and "Reported by the calls plugin" in page
