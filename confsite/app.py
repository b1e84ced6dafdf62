"""The application factory."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alembic.config import Config
from flask import Flask, abort, g, request

import confsite.models  # noqa: F401  (registers the core tables on db.metadata)
from confsite import (
    base_url,
    caching,
    database,
    errors,
    i18n,
    jobs,
    rest,
    search,
    security_headers,
    templating,
    urls,
)
from confsite.cli import register_commands
from confsite.config import INSTANCE_PATH, PROJECT_ROOT, load_config
from confsite.extensions import csrf, db, login_manager, migrate
from confsite.plugins import host, init_plugins
from confsite.services.lookup import event_by_slug, series_by_slug
from confsite.views import input_guard

# Core blueprints, each module exposing ``bp``. Plugins add theirs through a hook.
CORE_BLUEPRINTS = (
    "confsite.views.public",
    "confsite.views.auth",
    "confsite.views.account",
    "confsite.views.api_tokens",
    "confsite.views.embed",
    "confsite.views.manage",
    "confsite.views.calendar",
    "confsite.views.admin",
    "confsite.views.plugin_settings",
    "confsite.views.exports",
    "confsite.views.preferences",
    "confsite.views.search",
    "confsite.views.privacy",
)

# Modules defining core jobs: imported at start so the worker knows every job name.
JOB_MODULES = (
    "confsite.mail",
    "confsite.services.join_links",
    "confsite.services.change_notices",
    "confsite.services.reminders",
    "confsite.services.mailings",
    "confsite.services.certificates",
    "confsite.services.event_end",
    "confsite.services.registration_mail",
    "confsite.services.notifications",
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def templates_dir() -> str:
    """Top-level ``templates/``, shipped as the ``confsite_templates`` package."""
    spec = importlib.util.find_spec("confsite_templates")
    if spec and spec.submodule_search_locations:
        return next(iter(spec.submodule_search_locations))
    return str(PROJECT_ROOT / "templates")


def create_app(
    config: dict[str, Any] | None = None,
    *,
    instance_path: str | Path | None = None,
    extra_plugins: Iterable[tuple[str, Any]] = (),
) -> Flask:
    """Build a confsite app.

    ``config`` overrides every other source of settings; ``extra_plugins`` registers
    (name, plugin) pairs besides the discovered ones (used by tests).
    """
    app = base_url.ConfsiteFlask(
        "confsite",
        instance_path=str(instance_path or INSTANCE_PATH),
        instance_relative_config=True,
        template_folder=templates_dir(),
        static_folder=str(Path(__file__).resolve().parent / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, config)
    database.check_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    database.configure_engine_options(app)
    base_url.configure(app)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)

    db.init_app(app)
    database.make_teardown_safe(app, db)

    plugin_host = init_plugins(app, extra_plugins)
    for module_name in JOB_MODULES:
        importlib.import_module(module_name)
    jobs.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    _upgrade_defaults_to_all_heads(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    i18n.init_app(app)
    search.init_app(app)

    input_guard.init_app(app)

    templating.init_app(app)
    urls.init_app(app)
    errors.init_app(app)
    security_headers.init_app(app)

    for module_name in CORE_BLUEPRINTS:
        app.register_blueprint(importlib.import_module(module_name).bp)
    plugin_host.register_blueprints(app)
    rest.init_app(app)
    app.before_request(_plugin_pages_404_where_disabled)
    caching.init_app(app)

    register_commands(app.cli)
    plugin_host.call("register_commands", cli=app.cli)

    if not app.config.get("SKIP_DATABASE_CHECK"):
        with app.app_context():
            database.check_database_reachable(db.engine)
            plugin_host.unmigrated()  # now, rather than within the first request
    return app


def _upgrade_defaults_to_all_heads(app: Flask) -> None:
    """Plugins keep their own Alembic branches, so the schema has several heads:
    make ``confsite db upgrade`` (and ``downgrade``'s peers) default to all of them."""
    db_group = app.cli.commands.get("db")
    upgrade_cmd = getattr(db_group, "commands", {}).get("upgrade")
    for param in getattr(upgrade_cmd, "params", []):
        if param.name == "revision":
            param.default = "heads"


def _plugin_pages_404_where_disabled() -> None:
    """A plugin's event-scoped route (one with ``event_slug``) is 404 where the plugin
    is switched off for that event; a series-scoped one (``series_slug``) likewise."""

    owners = host().blueprint_owner
    # request.blueprints lists nested blueprints innermost first, then their parents
    owner = next((owners[b] for b in request.blueprints if b in owners), None)
    args = request.view_args or {}
    if owner is None:
        return
    if owner in host().unmigrated():
        abort(404)  # installed, but its tables are missing: `confsite db upgrade`
    if "event_slug" in args:
        event = event_by_slug(args["event_slug"])
        if event is None or not host().is_enabled(owner, event=event):
            abort(404)
        g.plugin_event = event
    elif "series_slug" in args:
        series = series_by_slug(args["series_slug"])
        if series is None or not host().is_enabled(owner, series=series):
            abort(404)
        g.plugin_series = series


@migrate.configure
def _plugin_version_locations(config: Config) -> Config:
    """Core revisions plus each plugin's own ``versions`` folder."""
    locations = [str(MIGRATIONS_DIR / "versions"), *host().migration_dirs()]
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(locations))
    return config
