"""Registering through the site: guests and users, waiting list, secret links, bad input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Registration, RegistrationStatus, utcnow
from confsite.services import registration as reg
from tests import outbox


def form(**kw) -> dict:
    data = dict(
        name="Ana Guest",
        email="ana@example.org",
        organisation="Galaria",
        country="ES",
        sector="industry",
        consent="y",
    )
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def rows() -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Registration).order_by(Registration.id)))


def body(response) -> str:
    return response.get_data(as_text=True)


def test_register_form_has_labelled_fields_and_a_country_list(client, make):
    make.event(slug="ka4")
    page = body(client.get("/events/ka4/register"))
    for field in ("name", "email", "organisation", "country", "sector", "consent"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    assert '<option value="ES">Spain</option>' in page
    assert '<option value="healthcare_provider">Healthcare provider</option>' in page


def test_guest_registers_then_manages_through_the_emailed_link(app, client, make):
    make.event(slug="ka4", title="KA4 Conference", capacity=10)
    response = client.post("/events/ka4/register", data=form())
    assert response.status_code == 302 and response.location.endswith("/events/ka4/register/done")
    done = body(client.get("/events/ka4/register/done"))
    assert "You are registered" in done and "ana@example.org" in done
    [row] = rows()
    assert (row.name, row.organisation, row.country, row.sector.value, row.status) == (
        "Ana Guest",
        "Galaria",
        "ES",
        "industry",
        RegistrationStatus.CONFIRMED,
    )
    assert row.consent_at is not None and row.user_id is None

    [mail] = outbox.to(app, "ana@example.org")
    link = outbox.link(mail, "/registration/")
    path = link.replace("http://confsite.test", "")
    response = client.get(path)
    assert (
        response.headers["Referrer-Policy"] == "no-referrer"
        and response.headers["Cache-Control"] == "no-store"
    )
    page = body(response)
    assert "Confirmed" in page and "Cancel my registration" in page

    question = client.post(path + "/cancel")  # the button first asks
    assert question.status_code == 200 and "Cancel your registration?" in body(question)
    assert question.headers["Cache-Control"] == "no-store"
    assert rows()[0].status == RegistrationStatus.CONFIRMED
    response = client.post(path + "/cancel", data={"confirmed": "yes"}, follow_redirects=True)
    assert "Your registration is cancelled" in body(response)
    assert rows()[0].status == RegistrationStatus.CANCELLED
    assert (
        outbox.to(app, "ana@example.org")[-1]["Subject"]
        == "Your registration for KA4 Conference is cancelled"
    )
    already = client.post(path + "/cancel", data={"confirmed": "yes"})
    assert already.status_code == 409  # already cancelled: nothing changes

    wrong = path[:-3] + "zzz"
    assert client.get(wrong).status_code == 404
    assert client.post(wrong + "/cancel", data={"confirmed": "yes"}).status_code == 404


def test_full_event_puts_guests_on_the_waiting_list_with_their_position(app, client, make):
    event = make.event(slug="small", capacity=1)
    reg.register(event, reg.Applicant("First", "first@example.org", consent=True))
    client.post("/events/small/register", data=form())
    done = body(client.get("/events/small/register/done"))
    assert "You are on the waiting list" in done and "position 1" in done
    assert "position 1" in outbox.text(outbox.to(app, "ana@example.org")[0])


def test_same_address_again_reveals_nothing_and_emails_a_fresh_link(app, client, make):
    make.event(slug="ka4", capacity=5)
    client.post("/events/ka4/register", data=form())
    old_link = outbox.link(outbox.to(app, "ana@example.org")[0], "/registration/")
    impostor = app.test_client()  # another browser (the same one sees its own registration)
    response = impostor.post(
        "/events/ka4/register", data=form(name="Impostor", email="ANA@example.org"), follow_redirects=True
    )
    assert "already registered for this event" in body(response)
    assert "Galaria" not in body(response)
    assert len(rows()) == 1 and rows()[0].name == "Ana Guest"
    fresh = outbox.link(outbox.to(app, "ana@example.org")[-1], "/registration/")
    assert fresh != old_link
    assert client.get(old_link.replace("http://confsite.test", "")).status_code == 404
    assert client.get(fresh.replace("http://confsite.test", "")).status_code == 200


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(email="not-an-email"), "valid e-mail"),
        (dict(email="a@" + "b" * 260 + ".org"), "valid e-mail"),
        (dict(name="x" * 201), "Field cannot be longer than 200 characters"),
        (dict(organisation="o" * 201), "Field cannot be longer than 200 characters"),
        (dict(country="XX"), "Not a valid choice"),
        (dict(country=""), "choose your country"),
        (dict(sector="pirate"), "Not a valid choice"),
        (dict(consent=None), "agree to the processing"),
        (dict(name=""), "give your name"),
    ],
)
def test_bad_registration_input_is_a_form_error_and_writes_nothing(app, client, make, change, message):
    make.event(slug="ka4")
    response = client.post("/events/ka4/register", data=form(**change))
    assert response.status_code == 200
    assert message in body(response) and 'aria-invalid="true"' in body(response)
    assert rows() == [] and outbox.messages(app) == []


@pytest.mark.parametrize(
    "setup, reason",
    [
        (dict(status="cancelled"), "This event has been cancelled."),
        (dict(registration_opens=utcnow() + timedelta(days=2)), "Registration has not opened yet."),
        (
            dict(
                registration_opens=utcnow() - timedelta(days=5),
                registration_closes=utcnow() - timedelta(days=1),
            ),
            "Registration is closed.",
        ),
    ],
)
def test_closed_or_cancelled_events_refuse_registration_with_a_reason(app, client, make, setup, reason):
    make.event(slug="shut", **setup)
    page = client.get("/events/shut/register")
    assert (
        page.status_code == 200
        and reason in body(page)
        and '<form method="post" class="form"' not in body(page)
    )
    assert reason in body(client.get("/events/shut/"))
    response = client.post("/events/shut/register", data=form())
    assert response.status_code == 409 and reason in body(response)
    assert rows() == [] and outbox.messages(app) == []


def test_signed_in_users_register_with_their_account_address(app, client, make, auth):
    make.event(slug="ka4", title="KA4")
    user = make.user("member@example.org", display_name="Member One")
    auth.login(user.email)
    page = body(client.get("/events/ka4/register"))
    assert 'value="member@example.org"' in page and "readonly" in page and 'value="Member One"' in page
    response = client.post(
        "/events/ka4/register", data=form(name="Member One", email="someone-else@example.org")
    )
    assert response.location.endswith("/me/agenda")
    [row] = rows()
    assert row.email == "member@example.org" and row.user_id == user.id
    agenda = body(client.get("/me/agenda"))
    assert "You are registered for KA4" in agenda and "Confirmed" in agenda
    # Registering again goes to My agenda, without a second row.
    assert client.get("/events/ka4/register").location.endswith("/me/agenda")
    assert client.post("/events/ka4/register", data=form()).location.endswith("/me/agenda")
    assert len(rows()) == 1
    assert "You are registered" in body(client.get("/events/ka4/"))


def test_waitlisted_user_is_promoted_when_a_user_cancels_from_my_agenda(make_app, make):
    # Two people in two browsers: no app context is shared between their requests
    # (Flask-Login caches the user on ``g``), so set-up and checks push their own.
    app = make_app()
    with app.app_context():
        make.event(slug="tiny", title="Tiny training", capacity=1)
        first = make.user("first@example.org")
        make.user("second@example.org")
        first_id = first.id
        db.session.remove()
    first_client, second_client = app.test_client(), app.test_client()
    first_client.post("/login", data={"email": "first@example.org", "password": "correct horse battery"})
    second_client.post("/login", data={"email": "second@example.org", "password": "correct horse battery"})
    first_client.post("/events/tiny/register", data=form(name="First"))
    flashed = body(
        second_client.post("/events/tiny/register", data=form(name="Second"), follow_redirects=True)
    )
    assert "you are on the waiting list, position 1" in flashed
    assert "On the waiting list: position 1" in body(second_client.get("/me/agenda"))
    assert "Full: all 1 places are taken, 1 on the waiting list" in body(second_client.get("/events/tiny/"))

    with app.app_context():
        mine = db.session.scalar(sa.select(Registration.id).where(Registration.user_id == first_id))
        db.session.remove()
    # Nobody cancels someone else's registration.
    assert (
        second_client.post(f"/me/registrations/{mine}/cancel", data={"confirmed": "yes"}).status_code == 404
    )
    question = body(first_client.post(f"/me/registrations/{mine}/cancel"))
    assert "Cancel your registration?" in question and "Yes, cancel it" in question
    response = first_client.post(
        f"/me/registrations/{mine}/cancel", data={"confirmed": "yes"}, follow_redirects=True
    )
    assert "is cancelled" in body(response)
    agenda = body(second_client.get("/me/agenda"))
    assert "Confirmed" in agenda and "waiting list" not in agenda.split("My registrations")[1]
    with app.app_context():
        assert outbox.to(app, "second@example.org")[-1]["Subject"] == (
            "A place opened up: you are now registered for Tiny training"
        )


def test_my_agenda_needs_an_account(client):
    response = client.get("/me/agenda")
    assert response.status_code == 302 and "/login" in response.location


def test_csrf_token_is_required_on_every_form(make_app, make, tmp_path):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make.event(slug="ka4")
        client = app.test_client()
        page = body(client.get("/events/ka4/register"))
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

        missing = client.post("/events/ka4/register", data=form())
        wrong = client.post("/events/ka4/register", data=form(csrf_token="forged"))
        other_session = app.test_client()
        foreign = other_session.post("/events/ka4/register", data=form(csrf_token=token))
        for response in (missing, wrong, foreign):
            assert response.status_code == 400
            assert "Your form expired or was sent twice" in body(response)
        assert rows() == []
        ok = client.post("/events/ka4/register", data=form(csrf_token=token))
        assert ok.status_code == 302 and len(rows()) == 1
        db.session.remove()


def test_a_retried_guest_registration_lands_on_the_existing_one(app, client, make):
    """A double click or a retry after an error: no second row, no second seat."""
    event = make.event(slug="ka4", title="KA4 Conference", capacity=5)
    first = client.post("/events/ka4/register", data=form())
    assert first.location.endswith("/events/ka4/register/done")
    again = client.post("/events/ka4/register", data=form())
    assert again.status_code == 302 and again.location.endswith("/events/ka4/register/done")
    page = body(client.get(again.location))
    assert "You are already registered for KA4 Conference." in page and "ana@example.org" in page
    assert len(rows()) == 1
    db.session.refresh(event)
    assert event.confirmed_count == 1
    assert len(outbox.to(app, "ana@example.org")) == 1  # the first link still works
    # From another browser the answer reveals nothing, and still takes no seat.
    other = app.test_client()
    assert "already registered for this event" in body(
        other.post("/events/ka4/register", data=form(), follow_redirects=True)
    )
    assert len(rows()) == 1
    db.session.refresh(event)
    assert event.confirmed_count == 1


def test_country_and_sector_lists_speak_the_visitors_language_and_keep_the_choice(client, make):
    make.event(slug="ka4")
    german = client.get("/events/ka4/register", headers={"Accept-Language": "de"}).text
    assert '<option value="">Land auswählen</option>' in german
    assert '<option value="academia">Hochschulen und Forschung</option>' in german
    english = client.get("/events/ka4/register", headers={"Accept-Language": "en"}).text
    assert '<option value="">Choose a country</option>' in english
    assert '<option value="academia">Academia and research</option>' in english
    again = client.post("/events/ka4/register", data=form(email="not-an-email")).text
    assert '<option selected value="ES">Spain</option>' in again
    assert '<option selected value="industry">' in again and again.count("<option selected") == 2
