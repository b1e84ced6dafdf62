"""A database that was never migrated, and a plugin whose migrations were not applied:
clear messages instead of tracebacks, and pages that keep working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from flask_migrate import downgrade

from confsite import testing
from confsite.database import upgrade_database
from confsite.plugins import host

if TYPE_CHECKING:
    from tests.conftest import Database

CONFSITE = str(Path(sys.executable).parent / "confsite")


def _database_url(database: Database) -> str:
    """The fixture's database as one URL (its PostgreSQL schema in the options)."""
    if database.schema is None:
        return database.url
    return f"{database.url}?options={quote(f'-csearch_path={database.schema}')}"


def test_read_only_commands_on_a_database_never_migrated_say_what_to_do(fresh_database, tmp_path):
    env = {**os.environ, "CONFSITE_DATABASE_URL": _database_url(fresh_database)}
    env.pop("CONFSITE_PLUGINS", None)
    for command in (["plugins"], ["report", "no-such-event"], ["export-event", "no-such-event"]):
        result = subprocess.run(
            [CONFSITE, *command], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
        )
        assert result.returncode == 1, command
        assert "run `confsite db upgrade` first" in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_plugin_whose_migrations_were_not_applied_is_reported_and_left_out(tmp_path):
    app = testing.make_test_app(tmp_path)
    with app.app_context():
        downgrade(revision="example@base")  # the example plugin's tables are gone
        host().forget_migration_state()
        event = testing.sample_event(title="Øystein's data day")
        admin = testing.sample_user(admin=True)

        listing = app.test_cli_runner().invoke(args=["plugins"]).output
        example_part = listing.split("example ", 1)[1].split("\n\n")[0]
        assert "not migrated: its tables are missing, run `confsite db upgrade`" in example_part
        assert listing.count("not migrated") == 1  # the built-in plugins are fine

        client = app.test_client()
        page = client.get(f"/events/{event.slug}/")
        assert page.status_code == 200
        assert "Activity so far" not in page.get_data(as_text=True)  # example's panel is left out
        assert client.get(f"/events/{event.slug}/example/").status_code == 404

        testing.log_in(client, admin)
        admin_page = client.get("/admin/plugins").get_data(as_text=True)
        assert "Not migrated: its tables are missing." in admin_page

        upgrade_database()  # after `confsite db upgrade` the plugin is back
        assert "Activity so far" in client.get(f"/events/{event.slug}/").get_data(as_text=True)
