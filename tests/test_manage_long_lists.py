"""Organiser pages of a large event: the registrations list and the change log a page at
a time, searches by name, e-mail and organisation whatever the accents, check-in's
bounded matches, and the CSV export still holding every matching row."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Registration, RegistrationStatus, RoleName, SessionChange
from confsite.services.pagination import Page, requested_page
from confsite.services.personal_data import anonymise_registrations
from confsite.services.registration import Applicant, cancel_registration, register
from tests import factories

URL = "/manage/events/ev/registrations/"


@pytest.fixture
def organiser(app, make, auth):
    event = make.event(slug="ev", title="Workshop", capacity=None)
    user = make.user("officer@example.org", display_name="Project Officer")
    make.role(user, RoleName.ORGANISER, event=event)
    auth.login("officer@example.org")
    return event


def _add(event, count: int) -> None:
    """``count`` confirmed registrations named "Person 000"... (odd ones from Spain)."""
    for i in range(count):
        factories.registration(
            event, name=f"Person {i:03d}", email=f"p{i:03d}@example.org", country="ES" if i % 2 else "IT"
        )


def _names(page: str) -> list[str]:
    return re.findall(r"<td>(Person \d{3}|[^<]*(?:Ángel|Łukasz|Øystein|Žiga)[^<]*)</td>", page)


def test_the_list_shows_fifty_a_page_and_counts_every_match(client, organiser):
    _add(organiser, 120)
    page = client.get(URL).get_data(as_text=True)
    assert "120 registrations" in page
    assert _names(page) == [f"Person {i:03d}" for i in range(50)]
    assert "Showing 1–50 of 120." in page
    last = client.get(URL, query_string={"page": "3"}).get_data(as_text=True)
    assert _names(last) == [f"Person {i:03d}" for i in range(100, 120)]
    assert 'aria-current="page">3<' in last and 'rel="next"' not in last


def test_page_links_keep_the_search_and_filters(client, organiser):
    _add(organiser, 120)
    page = client.get(URL, query_string={"country": "ES", "q": "person"}).get_data(as_text=True)
    assert "60 registrations" in page
    links = set(re.findall(r'href="(/manage/events/ev/registrations/\?[^"]+)"', page))
    second = next(link.replace("&amp;", "&") for link in links if "page=2" in link)
    assert "country=ES" in second and "q=person" in second
    shown = client.get(second).get_data(as_text=True)
    assert _names(shown) == [f"Person {i:03d}" for i in range(101, 120, 2)]
    # The CSV link keeps the filters, and the export holds every matching row, not a page.
    export = re.search(r'href="(/manage/events/ev/registrations\.csv[^"]*)"', page).group(1)
    rows = list(csv.reader(io.StringIO(client.get(export.replace("&amp;", "&")).data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 60 and {r[3] for r in rows[1:]} == {"Spain"}


@pytest.mark.parametrize(
    ("asked", "shown"), [("0", 1), ("-2", 1), ("abc", 1), ("", 1), ("٣", 1), ("99", 3), ("9" * 40, 3)]
)
def test_a_page_number_out_of_range_shows_the_nearest_page(client, organiser, asked, shown):
    _add(organiser, 120)
    response = client.get(URL, query_string={"page": asked})
    assert response.status_code == 200
    assert f'aria-current="page">{shown}<' in response.get_data(as_text=True)


def test_a_short_list_has_no_page_links(client, organiser):
    _add(organiser, 3)
    page = client.get(URL).get_data(as_text=True)
    assert "3 registrations" in page and 'class="pager"' not in page


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("angel", "Ángel Núñez"),
        ("ÁNGEL NÚÑEZ", "Ángel Núñez"),
        ("lukasz", "Łukasz Wójcik"),
        ("Øystein", "Øystein Berg"),
        ("oystein", "Øystein Berg"),
        ("ziga", "Žiga Novak"),
        ("universitat", "Žiga Novak"),  # organisation "Universität Wien"
        ("ZIGA@", "Žiga Novak"),  # e-mail
    ],
)
def test_search_finds_names_organisations_and_addresses_whatever_the_accents(client, organiser, typed, found):
    people = [
        ("Ángel Núñez", "angel@example.org", ""),
        ("Łukasz Wójcik", "lukasz@example.org", "Politechnika"),
        ("Øystein Berg", "oberg@example.org", ""),
        ("Žiga Novak", "ziga@example.org", "Universität Wien"),
    ]
    for name, email, organisation in people:
        register(organiser, Applicant(name=name, email=email, organisation=organisation, consent=True))
    page = client.get(URL, query_string={"q": typed}).get_data(as_text=True)
    assert _names(page) == [found]
    checkin = client.get("/manage/events/ev/checkin", query_string={"q": typed}).get_data(as_text=True)
    assert found in checkin and sum(name in checkin for name, _e, _o in people) == 1


def test_the_search_key_follows_a_new_name_and_erasure(client, organiser):
    first = register(organiser, Applicant(name="Ana Pérez", email="ana@example.org", consent=True))[0]
    cancel_registration(first)
    # Registering again with the same address takes the new name (a conditional UPDATE).
    register(organiser, Applicant(name="Ángela Ruiz", email="ana@example.org", consent=True))
    assert "Ángela Ruiz" in client.get(URL, query_string={"q": "angela"}).get_data(as_text=True)
    assert "No registrations match" in client.get(URL, query_string={"q": "perez"}).get_data(as_text=True)
    anonymise_registrations(Registration.id == first.id)
    db.session.commit()
    assert "No registrations match" in client.get(URL, query_string={"q": "angela"}).get_data(as_text=True)
    assert "Former member" in client.get(URL, query_string={"q": "former"}).get_data(as_text=True)


def test_bulk_inserted_rows_get_their_search_key(organiser):
    db.session.execute(
        sa.insert(Registration.__table__),
        [
            {
                "event_id": organiser.id,
                "name": "Čedomir Đukić",
                "email": "cedo@example.org",
                "organisation": "Škola",
                "status": RegistrationStatus.CONFIRMED,
            }
        ],
    )
    db.session.commit()
    key = db.session.scalar(
        sa.select(Registration.search_key).where(Registration.email == "cedo@example.org")
    )
    assert key == "cedomir dukic\nskola\ncedo@example.org"


def test_check_in_shows_the_first_matches_and_says_how_many_more(client, organiser):
    _add(organiser, 40)
    page = client.get("/manage/events/ev/checkin", query_string={"q": "person"}).get_data(as_text=True)
    assert page.count('class="checkin-row') == 25
    assert "40 people match; the first 25 are shown" in page
    narrow = client.get("/manage/events/ev/checkin", query_string={"q": "person 03"}).get_data(as_text=True)
    assert narrow.count('class="checkin-row') == 10 and "people match" not in narrow


def test_the_change_log_is_shown_a_page_at_a_time(client, organiser, make):
    session = make.session(organiser, title="Opening")
    for i in range(60):
        db.session.add(
            SessionChange(
                event_id=organiser.id,
                session_id=session.id,
                session_uid=session.uid,
                at=organiser.start_at - timedelta(hours=60 - i),
                field="title",
                before=f"Old {i}",
                after=f"New {i}",
            )
        )
    db.session.commit()
    first = client.get("/manage/events/ev/changes").get_data(as_text=True)
    assert first.count("<td>Opening</td>") == 50 and "New 59" in first and "New 9<" not in first
    second = client.get("/manage/events/ev/changes?page=2").get_data(as_text=True)
    assert second.count("<td>Opening</td>") == 10 and "New 9<" in second and "New 10<" not in second
    assert client.get("/manage/events/ev/changes?page=x").status_code == 200


def test_page_numbers_and_requested_pages():
    page = Page(items=list(range(50)), total=1000, number=10, per_page=50)
    assert (page.pages, page.first, page.last) == (20, 451, 500)
    assert page.numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert Page(items=[], total=0, number=1, per_page=50).numbers == [1]
    assert Page(items=[0], total=301, number=3, per_page=50).numbers == [1, 2, 3, 4, 5, 6, 7]
    assert Page(items=[0], total=451, number=1, per_page=50).numbers == [1, 2, 3, None, 10]
    assert [requested_page(v) for v in (None, "", "7", " 7 ", "x7", "-1", "²")] == [1, 1, 7, 7, 1, 1, 1]
