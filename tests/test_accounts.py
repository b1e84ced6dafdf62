"""Accounts: sign-up, throttled log-in, password reset by e-mail, account page, cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import LoginFailure, RoleAssignment, User
from confsite.services import accounts
from tests import outbox
from tests.factories import PASSWORD

NEW_PASSWORD = "a much better passphrase"


def body(response) -> str:
    return response.get_data(as_text=True)


def users() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(User.email).order_by(User.id)))


def signup(client, **kw):
    data = dict(
        display_name="Nora Newcomer", email="nora@example.org", password=NEW_PASSWORD, confirm=NEW_PASSWORD
    )
    data.update(kw)
    return client.post("/signup", data=data)


def test_sign_up_creates_the_account_and_claims_invitations_only_once_the_address_is_proven(
    app, client, make
):
    event = make.event()
    db.session.add(RoleAssignment(email="nora@example.org", role="organiser", event=event))
    db.session.commit()
    response = signup(client, email="Nora@Example.org")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert users() == ["nora@example.org"]
    user = accounts.user_by_email("nora@example.org")
    assert user.display_name == "Nora Newcomer" and user.password_hash.startswith("scrypt:")
    # Not signed in by the sign-up itself (an existing address gets the same answer).
    assert "Log out Nora Newcomer" not in body(client.get("/"))
    assert (
        client.post("/login", data={"email": "nora@example.org", "password": NEW_PASSWORD}).status_code == 302
    )
    assert "Log out Nora Newcomer" in body(client.get("/"))
    assert "My agenda" in body(client.get("/"))
    # Anyone can type any address: the invitation waits until the mailbox answers.
    assert db.session.scalar(sa.select(RoleAssignment.user_id)) is None
    [mail] = outbox.to(app, "nora@example.org")
    assert mail["Subject"] == "Confirm your confsite address"
    path = outbox.link(mail, "/account/confirm/").replace("http://confsite.test", "")
    assert client.get(path[:-2] + "xx").status_code == 400
    assert db.session.scalar(sa.select(RoleAssignment.user_id)) is None
    assert "is confirmed" in body(client.get(path, follow_redirects=True))
    assert db.session.scalar(sa.select(RoleAssignment.user_id)) == user.id


def test_changing_address_claims_its_invitations_only_after_confirmation(app, client, make, auth):
    event = make.event()
    make.user("ana@example.org")
    db.session.add(RoleAssignment(email="boss@example.org", role="organiser", event=event))
    db.session.commit()
    auth.login("ana@example.org")
    client.post(
        "/me/account",
        data={
            "profile-display_name": "Ana",
            "profile-email": "boss@example.org",
            "profile-current_password": PASSWORD,
            "profile-submit": "1",
        },
    )
    assert db.session.scalar(sa.select(RoleAssignment.user_id)) is None
    link = outbox.link(outbox.to(app, "boss@example.org")[-1], "/account/confirm/")
    old_link = link.replace("http://confsite.test", "")
    # Moving on to another address makes the old link useless.
    client.post(
        "/me/account",
        data={
            "profile-display_name": "Ana",
            "profile-email": "ana2@example.org",
            "profile-current_password": PASSWORD,
            "profile-submit": "1",
        },
    )
    assert client.get(old_link).status_code == 400
    assert db.session.scalar(sa.select(RoleAssignment.user_id)) is None


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(email="not an address"), "valid e-mail"),
        (dict(password="short", confirm="short"), "Use 10 to 200 characters"),
        (dict(confirm="something else entirely"), "The two passwords differ"),
        (dict(display_name="n" * 201), "Field cannot be longer than 200 characters"),
        (dict(password="p" * 201, confirm="p" * 201), "Use 10 to 200 characters"),
    ],
)
def test_sign_up_refuses_bad_input(client, change, message):
    response = signup(client, **change)
    assert response.status_code == 200 and message in body(response)
    assert users() == []


def test_sign_up_with_a_taken_address_answers_as_for_a_new_one_and_mails_the_holder(app, make):
    """The answer must not tell whether an address has an account."""
    make.user("ana@example.org", display_name="Ana Holder")
    answers = []
    for address in ("nora@example.org", "ana@example.org"):
        client = app.test_client()
        response = signup(client, email=address)
        page = body(client.get(response.location)).replace(address, "ADDRESS")
        answers.append((response.status_code, response.location, page))
        assert "Log out" not in body(client.get("/"))
    assert answers[0] == answers[1]
    assert "follow its link to confirm" in answers[0][2]
    assert users() == ["ana@example.org", "nora@example.org"]
    assert accounts.user_by_email("ana@example.org").display_name == "Ana Holder"  # untouched
    [new] = outbox.to(app, "nora@example.org")
    assert new["Subject"] == "Confirm your confsite address"
    [holder] = outbox.to(app, "ana@example.org")
    assert holder["Subject"] == "You already have a confsite account"
    assert "/password/forgot" in outbox.text(holder) and "/login" in outbox.text(holder)


def test_sign_up_attempt_mails_to_a_taken_address_are_rate_limited(app, client, make):
    make.user("nora@example.org")
    app.config["RESET_MAILS_PER_ADDRESS"] = 2
    for _attempt in range(4):
        assert signup(client).status_code == 302
    assert len(outbox.to(app, "nora@example.org")) == 2


def test_log_in_and_out(client, make, auth):
    make.user("ana@example.org", display_name="Ana")
    assert "Wrong e-mail or password" in body(auth.login("ana@example.org", "nope nope nope"))
    response = auth.login("ana@example.org")
    assert response.status_code == 302
    assert "Log out Ana" in body(client.get("/"))
    assert client.get("/logout").status_code == 405  # only a POST logs out (CSRF-protected)
    auth.logout()
    assert "Log in" in body(client.get("/")) and "Log out" not in body(client.get("/"))


def test_login_redirects_only_to_local_next(client, make):
    make.user("ana@example.org")
    response = client.post(
        "/login?next=https://evil.example/", data={"email": "ana@example.org", "password": PASSWORD}
    )
    assert response.location == "/"
    response = client.post("/login?next=/me/agenda", data={"email": "ana@example.org", "password": PASSWORD})
    assert response.location == "/me/agenda"


def test_repeated_failures_are_throttled_even_with_the_right_password(app, client, make, auth):
    make.user("ana@example.org")
    for _ in range(app.config["LOGIN_THROTTLE_ATTEMPTS"]):
        assert auth.login("ana@example.org", "wrong password!").status_code == 200
    blocked = auth.login("ana@example.org")
    assert blocked.status_code == 429 and "Too many failed attempts" in body(blocked)
    assert "Log out" not in body(client.get("/"))
    # Other addresses are unaffected.
    make.user("bea@example.org")
    assert auth.login("bea@example.org").status_code == 302
    auth.logout()
    # Once the failures are older than the window, the right password works and clears them.
    for failure in db.session.scalars(sa.select(LoginFailure)):
        failure.at -= timedelta(seconds=app.config["LOGIN_THROTTLE_WINDOW"] + 1)
    db.session.commit()
    assert auth.login("ana@example.org").status_code == 302
    assert (
        db.session.scalar(
            sa.select(sa.func.count(LoginFailure.id)).where(LoginFailure.email == "ana@example.org")
        )
        == 0
    )


def test_unknown_addresses_are_throttled_too(app, auth):
    for _ in range(app.config["LOGIN_THROTTLE_ATTEMPTS"]):
        auth.login("ghost@example.org", "whatever it is")
    assert auth.login("ghost@example.org", "whatever it is").status_code == 429


def reset_path(app, address: str) -> str:
    return outbox.link(outbox.to(app, address)[-1], "/password/reset/").replace("http://confsite.test", "")


def test_password_reset_by_emailed_link_works_once(app, client, make, auth):
    make.user("ana@example.org")
    response = client.post("/password/forgot", data={"email": "ana@example.org"}, follow_redirects=True)
    assert "If an account uses this address" in body(response)
    [mail] = outbox.to(app, "ana@example.org")
    assert mail["Subject"] == "Reset your confsite password"
    assert "/password/reset/" in outbox.html(mail) and "60 minutes" in outbox.text(mail)
    path = reset_path(app, "ana@example.org")

    assert client.get(path).status_code == 200
    short = client.post(path, data={"password": "short", "confirm": "short"})
    assert "Use 10 to 200 characters" in body(short)
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    auth.logout()
    assert auth.login("ana@example.org", NEW_PASSWORD).status_code == 302
    auth.logout()

    reused = client.get(path)
    assert reused.status_code == 400 and "wrong, expired or already used" in body(reused)
    assert (
        client.post(
            path, data={"password": "yet another passphrase", "confirm": "yet another passphrase"}
        ).status_code
        == 400
    )
    assert auth.login("ana@example.org", NEW_PASSWORD).status_code == 302


def test_reset_for_unknown_address_says_the_same_and_sends_nothing(app, client):
    response = client.post("/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account uses this address" in body(response)
    assert outbox.messages(app) == []


def test_expired_and_forged_reset_tokens_are_refused(app, client, make):
    user = make.user("ana@example.org")
    token = accounts.password_reset_token(user)
    assert accounts.user_for_reset_token(token).id == user.id
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert accounts.user_for_reset_token(token) is None
    assert client.get(f"/password/reset/{token}").status_code == 400
    app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert accounts.user_for_reset_token(token[:-2] + "xx") is None
    assert client.get("/password/reset/garbage").status_code == 400
    assert client.get("/password/reset/" + "a" * 600).status_code == 400


def test_account_page_changes_name_email_and_password(client, make, auth):
    make.user("ana@example.org", display_name="Ana")
    make.user("taken@example.org")
    auth.login("ana@example.org")
    assert client.get("/me/account").status_code == 200

    renamed = client.post(
        "/me/account",
        data={
            "profile-display_name": "Ana María",
            "profile-email": "ana@example.org",
            "profile-submit": "1",
        },
        follow_redirects=True,
    )
    assert "Your details are saved" in body(renamed) and "Log out Ana María" in body(renamed)

    no_password = client.post(
        "/me/account",
        data={"profile-display_name": "Ana María", "profile-email": "new@example.org", "profile-submit": "1"},
    )
    assert no_password.status_code == 200 and "Give your current password" in body(no_password)
    taken = client.post(
        "/me/account",
        data={
            "profile-display_name": "Ana María",
            "profile-email": "taken@example.org",
            "profile-current_password": PASSWORD,
            "profile-submit": "1",
        },
    )
    assert taken.status_code == 200 and "another account already uses" in body(taken).lower()
    bad = client.post(
        "/me/account",
        data={"profile-display_name": "Ana María", "profile-email": "nope", "profile-submit": "1"},
    )
    assert bad.status_code == 200 and "valid e-mail" in body(bad)
    assert users() == ["ana@example.org", "taken@example.org"]
    moved = client.post(
        "/me/account",
        data={
            "profile-display_name": "Ana María",
            "profile-email": "New@Example.org",
            "profile-current_password": PASSWORD,
            "profile-submit": "1",
        },
    )
    assert moved.status_code == 302 and users() == ["new@example.org", "taken@example.org"]

    wrong = client.post(
        "/me/account",
        data={
            "password-current_password": "not it at all",
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
            "password-submit": "1",
        },
    )
    assert wrong.status_code == 200 and "not your current password" in body(wrong)
    changed = client.post(
        "/me/account",
        data={
            "password-current_password": PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
            "password-submit": "1",
        },
    )
    assert changed.status_code == 302
    auth.logout()
    assert auth.login("new@example.org", PASSWORD).status_code == 200
    assert auth.login("new@example.org", NEW_PASSWORD).status_code == 302


def test_account_pages_need_a_login(client):
    for url in ("/me/account", "/me/agenda"):
        response = client.get(url)
        assert response.status_code == 302 and "/login?next=" in response.location


def test_session_cookie_flags(make_app, make):
    app = make_app()
    with app.app_context():
        make.user("ana@example.org")
        response = app.test_client().post("/login", data={"email": "ana@example.org", "password": PASSWORD})
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
        db.session.remove()
    https = make_app(PREFERRED_URL_SCHEME="https")
    with https.app_context():
        assert (
            https.config["SESSION_COOKIE_SECURE"] is True and https.config["REMEMBER_COOKIE_SECURE"] is True
        )
        response = https.test_client().post(
            "/login",
            data={"email": "ana@example.org", "password": PASSWORD},
            base_url="https://confsite.test",
        )
        assert "Secure" in response.headers["Set-Cookie"]
        db.session.remove()
