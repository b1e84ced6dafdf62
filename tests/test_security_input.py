"""No input gives a 500, and nothing is half-written (issue 15, items 5 and 6)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Registration, RoleName, User
from tests.factories import PASSWORD
from tests.plugins.monitoring import sources
from tests.test_public_registration import form


def a_file() -> tuple[io.BytesIO, str]:
    return io.BytesIO(b"not a name"), "name.txt"


def row_counts() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(sa.select(sa.func.count(User.id))),
        db.session.scalar(sa.select(sa.func.count(Registration.id))),
    )


@pytest.mark.parametrize(
    ("url", "data", "text_field"),
    [
        ("/login", {"email": "ana@example.org", "password": "x"}, "password"),
        ("/password/forgot", {}, "email"),
        ("/signup", {"display_name": "Ana", "password": "long enough pass", "confirm": "x"}, "email"),
        ("/events/ka4/register", form(), "name"),
    ],
)
def test_a_file_in_a_text_field_is_a_400_with_the_reason(client, make, url, data, text_field):
    make.event(slug="ka4", capacity=10)
    before = row_counts()
    response = client.post(url, data={**data, text_field: a_file()}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert f"A file was sent where text was expected (field: {text_field})" in response.get_data(as_text=True)
    assert row_counts() == before


def test_upload_forms_still_take_their_file_but_not_files_elsewhere(client, make, auth):
    admin = make.user("root@example.org", admin=True)
    auth.login(admin.email)
    page = client.post(
        "/manage/import-event",
        data={"file": (io.BytesIO(b"{}"), "event.json")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200 and "A file was sent" not in page.get_data(as_text=True)
    other = client.post(
        "/manage/import-event",
        data={"file": (io.BytesIO(b"{}"), "event.json"), "csrf_token": a_file()},
        content_type="multipart/form-data",
    )
    assert other.status_code == 400


def test_capacity_beyond_the_column_is_a_form_error(client, make, auth):
    event = make.event(slug="ev", capacity=2)
    user = make.user("officer@example.org")
    make.role(user, RoleName.ORGANISER, event=event)
    auth.login(user.email)
    response = client.post(
        "/manage/events/ev/capacity", data={"capacity": "2147483648"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Number must be between 0 and 2147483647" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 2


def test_monitoring_form_with_an_unknown_precision_is_a_form_error(client, make, auth, app):
    medtech = sources.build_medtech()
    user = make.user("olga@example.org")
    make.role(user, RoleName.ORGANISER, series=medtech)
    auth.login(user.email)
    response = client.post(
        "/manage/series/medtech-2019/monitoring/activities/new",
        data={"title": "Odd", "category": "dissemination", "precision": "fortnight", "dates": "2019-10"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_error_page_after_a_database_error_is_the_site_page(make_app, make):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False, BASE_URL="http://confsite.test")

    @app.get("/_test/db-error")
    def db_error():
        db.session.add(User(email=None, display_name="nobody", password_hash="x"))
        db.session.flush()  # NOT NULL violated: the session now needs a rollback
        return "unreachable"

    with app.app_context():
        make.user("ana@example.org")
    client = app.test_client()
    client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    response = client.get("/_test/db-error")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page and '<nav aria-label="Main">' in page


def test_a_connection_lost_before_the_end_of_the_request_does_not_escape(make_app, make):
    """The end-of-request ROLLBACK on a dead connection used to escape Flask."""
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False, BASE_URL="http://confsite.test")

    @app.get("/_test/lose-connection")
    def lose_connection():
        db.session.scalar(sa.select(sa.func.count(User.id)))  # a transaction is open
        db.session.connection().connection.dbapi_connection.close()  # the server killed it
        return "answered"

    client = app.test_client()
    response = client.get("/_test/lose-connection")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "answered")
    assert client.get("/").status_code == 200  # the pool recovered
