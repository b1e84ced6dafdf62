"""Every route of the calls plugin, walked as a signed-in stranger and as an anonymous
visitor: only the public pages answer, nothing private leaks, nothing changes.

The routes are enumerated from ``app.url_map`` (organiser routes under /manage are
also walked by tests/test_manage_access.py), so a new route is covered the day it is added.
"""

from __future__ import annotations

import re

import pytest
from confsite_plugins.calls.models import Decision, Meeting, MeetingStatus, Submission

from confsite.extensions import db
from confsite.services.plugin_settings import set_plugin_enabled
from tests.plugins.calls.access_rows import SECRET_TITLE, calls_rows_of

PUBLIC = {"calls.public_index", "calls.call_page", "calls.catalogue"}
# Open to any signed-in visitor: applying to an open call, publishing one's own profile.
SIGNED_IN = {"calls.apply": (200, 302, 400), "calls.matchmaking_page": (200, 400)}
SECRETS = (SECRET_TITLE, "Secret provider", "Secret Profile B", "Other Profile B", "Secret table")


@pytest.fixture
def rows(app, make):
    series = make.series(title="Series B")
    event = make.event(title="Event B", series=series)
    found = calls_rows_of(event, make)
    found.update(event=event, series=series)
    make.user("stranger@example.org")
    return found


def _rules(app):
    rules = [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("calls.") and r.endpoint != "calls.static"
    ]
    assert len(rules) > 60
    return rules


def _path(rule, rows) -> str:
    values = {
        "event_slug": rows["event"].slug,
        "series_slug": rows["series"].slug,
        "call_id": rows["call"].id,
        "field_id": rows["field"].id,
        "criterion_id": rows["criterion"].id,
        "reviewer_id": rows["reviewer"].id,
        "submission_id": rows["submission"].id,
        "file_id": rows["file"].id,
        "review_id": rows["review"].id,
        "slot_id": rows["slot"].id,
        "profile_id": rows["profile"].id,
        "meeting_id": rows["meeting"].id,
    }
    unknown = set(rule.arguments) - values.keys()
    assert not unknown, f"{rule.rule}: teach this test the argument(s) {unknown}"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(r"<(?:[a-z]+:)?" + name + ">", str(values[name]), path)
    return path


def _methods(rule) -> list[str]:
    return sorted(m for m in rule.methods if m in ("GET", "POST"))


def test_a_signed_in_stranger_reaches_only_public_pages(app, client, auth, rows):
    auth.login("stranger@example.org")
    checked = 0
    for rule in _rules(app):
        path = _path(rule, rows)
        for method in _methods(rule):
            response = client.open(path, method=method, data={"action": "accept", "publish": "1"})
            code = response.status_code
            # Series rules of an event's call answer 404: the call is not the series'.
            if rule.endpoint in PUBLIC:
                assert code in (200, 404), (method, path, code)
            elif rule.endpoint in SIGNED_IN:
                assert code in (*SIGNED_IN[rule.endpoint], 404), (method, path, code)
            else:
                assert code in (403, 404), (method, path, code)
            body = response.get_data(as_text=True)
            for secret in SECRETS:
                assert secret not in body, (method, path, secret)
            checked += 1
    assert checked > 80
    db.session.expire_all()
    submission = db.session.get(Submission, rows["submission"].id)
    assert submission.title == SECRET_TITLE and submission.decision == Decision.ACCEPTED
    assert db.session.get(Meeting, rows["meeting"].id).status == MeetingStatus.REQUESTED


def test_anonymous_visitors_see_public_pages_and_are_sent_to_log_in_elsewhere(app, client, rows):
    for rule in _rules(app):
        path = _path(rule, rows)
        for method in _methods(rule):
            response = client.open(path, method=method)
            if rule.endpoint in PUBLIC:
                assert response.status_code in (200, 404), (method, path)
            else:
                assert response.status_code == 302, (method, path, response.status_code)
                assert "/login" in response.headers["Location"], (method, path)


def test_the_plugin_switched_off_answers_404(app, client, auth, rows):
    set_plugin_enabled("calls", False, event=rows["event"])
    db.session.commit()
    auth.login("stranger@example.org")
    event = rows["event"]
    assert client.get(f"/events/{event.slug}/calls/").status_code == 404
    assert client.get(f"/events/{event.slug}/matchmaking").status_code == 404
