"""The people picker: the organisers' search of the People list (accent-insensitive,
bounded, scoped to what they may see), people chosen by id and new people added
inline on the session and talk forms, and the plain form that works without it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Person, RoleName, Session, Talk
from tests.manage_helpers import session_form


@pytest.fixture
def admin(make, auth):
    user = make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    return user


@pytest.fixture
def eu_people(make):
    uni = make.organisation(name="Universität Wien", country="AT")
    return {
        "angel": make.person(name="Ángel Alonso Sánchez", country="ES"),
        "lukasz": make.person(name="Łukasz Wójcik", organisation=uni, country="PL"),
        "oystein": make.person(name="Øystein Nilsen", country="NO"),
        "ziga": make.person(name="Žiga Novak", country="SI"),
        "uni": uni,
    }


def _search(client, q: str) -> list[dict]:
    response = client.get("/manage/people/search", query_string={"q": q})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()["results"]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("angel", "Ángel Alonso Sánchez"),
        ("ÁNGEL ALONSO", "Ángel Alonso Sánchez"),
        ("sanchez", "Ángel Alonso Sánchez"),
        ("lukasz", "Łukasz Wójcik"),
        ("ŁUKASZ wojcik", "Łukasz Wójcik"),
        ("oystein", "Øystein Nilsen"),
        ("Øystein", "Øystein Nilsen"),
        ("ziga", "Žiga Novak"),
        ("žiga nov", "Žiga Novak"),
    ],
)
def test_search_ignores_accents_and_case(client, admin, eu_people, typed, found):
    assert [hit["name"] for hit in _search(client, typed)] == [found]


def test_search_returns_what_the_picker_shows_and_finds_by_organisation(client, admin, eu_people):
    hits = _search(client, "universitat")
    assert hits == [
        {
            "id": eu_people["lukasz"].id,
            "name": "Łukasz Wójcik",
            "organisation": "Universität Wien",
            "country": "Poland",
        }
    ]


def test_search_is_bounded_literal_and_empty_without_a_query(client, admin, make):
    for n in range(15):
        make.person(name=f"Maria Example {n:02d}")
    make.person(name="Anna Mariani")
    hits = _search(client, "maria")
    assert len(hits) == 10
    assert all(hit["name"].startswith("Maria Example") for hit in hits)  # names starting with it first
    assert _search(client, "") == []
    assert _search(client, "%") == []
    assert _search(client, "_") == []
    assert _search(client, "x" * 5000) == []


def test_search_shows_an_organiser_only_people_they_may_see(client, auth, make):
    event_a, event_b = make.event(title="Event A"), make.event(title="Event B")
    mine = make.person(name="Maria Mine")
    theirs = make.person(name="Maria Theirs")
    shared = make.person(name="Maria Shared")
    make.person(name="Maria Free")  # on no programme yet: anyone may name her
    make.talk(make.session(event_a), [mine, shared])
    make.talk(make.session(event_b), [theirs, shared])
    organiser = make.user("organiser-a@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event_a)
    auth.login("organiser-a@example.org")
    names = [hit["name"] for hit in _search(client, "maria")]
    assert names == ["Maria Free", "Maria Mine", "Maria Shared"]
    # ...and an id of someone they may not see is refused like an unknown one.
    session = make.session(event_a)
    response = client.post(
        f"/manage/events/{event_a.slug}/sessions/{session.id}/talks/new",
        data={"title": "Probe", "speakers": "", "speaker_ids": str(theirs.id)},
    )
    assert "not on the People list any more" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Talk).where(Talk.title == "Probe")) is None


def test_search_is_for_organisers_only(client, auth, make):
    assert client.get("/manage/people/search?q=a").status_code == 302  # to log in
    make.user("attendee@example.org")
    auth.login("attendee@example.org")
    assert client.get("/manage/people/search?q=a").status_code == 403


def test_speakers_chosen_by_id_are_saved_in_order(client, admin, make, eu_people):
    event = make.event(slug="ev")
    session = make.session(event)
    ids = f"{eu_people['ziga'].id},{eu_people['angel'].id}"
    response = client.post(
        f"/manage/events/ev/sessions/{session.id}/talks/new",
        # the names are what a browser without the picker would send; ids win when present
        data={"title": "Two voices", "speakers": "whatever", "speaker_ids": ids},
    )
    assert response.status_code == 302
    talk = db.session.scalar(sa.select(Talk))
    assert [p.name for p in talk.speakers] == ["Žiga Novak", "Ángel Alonso Sánchez"]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ("abc", "could not be read"),
        ("1;2", "could not be read"),
        ("99999999", "not on the People list any more"),
        ("-1", "could not be read"),
        ("{0},{0}", "chosen twice"),
        (",".join(str(n) for n in range(1, 60)), "at most 50"),
    ],
)
def test_bad_ids_are_refused_with_nothing_written(client, admin, make, eu_people, ids, message):
    event = make.event(slug="ev")
    session = make.session(event)
    people_before = db.session.scalar(sa.select(sa.func.count()).select_from(Person))
    response = client.post(
        f"/manage/events/ev/sessions/{session.id}/talks/new",
        data={"title": "Bad", "speakers": "", "speaker_ids": ids.format(eu_people["angel"].id)},
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Talk)) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == people_before


def test_a_talk_adds_several_new_people_inline(client, admin, make, eu_people):
    event = make.event(slug="ev")
    session = make.session(event)
    org = eu_people["uni"]
    client.post(
        f"/manage/events/ev/sessions/{session.id}/talks/new",
        data={
            "title": "Nordic and Slovene labs",
            "speakers": "",
            "speaker_ids": str(eu_people["oystein"].id),
            "speakers_new-name": ["Émilie Dupont", "Jürgen Groß"],
            "speakers_new-organisation": [str(org.id), "0"],
            "speakers_new-country": ["FR", ""],
        },
    )
    talk = db.session.scalar(sa.select(Talk))
    assert [p.name for p in talk.speakers] == ["Øystein Nilsen", "Émilie Dupont", "Jürgen Groß"]
    emilie, jurgen = talk.speakers[1], talk.speakers[2]
    assert (emilie.organisation_id, emilie.country) == (org.id, "FR")
    assert (jurgen.organisation_id, jurgen.country) == (None, None)


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ((["angel alonso sanchez"], ["0"], [""]), "already on the People list"),
        ((["Émilie Dupont", "EMILIE DUPONT"], ["0", "0"], ["", ""]), "added twice"),
        ((["Émilie Dupont"], ["424242"], [""]), "listed organisations"),
        ((["Émilie Dupont"], ["0"], ["ZZ"]), "listed countries"),
        ((["   "], ["0"], [""]), "needs a name"),
        ((["Émilie Dupont", "Jürgen Groß"], ["0"], [""]), "could not be read"),
    ],
)
def test_bad_new_people_are_refused_with_nothing_written(client, admin, make, eu_people, posted, message):
    names, orgs, countries = posted
    event = make.event(slug="ev")
    session = make.session(event)
    people_before = db.session.scalar(sa.select(sa.func.count()).select_from(Person))
    response = client.post(
        f"/manage/events/ev/sessions/{session.id}/talks/new",
        data={
            "title": "Bad",
            "speakers": "",
            "speakers_new-name": names,
            "speakers_new-organisation": orgs,
            "speakers_new-country": countries,
        },
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Talk)) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == people_before


def test_a_session_gets_chairs_by_id_and_new_chairs_inline(client, admin, make, eu_people):
    event = make.event(slug="ev")
    client.post(
        "/manage/events/ev/sessions/new",
        data=session_form(
            chair_ids=f"{eu_people['lukasz'].id}",
            accept_clashes="y",  # the factory's event is on other days
            **{
                "chairs_new-name": "Ştefan Ionescu",
                "chairs_new-organisation": "0",
                "chairs_new-country": "RO",
            },
        ),
    )
    session = db.session.scalar(sa.select(Session).where(Session.event_id == event.id))
    assert [p.name for p in session.chairs] == ["Łukasz Wójcik", "Ştefan Ionescu"]
    assert session.chairs[1].country == "RO"
    # Editing: the form carries the chosen chairs for the picker's chips, not as ids
    # (a browser without the picker edits the names field, which must count).
    page = client.get(f"/manage/events/ev/sessions/{session.id}/edit").get_data(as_text=True)
    assert "data-people-picker" in page and "people-picker.js" in page
    assert "markdown-preview.js" in page  # the description's preview, as on the other forms
    assert "Ştefan Ionescu" in page and f"&#34;id&#34;: {eu_people['lukasz'].id}" in page
    assert 'name="chair_ids" type="hidden" value=""' in page
    client.post(
        f"/manage/events/ev/sessions/{session.id}/edit",
        data=session_form(chairs="ziga novak; ANGEL ALONSO SANCHEZ", accept_clashes="y"),
    )
    db.session.expire_all()
    assert [p.name for p in db.session.get(Session, session.id).chairs] == [
        "Žiga Novak",
        "Ángel Alonso Sánchez",
    ]


def test_without_the_picker_names_keep_their_messages(client, admin, make, eu_people):
    event = make.event(slug="ev")
    response = client.post("/manage/events/ev/sessions/new", data=session_form(chairs="Angel Alonso"))
    assert "Did you mean Ángel Alonso Sánchez?" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Session).where(Session.event_id == event.id)) is None
