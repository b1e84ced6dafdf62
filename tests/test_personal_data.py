"""GDPR right of access: an account holder downloads all the site holds about them."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa
from confsite_plugins.take_home.models import MessageStatus, TakeHomeMessage

from confsite import hookimpl
from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus, User, utcnow
from confsite.services import registration as reg
from tests.factories import PASSWORD


def test_account_holder_downloads_their_data_with_plugins_parts(client, make, auth):
    event = make.event(slug="ka4", title="KA4 Conference")
    session = make.session(event, title="Opening")
    user = make.user("ángel@example.org", display_name="Ángel Łukasz")
    other = make.user("bea@example.org")
    reg.register(
        event, reg.Applicant("Ángel Łukasz", "ángel@example.org", country="ES", consent=True), user=user
    )
    reg.register(event, reg.Applicant("Bea", "bea@example.org", consent=True), user=other)
    db.session.add(
        TakeHomeMessage(
            event_id=event.id,
            session_id=session.id,
            body="Share the pilot data early.",
            status=MessageStatus.PUBLISHED,
            author_id=user.id,
            idempotency_key="gdpr-0001",
        )
    )
    db.session.commit()
    auth.login(user.email)
    assert "Download my data (JSON)" in client.get("/me/account").get_data(as_text=True)
    response = client.get("/me/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["display_name"] == "Ángel Łukasz"
    assert [(r["event"], r["status"], r["country"]) for r in data["registrations"]] == [
        ("ka4", "confirmed", "ES")
    ]
    assert data["plugins"]["take_home"]["messages"][0]["text"] == "Share the pilot data early."
    assert "bea@example.org" not in response.get_data(as_text=True)  # nobody else's data
    assert len(data["login_sessions"]) == 1


def test_the_download_needs_an_account(client):
    response = client.get("/me/data.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


class BadgePlugin:
    """A third-party plugin holding its own data about people."""

    erased: list[str] = []

    @hookimpl
    def personal_data(self, user):
        return {"badge_printed_for": user.display_name}

    @hookimpl
    def erase_personal_data(self, user):
        self.erased.append(user.email)


def test_a_plugin_adds_its_section_to_the_download(make_app, make):
    app = make_app(extra_plugins=[("badges", BadgePlugin())])
    with app.app_context():
        make.user("žiga@example.org", display_name="Žiga")
    client = app.test_client()
    client.post("/login", data={"email": "žiga@example.org", "password": PASSWORD})
    data = json.loads(client.get("/me/data.json").get_data(as_text=True))
    assert data["plugins"]["badges"] == {"badge_printed_for": "Žiga"}
    client.post("/me/account/erase", data={"erase-current_password": PASSWORD, "erase-understood": "y"})
    assert BadgePlugin.erased == ["žiga@example.org"]


def test_account_holder_erases_their_account(make_app, make):
    app = make_app()
    with app.app_context():
        past = make.event(slug="past", start_at=utcnow() - timedelta(days=60))
        coming = make.event(slug="coming", capacity=1)
        session = make.session(past, title="Opening")
        user = make.user("øystein@example.org", display_name="Øystein")
        reg.register(
            past,
            reg.Applicant("Øystein", "øystein@example.org", country="NO", sector="academia", consent=True),
            user=user,
            bypass_window=True,
        )
        reg.register(coming, reg.Applicant("Øystein", "øystein@example.org", consent=True), user=user)
        waiting, _ = reg.register(coming, reg.Applicant("Bea", "bea@example.org", consent=True))
        db.session.add(
            TakeHomeMessage(
                event_id=past.id,
                session_id=session.id,
                body="Keep the pilots open.",
                status=MessageStatus.PUBLISHED,
                author_id=user.id,
                idempotency_key="gdpr-erase",
            )
        )
        db.session.commit()
        user_id, waiting_id, coming_id = user.id, waiting.id, coming.id
    client = app.test_client()
    client.post("/login", data={"email": "øystein@example.org", "password": PASSWORD})
    refused = client.post("/me/account/erase", data={"erase-current_password": PASSWORD})
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id) is not None  # not ticked: nothing erased
    response = client.post(
        "/me/account/erase", data={"erase-current_password": PASSWORD, "erase-understood": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id) is None
        rows = db.session.scalars(sa.select(Registration).where(Registration.email.like("erased-%"))).all()
        assert sorted(((r.name, r.country, r.status.value) for r in rows), key=str) == [
            ("Former member", "NO", "confirmed"),
            ("Former member", None, "cancelled"),
        ]
        assert "øystein" not in str([(r.email, r.organisation) for r in rows])
        # The freed seat went to the waiting list; the counter stayed true.
        assert db.session.get(Registration, waiting_id).status == RegistrationStatus.CONFIRMED
        assert db.session.get(Event, coming_id).confirmed_count == 1
        message = db.session.scalar(
            sa.select(TakeHomeMessage).where(TakeHomeMessage.idempotency_key == "gdpr-erase")
        )
        assert message.body == "Keep the pilots open." and message.author_id is None
    assert client.get("/me/account").status_code == 302  # signed out
