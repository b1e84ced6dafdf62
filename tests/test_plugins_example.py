"""The example third-party plugin (tests/example_plugin), installed with pip into the
test environment, works end to end: discovery through its entry point, its route,
panel, organiser tab, CLI command, report section, export, lifecycle listener and the
migration of its own table."""

from __future__ import annotations

import importlib.metadata

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from confsite.database import upgrade_database
from confsite.extensions import db
from confsite.lifecycle import RegistrationCreated
from confsite.models import Registration, RegistrationStatus, utcnow
from confsite.plugins import host, notify
from confsite.reporting import ReportScope, Table
from confsite.services import registration
from tests.conftest import build_app


def _register(event, email):
    """A confirmed registration, announced to plugins as the core does after commit."""
    created = Registration(
        event_id=event.id,
        email=email,
        name="Ada Example",
        status=RegistrationStatus.CONFIRMED,
        consent_at=utcnow(),
        confirmed_at=utcnow(),
    )
    db.session.add(created)
    db.session.commit()
    notify(RegistrationCreated(created))
    return created


def test_found_through_its_entry_point(app):
    entry_points = {ep.name: ep for ep in importlib.metadata.entry_points(group="confsite")}
    assert entry_points["example"].value == "confsite_example"
    assert entry_points["example"].dist.name == "confsite-example"
    info = host().infos["example"]
    assert (info.source, info.version) == ("confsite-example", "0.1.0")
    assert info.description.startswith("Activity log")
    assert {
        "register_blueprints",
        "page_panels",
        "report_sections",
        "migrations_dir",
        "lifecycle_event",
        "register_commands",
    } <= set(info.hooks)


def test_lifecycle_listener_records_into_its_own_table(app, make):
    from confsite_example.models import Happening

    event = make.event()
    first = _register(event, "ada@example.org")
    _register(event, "grace@example.org")
    registration.check_in(first)
    registration.check_in(first, undo=True)  # an undone check-in is not counted
    kinds = sorted(h.kind for h in Happening.of_event(event))
    assert kinds == ["checked_in", "registration_created", "registration_created"]


def test_route_panel_and_static_file(client, make):
    event = make.event(title="Water Summit")
    _register(event, "ada@example.org")
    page = client.get(f"/events/{event.slug}/example/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Activity around Water Summit" in html
    assert "<dt>Registrations</dt><dd>1</dd>" in html
    assert 'href="/example/static/example.css"' in html
    assert client.get("/example/static/example.css").status_code == 200
    event_page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert 'class="panel plugin-example"' in event_page and "Activity so far" in event_page
    about = client.get("/example/").get_data(as_text=True)
    assert "registrations, cancellations" in about  # variables from its template_variables hook


def test_draft_events_stay_hidden_on_its_pages(client, make):
    draft = make.event(status="draft")
    assert client.get(f"/events/{draft.slug}/example/").status_code == 404


def test_cli_command(app, runner, make):
    event = make.event()
    assert (
        runner.invoke(args=["example-activity", event.slug]).output
        == f"Nothing recorded for {event.title} yet.\n"
    )
    _register(event, "ada@example.org")
    assert runner.invoke(args=["example-activity", event.slug]).output == "Registrations: 1\n"
    missing = runner.invoke(args=["example-activity", "no-such-event"])
    assert missing.exit_code != 0 and "no event with the slug 'no-such-event'" in missing.output


def test_report_section_for_an_event_and_a_series(app, make):
    series = make.series()
    first, second = make.event(series=series), make.event(series=series)
    _register(first, "ada@example.org")
    _register(second, "ada@example.org")
    _register(second, "grace@example.org")
    with app.test_request_context():
        section = next(s for s in host().report_sections(ReportScope(event=second)) if s.plugin == "example")
        series_section = next(
            s
            for s in host().report_sections(ReportScope(series=series, events=(first, second)))
            if s.plugin == "example"
        )
    assert (section.key, section.title) == ("example-activity", "Activity")
    table = section.blocks[0]
    assert isinstance(table, Table) and table.rows == (("Registrations", "2"),)
    assert series_section.blocks[0].rows == (("Registrations", "3"),)


def test_organiser_tab_and_export_for_organisers_only(client, auth, make):
    event = make.event()
    _register(event, "ada@example.org")
    assert client.get(f"/events/{event.slug}/export/activity").status_code == 404  # not public
    admin = make.user(admin=True)
    auth.login(admin.email)
    manage = client.get(f"/manage/events/{event.slug}/").get_data(as_text=True)
    assert f'href="/events/{event.slug}/example/">Activity</a>' in manage
    export = client.get(f"/events/{event.slug}/export/activity")
    assert export.status_code == 200 and export.content_type == "text/csv; charset=utf-8"
    lines = export.get_data(as_text=True).splitlines()
    assert lines[0] == "when (UTC),what" and lines[1].endswith(",Registrations") and len(lines) == 2


def test_migration_of_its_own_table(fresh_database, tmp_path):
    app = build_app(fresh_database, tmp_path)
    with app.app_context():
        upgrade_database()  # core and every plugin branch
        assert "example_happenings" in sa.inspect(db.engine).get_table_names()
        downgrade(revision="example@base")  # the plugin's branch alone
        tables = sa.inspect(db.engine).get_table_names()
        assert "example_happenings" not in tables and "events" in tables
        upgrade(revision="example@head")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("example_happenings")}
        assert columns == {"id", "event_id", "kind", "at"}
        db.engine.dispose()


def test_plugin_migration_command_knows_the_branch(fresh_database, tmp_path):
    app = build_app(fresh_database, tmp_path)
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade_database()
        result = runner.invoke(args=["plugin-migration", "example", "-m", "nothing new"])
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert "No changes in the plugin's tables; nothing written." in result.output
    unknown = runner.invoke(args=["plugin-migration", "nope", "-m", "x"])
    assert unknown.exit_code != 0 and "no plugin named 'nope'" in unknown.output


def test_its_wheel_would_ship_templates_static_files_and_migrations():
    """pip installs from a wheel: every non-module file of the package must be matched by
    the package-data globs of its pyproject (``pip wheel tests/example_plugin`` agrees)."""
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent / "example_plugin"
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["entry-points"]["confsite"] == {"example": "confsite_example"}
    globs = config["tool"]["setuptools"]["package-data"]["confsite_example"]
    package = root / "confsite_example"
    data_files = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.parent != package
    ]
    assert any(f.startswith("migrations/versions/") for f in data_files)
    assert any(f.startswith("templates/example/") for f in data_files)
    unshipped = [f for f in data_files if not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert unshipped == []


def test_core_autogenerate_leaves_plugin_tables_to_their_branch(fresh_database, tmp_path):
    """`confsite db migrate` (core) ignores plugin tables: with example_happenings
    missing from the database (dropped behind Alembic's back), it still writes nothing,
    while `plugin-migration example` does notice."""
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "confsite" / "migrations" / "versions"
    before = set(versions.glob("*.py"))
    app = build_app(fresh_database, tmp_path)
    try:
        with app.app_context():
            upgrade_database()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE example_happenings"))
            result = app.test_cli_runner().invoke(args=["db", "migrate", "-m", "should be empty"])
            assert result.exit_code == 0, result.output
            assert set(versions.glob("*.py")) == before
            plugin_dir = Path(host().migrations_dir_of("example"))
            plugin_before = set(plugin_dir.glob("*.py"))
            try:
                noticed = app.test_cli_runner().invoke(args=["plugin-migration", "example", "-m", "again"])
                assert noticed.exit_code == 0, noticed.output
                written = set(plugin_dir.glob("*.py")) - plugin_before
                assert [p.name for p in written] == ["0002_example_again.py"]
                assert "op.create_table('example_happenings'" in next(iter(written)).read_text()
            finally:
                for stray in set(plugin_dir.glob("*.py")) - plugin_before:
                    stray.unlink()
            db.engine.dispose()
    finally:
        for stray in set(versions.glob("*.py")) - before:
            stray.unlink()
