"""Names from every EU language can be chosen as speakers and chairs, typed in any case
and with or without accents, on SQLite and PostgreSQL alike (issue: SQLite's lower()
knows only ASCII, so 'Ángel' never matched 'ángel')."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Person, Session, Talk
from confsite.name_keys import name_key
from confsite.services.people import find_people_by_names

# One or more names per EU language, many starting with an accented capital.
EU_NAMES = [
    "Ángel Alonso Sánchez",
    "Émilie Lefèvre",
    "Łukasz Wójcik",
    "Žiga Šušteršič",
    "Øystein Ødegård",
    "Ærøskøbing Æsir",
    "Ðorđe Đurić",
    "Ørjan Ås",
    "Ştefan Ţăranu",
    "Ülle Õunapuu",
    "Ödön Őry",
    "Íde Ó Súilleabháin",
    "Čeněk Řezníček",
    "Ľubomír Ďuriš",
    "Ġużeppi Ħabib",
    "Åsa Öberg",
    "Άννα Παπαδοπούλου",
    "Ивайло Петров",
    "Jürgen Groß",
    "Saulė Žemaitytė",
    "Jānis Ķēniņš",
]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ángel alonso sánchez", "Ángel Alonso Sánchez"),
        ("ANGEL ALONSO SANCHEZ", "Ángel Alonso Sánchez"),
        ("lukasz wojcik", "Łukasz Wójcik"),
        ("oystein odegard", "Øystein Ødegård"),
        ("ziga  sustersic", "Žiga Šušteršič"),
        ("jurgen gross", "Jürgen Groß"),
        ("ΆΝΝΑ ΠΑΠΑΔΟΠΟΎΛΟΥ", "Άννα Παπαδοπούλου"),
    ],
)
def test_name_keys_ignore_case_accents_and_spacing(typed, stored):
    assert name_key(typed) == name_key(stored)


def test_different_names_keep_different_keys():
    keys = {name_key(name) for name in EU_NAMES}
    assert len(keys) == len(EU_NAMES)


def test_every_eu_name_is_found_as_typed_and_lowercased(app, make):
    for name in EU_NAMES:
        make.person(name=name)
    db.session.commit()
    for name in EU_NAMES:
        for typed in (name, name.lower(), name.upper()):
            found, problems = find_people_by_names(typed)
            assert problems == [], (typed, problems)
            assert [p.name for p in found] == [name]


def test_unknown_name_suggests_the_closest(app, make):
    make.person(name="Ángel Alonso Sánchez")
    db.session.commit()
    found, problems = find_people_by_names("Angel Alonso Sanches")
    assert found == ()
    assert problems == [
        "Nobody called 'Angel Alonso Sanches' is on the People list. Did you mean Ángel Alonso Sánchez?"
    ]


def test_every_eu_name_works_as_chair_and_speaker_through_the_forms(client, make, auth):
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    event = make.event(slug="names", start_at=datetime(2031, 7, 13, 7, 0, tzinfo=UTC))
    for name in EU_NAMES:
        make.person(name=name)
    db.session.commit()
    base = f"/manage/events/{event.slug}"
    response = client.post(
        f"{base}/sessions/new",
        data={
            "title": "Every language",
            "kind": "talks",
            "status": "scheduled",
            "day": "2031-07-13",
            "start": "10:00",
            "end": "11:30",
            "room": "0",
            "chairs": "; ".join(n.lower() for n in EU_NAMES[:10]),
            "description": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session = db.session.scalar(sa.select(Session).where(Session.title == "Every language"))
    assert [p.name for p in session.chairs] == EU_NAMES[:10]
    response = client.post(
        f"{base}/sessions/{session.id}/talks/new",
        data={"title": "All of them", "speakers": "; ".join(EU_NAMES[10:]), "summary": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    talk = db.session.scalar(sa.select(Talk).where(Talk.title == "All of them"))
    assert [p.name for p in talk.speakers] == EU_NAMES[10:]
    # Re-saving unchanged, as the demo's own talk by Ángel Alonso Sánchez once failed to.
    response = client.post(
        f"{base}/sessions/{session.id}/talks/{talk.id}/edit",
        data={"title": "All of them", "speakers": "; ".join(EU_NAMES[10:]), "summary": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_renaming_a_person_keeps_the_key_current(app, make):
    person = make.person(name="Zofia Kowalska")
    db.session.commit()
    person.name = "Żaneta Łęcka"
    db.session.commit()
    stored = db.session.scalar(sa.select(Person.name_key).where(Person.id == person.id))
    assert stored == "zaneta lecka"
