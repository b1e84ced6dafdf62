"""Sessions are revocable (issue 15, item 3): logging out, changing or resetting the
password end sessions server-side, so a copied cookie stops working; the account page
lists the sessions and ends any."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import LoginSession, User
from tests import factories, outbox
from tests.factories import PASSWORD

NEW_PASSWORD = "a much better passphrase"


@pytest.fixture
def site(make_app):
    """An app without a context held open, so each request has its own (as when served);
    ana and bea have accounts."""
    app = make_app()
    with app.app_context():
        factories.user("ana@example.org")
        factories.user("bea@example.org")
    return app


def signed_in(client) -> bool:
    return client.get("/me/account").status_code == 200


def copy_of(app, client):
    """Another browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    cookie = client.get_cookie("session", domain="confsite.test")
    thief.set_cookie("session", cookie.value, domain="confsite.test")
    return thief


def login(app, email: str = "ana@example.org", password: str = PASSWORD, agent: str = "Firefox"):
    client = app.test_client()
    response = client.post(
        "/login", data={"email": email, "password": password}, headers={"User-Agent": agent}
    )
    assert response.status_code == 302
    return client


def test_logging_out_ends_the_session_for_copies_of_the_cookie(site):
    app = site
    client = login(app)
    thief = copy_of(app, client)
    assert signed_in(thief)
    client.post("/logout")
    assert not signed_in(client)
    assert not signed_in(thief)


def test_changing_the_password_ends_every_other_session(site):
    app = site
    laptop, phone = login(app, agent="Laptop"), login(app, agent="Phone")
    thief = copy_of(app, phone)
    response = laptop.post(
        "/me/account",
        data={
            "password-current_password": PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
            "password-submit": "1",
        },
    )
    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone) and not signed_in(thief)


def test_resetting_the_password_ends_every_session(site):
    app = site
    phone = login(app)
    helper = app.test_client()
    helper.post("/password/forgot", data={"email": "ana@example.org"})
    link = outbox.link(outbox.to(app, "ana@example.org")[-1], "/password/reset/")
    path = link.replace("http://confsite.test", "")
    response = helper.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in(helper)
    assert not signed_in(phone)


def test_the_account_page_lists_sessions_and_ends_one_or_all_others(site):
    app = site
    laptop = login(app, agent="Laptop browser")
    phone = login(app, agent="Phone browser")
    tablet = login(app, agent="Tablet browser")
    page = laptop.get("/me/account").get_data(as_text=True)
    assert "Laptop browser" in page and "Phone browser" in page and "Tablet browser" in page
    assert page.count("End this session") == 2  # not offered for this browser
    ids = re.findall(r"/me/sessions/(\d+)/end", page)
    assert laptop.post(f"/me/sessions/{ids[0]}/end").status_code == 302
    assert sum(signed_in(c) for c in (phone, tablet)) == 1
    assert laptop.post("/me/sessions/end-others").status_code == 302
    assert not signed_in(phone) and not signed_in(tablet) and signed_in(laptop)


def test_nobody_ends_another_account_s_session(site):
    app = site
    ana = login(app)
    bea = login(app, email="bea@example.org")
    page = ana.get("/me/account").get_data(as_text=True)
    assert "End this session" not in page
    with app.app_context():
        bea_session = db.session.scalar(
            sa.select(LoginSession.id)
            .join(User, User.id == LoginSession.user_id)
            .where(User.email == "bea@example.org")
        )
    assert ana.post(f"/me/sessions/{bea_session}/end").status_code == 404
    assert signed_in(bea)
