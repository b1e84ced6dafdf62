"""The sums of the view counters are kept per worker for a short while: a second look
at the figures skips the three grouped queries over the counters, a flush of this
worker's views is visible at once, and titles and registrations are always read fresh."""

from __future__ import annotations

from confsite_plugins.attendance import view_sums
from confsite_plugins.attendance.counting import flush_views
from confsite_plugins.attendance.figures import collect_figures
from confsite_plugins.attendance.models import SessionPageViews

from confsite.extensions import db
from confsite.testing import count_queries

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"}


def test_a_second_look_reuses_the_sums_and_a_flush_shows_at_once(app, client, make):
    event = make.event()
    session = make.session(event, title="Opening")
    client.get(f"/events/{event.slug}/sessions/{session.id}", headers=BROWSER)
    flush_views(app)
    with count_queries() as first:
        figures = collect_figures([event])
    with count_queries() as second:
        again = collect_figures([event])
    assert len(second) == len(first) - 3
    assert figures.views_by_page == again.views_by_page == [("Event page", 0), (_opening(event, session), 1)]
    # A title changed since: the kept sums are shown under the title of now.
    session.title = "Welcome"
    db.session.commit()
    assert collect_figures([event]).views_by_page[1][0].startswith("Welcome (")
    # This worker flushes new views: the next figures count them.
    client.get(f"/events/{event.slug}/", headers=BROWSER)
    flush_views(app)
    assert collect_figures([event]).page_views == 2


def test_sums_written_elsewhere_show_when_the_kept_ones_expire(app, make):
    event = make.event()
    session = make.session(event)
    assert collect_figures([event]).page_views == 0
    # Another worker's flush: this one does not hear of it until its sums expire.
    db.session.add(
        SessionPageViews(session_id=session.id, event_id=event.id, day=event.start_at.date(), views=5)
    )
    db.session.commit()
    assert collect_figures([event]).page_views == 0
    view_sums.cache_of(app).seconds = 0  # as if the 30 s had passed (and nothing is kept)
    view_sums.cache_of(app).clear()
    assert collect_figures([event]).page_views == 5


def _opening(event, session) -> str:
    return f"Opening ({event.local(session.start_at):%-d %b %H:%M})"
