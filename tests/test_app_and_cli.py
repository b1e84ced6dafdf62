"""The app factory, configuration sources, the demo and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from confsite import create_app
from confsite.database import DatabaseConfigError
from confsite.extensions import db
from confsite.models import Event, Registration, Session, User

CONFSITE = str(Path(sys.executable).parent / "confsite")


def test_testing_config(app):
    assert app.testing
    assert (
        create_app({"SKIP_DATABASE_CHECK": True, "SECRET_KEY": "x"}, instance_path="/tmp/cs-x").testing
        is False
    )


def test_secret_key_is_generated_once_and_kept(tmp_path):
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"}
    first = create_app(config, instance_path=tmp_path).config["SECRET_KEY"]
    second = create_app(config, instance_path=tmp_path).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_instance_config_and_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SITE_NAME = 'From instance'\nSECRET_KEY = 'file-key'\n")
    monkeypatch.setenv("CONFSITE_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    app = create_app(instance_path=tmp_path)
    assert app.config["SITE_NAME"] == "From instance"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    monkeypatch.setenv("CONFSITE_SECRET_KEY", "env-key")
    assert create_app(instance_path=tmp_path).config["SECRET_KEY"] == "env-key"


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CONFSITE_DATABASE_URL", raising=False)
    app = create_app(instance_path=tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/confsite.sqlite3"
    with app.app_context():
        mode = db.session.execute(sa.text("PRAGMA journal_mode")).scalar()
        fks = db.session.execute(sa.text("PRAGMA foreign_keys")).scalar()
    assert (mode, fks) == ("wal", 1)


def test_unknown_database_scheme_is_refused(tmp_path):
    with pytest.raises(DatabaseConfigError, match="unsupported database 'mysql'"):
        create_app({"SQLALCHEMY_DATABASE_URI": "mysql://x@localhost/db"}, instance_path=tmp_path)


def _cli(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "FLASK_APP": "", **env}
    environment.pop("FLASK_APP")
    return subprocess.run(
        [CONFSITE, *args], capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=120
    )


def test_cli_gives_one_line_errors_for_bad_databases(tmp_path):
    bad_scheme = _cli(["plugins"], tmp_path, CONFSITE_DATABASE_URL="oracle://x@y/z")
    assert bad_scheme.returncode == 1
    assert bad_scheme.stderr.strip().splitlines() == [
        "Error: unsupported database 'oracle' in CONFSITE_DATABASE_URL: "
        "use sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME"
    ]
    unreachable = _cli(
        ["plugins"],
        tmp_path,
        CONFSITE_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
    )
    assert unreachable.returncode == 1
    lines = unreachable.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach the database"), lines


def test_demo_loads_the_reference_scenario_and_is_idempotent(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    counts = lambda: tuple(  # noqa: E731
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Event, Session, Registration, User)
    )
    first = counts()
    conference = db.session.scalar(sa.select(Event).where(Event.slug == "ka4-conference-2021"))
    assert conference.timezone == "Europe/Madrid"
    assert conference.local(conference.start_at).date().isoformat() == "2021-07-13"
    assert (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Registration.country))).where(
                Registration.event_id == conference.id
            )
        )
        == 16
    )
    assert first[2] == 65
    again = runner.invoke(args=["demo"])
    assert "nothing changed" in again.output
    assert counts() == first


def test_demo_pages_show_events_sessions_and_speakers(app, runner, client):
    runner.invoke(args=["demo"])
    home = client.get("/").get_data(as_text=True)
    assert "Innovation Flow in the Healthcare" in home
    page = client.get("/events/ka4-conference-2021/").get_data(as_text=True)
    assert "Session I" in page and "Gary Saunders" in page and "Europe/Madrid" in page


def test_create_user_and_grant(app, runner, make):
    event = make.event(slug="ka4")
    result = runner.invoke(
        args=["create-user", "Boss@Example.org", "--admin", "--password", "long enough pw"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User).where(User.email == "boss@example.org")).is_admin
    invited = runner.invoke(args=["grant", "newbie@example.org", "organiser", "ka4"])
    assert "invited address newbie@example.org" in invited.output
    runner.invoke(args=["create-user", "newbie@example.org", "--password", "long enough pw"])
    newbie = db.session.scalar(sa.select(User).where(User.email == "newbie@example.org"))
    assert [(r.role.value, r.event_id) for r in newbie.roles] == [("organiser", event.id)]


def test_cli_refuses_bad_input_clearly(app, runner):
    short = runner.invoke(args=["create-user", "a@example.org", "--password", "short"])
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    bad = runner.invoke(args=["create-user", "not-an-address", "--password", "long enough pw"])
    assert bad.exit_code != 0 and "not a valid e-mail address" in bad.output
    missing = runner.invoke(args=["grant", "a@example.org", "organiser", "nope"])
    assert missing.exit_code != 0 and "no event or series with slug 'nope'" in missing.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_unknown_pages_are_404_in_the_site_layout(client):
    response = client.get("/events/does-not-exist/")
    assert response.status_code == 404
    assert "Back to the events" in response.get_data(as_text=True)


def test_draft_events_are_hidden(app, client, make):
    make.event(slug="secret", status="draft")
    assert client.get("/events/secret/").status_code == 404
    assert "secret" not in client.get("/").get_data(as_text=True)


def test_ids_beyond_the_database_range_are_404_on_every_route(app, client, auth, make):
    """<int:...> is capped app-wide, so PostgreSQL never sees an id it cannot hold."""
    admin = make.user(admin=True)
    event = make.event(slug="range")
    auth.login(admin.email)
    checked = 0
    for rule in app.url_map.iter_rules():
        int_args = [
            name for name, conv in rule._converters.items() if type(conv).__name__ == "DatabaseIdConverter"
        ]
        if not int_args or "GET" not in rule.methods:
            continue
        path = rule.rule
        for name in rule.arguments:
            value = "99999999999" if name in int_args else (event.slug if "slug" in name else "x")
            path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
        response = client.get(path)
        assert response.status_code == 404, (rule.rule, response.status_code)
        checked += 1
    assert checked >= 5


def test_nul_characters_are_refused_everywhere(app, client, auth, make):
    admin = make.user(admin=True)
    make.event(slug="nul")
    auth.login(admin.email)
    assert client.get("/?kind=a%00b").status_code == 400
    assert (
        client.post("/manage/series/new", data={"title": "a\x00b", "slug": "nul-series"}).status_code == 400
    )
    assert client.get("/events/nul/schedule.xml?x=%00").status_code == 400
