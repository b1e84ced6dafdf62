"""The example plugin's own tests: written as a third party would, using only
``confsite.testing`` and ``confsite.api`` (no fixtures of confsite's own suite)."""

from __future__ import annotations

import pytest

from confsite import api, testing
from confsite.api import db


@pytest.fixture
def app(tmp_path):
    # migrate=True (the default) builds the schema from every migration, ours included
    app = testing.make_test_app(tmp_path, plugins=["example"])
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _registration(event: api.Event, email: str) -> api.Registration:
    registration = api.Registration(
        event_id=event.id,
        email=email,
        name="Test Person",
        status=api.RegistrationStatus.CONFIRMED,
    )
    db.session.add(registration)
    db.session.commit()
    api.notify(api.RegistrationCreated(registration))  # as the core does after committing
    return registration


def test_panel_counts_registrations(app):
    event = testing.sample_event(title="Water Summit")
    _registration(event, "a@example.org")
    _registration(event, "b@example.org")
    html = app.test_client().get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Activity so far" in html
    assert "<dt>Registrations</dt><dd>2</dd>" in html


def test_switched_off_for_an_event(app):
    event = testing.sample_event()
    testing.switch_plugin("example", False, event=event)
    client = app.test_client()
    assert client.get(f"/events/{event.slug}/example/").status_code == 404
    assert "Activity so far" not in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    _registration(event, "a@example.org")  # not recorded: the listener is not called
    testing.switch_plugin("example", None, event=event)
    assert "Nothing recorded yet." in client.get(f"/events/{event.slug}/example/").get_data(as_text=True)


def test_switched_off_for_a_series_with_an_event_choosing_otherwise(app):
    series = testing.sample_series()
    follows, differs = testing.sample_event(series=series), testing.sample_event(series=series)
    testing.switch_plugin("example", False, series=series)
    testing.switch_plugin("example", True, event=differs)
    client = app.test_client()
    assert client.get(f"/events/{follows.slug}/example/").status_code == 404
    assert client.get(f"/events/{differs.slug}/example/").status_code == 200


def test_export_is_for_organisers(app):
    event = testing.sample_event()
    _registration(event, "a@example.org")
    client = app.test_client()
    assert client.get(f"/events/{event.slug}/export/activity").status_code == 404
    organiser = testing.sample_user()
    testing.grant_role(organiser, "organiser", event=event)
    testing.log_in(client, organiser)
    csv = client.get(f"/events/{event.slug}/export/activity").get_data(as_text=True)
    assert csv.splitlines()[1].endswith(",Registrations")


def test_cli_command(app):
    event = testing.sample_event()
    _registration(event, "a@example.org")
    result = app.test_cli_runner().invoke(args=["example-activity", event.slug])
    assert result.output == "Registrations: 1\n"


def test_a_failing_panel_does_not_take_the_page_down(app, monkeypatch, caplog):
    import confsite_example

    def explode(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(confsite_example, "activity_counts", explode)
    event = testing.sample_event()
    with testing.production_errors(app):
        response = app.test_client().get(f"/events/{event.slug}/")
    assert response.status_code == 200
    assert "This part of the page is unavailable" in response.get_data(as_text=True)
    assert "plugin 'example' failed in hook page_panels" in caplog.text
