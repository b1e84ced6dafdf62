"""Public pages: filters, capacity status, cancelled and draft events, stars, bad input."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Star, utcnow
from confsite.services import registration as reg
from confsite.testing import count_queries
from tests.factories import utc


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_filters_by_series_and_kind(client, make):
    series = make.series(slug="r4pm", title="Regions4PerMed")
    make.event(title="Key Area Conference", series=series, kind="conference")
    make.event(title="Key Area Workshop", series=series, kind="workshop")
    make.event(title="Unrelated Webinar", kind="webinar")
    make.event(title="Secret Draft", kind="workshop", series=series, status="draft")

    everything = text_of(client.get("/"))
    assert "Key Area Conference" in everything and "Unrelated Webinar" in everything
    assert "Secret Draft" not in everything
    in_series = text_of(client.get("/?series=r4pm"))
    assert "Key Area Workshop" in in_series and "Unrelated Webinar" not in in_series
    workshops = text_of(client.get("/?series=r4pm&kind=workshop"))
    assert "Key Area Workshop" in workshops and "Key Area Conference" not in workshops
    assert "Secret Draft" not in workshops
    assert '<option value="r4pm" selected>' in workshops


def test_home_offers_register_links_only_where_registration_is_open(client, make):
    make.event(slug="open-one")
    make.event(
        slug="shut-one",
        registration_opens=utcnow() - timedelta(days=9),
        registration_closes=utcnow() - timedelta(days=1),
    )
    make.event(slug="off-one", status="cancelled")
    page = text_of(client.get("/"))
    assert 'href="/events/open-one/register"' in page
    assert 'href="/events/shut-one/register"' not in page and 'href="/events/off-one/register"' not in page


def test_home_filters_refuse_unknown_values_in_the_layout(client, make):
    for query, reason in (("kind=party", "no kind of event"), ("series=nope", "no series")):
        response = client.get(f"/?{query}")
        assert response.status_code == 400
        assert reason in text_of(response) and 'class="site-header"' in text_of(response)


def test_event_page_shows_capacity_and_register_link(client, make):
    event = make.event(capacity=2, slug="training")
    page = text_of(client.get("/events/training/"))
    assert "2 of 2 places left" in page and 'href="/events/training/register"' in page
    for i in range(3):
        reg.register(event, reg.Applicant(f"P{i}", f"p{i}@example.org", consent=True))
    page = text_of(client.get("/events/training/"))
    assert "Full: all 2 places are taken, 1 on the waiting list" in page
    assert "Join the waiting list" in page


def test_cancelled_event_stays_visible_and_says_so(client, make):
    make.event(slug="gone", status="cancelled", title="Gone Event")
    page = text_of(client.get("/events/gone/"))
    assert "This event has been cancelled" in page and "This event has been cancelled." in page
    assert 'href="/events/gone/register"' not in page
    assert "Gone Event" in text_of(client.get("/"))


def test_draft_event_and_its_pages_are_404_without_a_role(client, make, auth):
    event = make.event(slug="draft", status="draft")
    item = make.session(event)
    speaker = make.person()
    make.talk(item, [speaker])
    urls = [
        "/events/draft/",
        f"/events/draft/sessions/{item.id}",
        "/events/draft/speakers/",
        f"/events/draft/speakers/{speaker.id}",
        "/events/draft/register",
    ]
    assert [client.get(u).status_code for u in urls] == [404] * 5
    organiser = make.user()
    make.role(organiser, "organiser", event=event)
    auth.login(organiser.email)
    assert [client.get(u).status_code for u in urls] == [200] * 5
    assert "not published" in text_of(client.get("/events/draft/register"))


def test_agenda_in_event_zone_filtered_by_day_and_track(client, make):
    event = make.event(
        slug="ka4", timezone="Europe/Madrid", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 16)
    )
    plenary, side = make.room(event, "Plenary"), make.room(event, "Side room")
    chair = make.person(name="José María Romero Fidalgo")
    make.session(event, title="Opening", start_at=utc(2031, 7, 13, 8), room=plenary, chairs=[chair])
    make.session(event, title="Side meeting", start_at=utc(2031, 7, 13, 12), room=side)
    make.session(event, title="Day two panel", start_at=utc(2031, 7, 14, 8), room=plenary)

    page = text_of(client.get("/events/ka4/"))
    assert "Times are in Europe/Madrid" in page
    assert "10:00" in page  # 08:00 UTC is 10:00 in Madrid in July
    assert "José María Romero Fidalgo" in page
    day_one = text_of(client.get("/events/ka4/?day=2031-07-13"))
    assert "Opening" in day_one and "Day two panel" not in day_one
    plenary_only = text_of(client.get(f"/events/ka4/?track={plenary.id}"))
    assert (
        "Opening" in plenary_only and "Day two panel" in plenary_only and "Side meeting" not in plenary_only
    )
    both = text_of(client.get(f"/events/ka4/?day=2031-07-14&track={side.id}"))
    assert "No sessions match the filter" in both

    for query in (
        "day=13-07-2031",
        "day=2031-08-01",
        "track=abc",
        f"track={side.id + 1000}",
        "track=%C2%B2",
        "track=99999999999999999999",
    ):
        assert client.get(f"/events/ka4/?{query}").status_code == 400, query


def test_unknown_slugs_and_ids_are_404(client, make):
    make.event(slug="one")
    other = make.event(slug="two")
    foreign = make.session(other)
    person = make.person()
    for url in (
        "/events/nope/",
        "/series/nope/",
        "/events/one/sessions/999999",
        f"/events/one/sessions/{foreign.id}",
        "/events/one/speakers/999999",
        f"/events/one/speakers/{person.id}",
        "/events/nope/register",
        "/events/one/sessions/99999999999999999999",  # beyond any database integer
        "/events/one/speakers/99999999999999999999",
        "/events/one/registration/not-a-token",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert 'class="site-header"' in text_of(response)
    assert "This link does not open any registration" in text_of(client.get("/events/one/registration/x"))


def test_star_and_unstar_a_session(client, make, auth):
    event = make.event(slug="ka4", title="KA4")
    item = make.session(event, title="Financial instruments")
    user = make.user()
    anonymous = client.get(f"/events/ka4/sessions/{item.id}")
    assert "Log in</a> to add this session" in text_of(anonymous)
    assert client.post(f"/me/stars/ka4/{item.id}").status_code == 302  # to the login page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Star)) == 0

    auth.login(user.email)
    assert "Add to my agenda" in text_of(client.get(f"/events/ka4/sessions/{item.id}"))
    response = client.post(f"/me/stars/ka4/{item.id}", follow_redirects=True)
    assert "In my agenda — remove" in text_of(response)
    client.post(f"/me/stars/ka4/{item.id}")  # twice: still one star
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Star)) == 1
    agenda = text_of(client.get("/me/agenda"))
    assert "Financial instruments" in agenda and "KA4" in agenda

    client.post(f"/me/stars/ka4/{item.id}/remove", follow_redirects=True)
    assert "No starred sessions" in text_of(client.get("/me/agenda"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Star)) == 0
    assert client.post(f"/me/stars/other/{item.id}").status_code == 404
    assert client.post("/me/stars/ka4/999999").status_code == 404
    assert client.post("/me/stars/ka4/99999999999999999999").status_code == 404
    assert client.post("/me/registrations/99999999999999999999/cancel").status_code == 404


def test_star_on_a_draft_event_is_404(client, make, auth):
    item = make.session(make.event(slug="hidden", status="draft"))
    auth.login(make.user().email)
    assert client.post(f"/me/stars/hidden/{item.id}").status_code == 404


def test_event_page_query_count_is_bounded(client, make, app):
    # Measure building the page, not the anonymous page cache answering it (a cached
    # page costs no query at all, so comparing two cache hits would prove nothing).
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 0
    event = make.event(slug="big", capacity=10)
    room = make.room(event)
    for i in range(6):
        item = make.session(
            event,
            room=room,
            chairs=[make.person(organisation=make.organisation())],
            start_at=event.start_at + timedelta(hours=i),
        )
        make.talk(item, [make.person(organisation=make.organisation()), make.person()])
    client.get("/events/big/")  # warm-up: one-off queries (plugin settings) are not the point

    def queries() -> list[str]:
        # Cold each time: the test and its requests share one session, and on PostgreSQL
        # the worker keeps the event's rows and panels until a change is announced.
        db.session.expunge_all()
        with count_queries(forget_event_memory=True) as statements:
            client.get("/events/big/")
        return statements

    small = len(queries())
    assert small > 0, "the page was not built"
    for _ in range(6):
        item = make.session(event, room=room, chairs=[make.person(organisation=make.organisation())])
        make.talk(item, [make.person(organisation=make.organisation()), make.person()])
    statements = queries()
    assert len(statements) == small, "\n\n".join(statements)


def test_nul_characters_are_refused_before_any_query(client, make, auth):
    # PostgreSQL cannot store NUL: without the guard these would be database errors (500).
    make.event(slug="ka4")
    make.user("ana@example.org")
    for url in (
        "/events/ka4%00/",
        "/?series=a%00b",
        "/events/ka4/?day=%00",
        "/events/ka4/registration/a%00b",
        "/password/reset/a%00",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "NUL character" in text_of(response)
    assert (
        client.post("/events/ka4/register", data={"name": "A\x00B", "email": "a@example.org"}).status_code
        == 400
    )
    assert (
        client.post("/login", data={"email": "ana@example.org\x00", "password": "x" * 12}).status_code == 400
    )
