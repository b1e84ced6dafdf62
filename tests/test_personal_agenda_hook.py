"""The ``personal_agenda_items`` hook: a plugin's private appointments appear in the
user's My agenda page and personal feed, and a changed item changes the feed's ETag
(within PUBLIC_PAGE_CACHE_SECONDS: the feed's validator is kept that long while the
user's own rows and events stand, see confsite.caching.personal_feeds)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import icalendar

from confsite import hookimpl
from confsite.api import AgendaItem
from confsite.extensions import db
from confsite.services import personal_feed
from tests import factories

ITEM = AgendaItem(
    uid="appointment-1@test",
    title="Coffee with Žiga",
    start_at=datetime(2030, 5, 4, 9, 0, tzinfo=UTC),
    end_at=datetime(2030, 5, 4, 9, 30, tzinfo=UTC),
    updated_at=datetime(2030, 1, 1, tzinfo=UTC),
    zone="Europe/Ljubljana",
    location="Table 3",
)


class Appointments:
    def __init__(self) -> None:
        self.items = [ITEM]
        self.asked: list[str] = []

    @hookimpl
    def personal_agenda_items(self, user):
        self.asked.append(user.email)
        return list(self.items)


def test_items_reach_the_agenda_page_and_the_feed(make_app, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr("confsite.caching.personal_feeds.time.time", lambda: now[0])
    plugin = Appointments()
    app = make_app(extra_plugins=[("appointments", plugin)])
    client = app.test_client()
    with app.app_context():
        user = factories.user("owner@example.org")
        personal_feed.regenerate_token(user)
        db.session.commit()
        token = user.calendar_token
    client.post("/login", data={"email": "owner@example.org", "password": factories.PASSWORD})
    page = client.get("/me/agenda").get_data(as_text=True)
    assert "Coffee with Žiga" in page and "11:00" in page and "Table 3" in page  # shown in its own zone
    feed = client.get(f"/calendar/{token}.ics")
    [vevent] = icalendar.Calendar.from_ical(feed.data).walk("VEVENT")
    assert str(vevent["UID"]) == "appointment-1@test" and str(vevent["LOCATION"]) == "Table 3"
    assert vevent.decoded("DTSTART") == ITEM.start_at
    etag = feed.headers["ETag"]
    assert client.get(f"/calendar/{token}.ics", headers={"If-None-Match": etag}).status_code == 304
    plugin.items = [
        replace(ITEM, title="Coffee with Žiga and Ángel", updated_at=datetime(2030, 2, 1, tzinfo=UTC))
    ]
    now[0] += 10  # the next period of PUBLIC_PAGE_CACHE_SECONDS (10)
    changed = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"and \xc3\x81ngel" in changed.data
    assert plugin.asked and set(plugin.asked) == {"owner@example.org"}
