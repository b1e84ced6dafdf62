"""Hybrid events ask registrants how they will attend (a setting per event), store the
answer with the registration and repeat it in the confirmation e-mail."""

from __future__ import annotations

import sqlalchemy as sa

from confsite.api import Registration, plugin_settings, registration_answers
from confsite.extensions import db
from confsite.services.plugin_event_settings import save_plugin_settings
from tests import outbox

FORM = {
    "name": "Øystein Berg",
    "email": "oystein@example.org",
    "country": "NO",
    "sector": "academia",
    "consent": "y",
}


def test_hybrid_events_ask_and_the_mail_repeats_the_answer(app, client, make):
    make.event(slug="hybrid-day", format="hybrid")
    page = client.get("/events/hybrid-day/register").get_data(as_text=True)
    assert "How will you attend?" in page and 'name="q__attendance__mode"' in page
    assert "Please answer" in client.post("/events/hybrid-day/register", data=FORM).get_data(as_text=True)
    response = client.post("/events/hybrid-day/register", data={**FORM, "q__attendance__mode": "online"})
    assert response.status_code == 302
    registration = db.session.scalars(sa.select(Registration)).one()
    assert registration_answers(registration) == {("attendance", "mode"): "online"}
    (message,) = outbox.to(app, "oystein@example.org")
    assert "You told us you will follow online" in outbox.text(message)


def test_online_events_and_switched_off_events_do_not_ask(client, make):
    make.event(slug="webinar", format="online")
    hybrid = make.event(slug="hybrid-quiet", format="hybrid")
    save_plugin_settings("attendance", hybrid, {"ask_attendance_mode": False})
    db.session.commit()
    assert plugin_settings("attendance", hybrid) == {"ask_attendance_mode": False}
    for slug in ("webinar", "hybrid-quiet"):
        assert "How will you attend?" not in client.get(f"/events/{slug}/register").get_data(as_text=True)
