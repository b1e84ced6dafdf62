"""Alembic environment for confsite: core revisions plus one branch per plugin.

Autogenerate writes core tables by default. For a plugin's own tables (named
``<plugin>_...`` by convention) use ``confsite plugin-migration NAME -m MESSAGE``,
which passes ``-x plugin=NAME`` and places the revision on the plugin's branch.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate_ext = current_app.extensions["migrate"]
target_metadata = migrate_ext.db.metadata
# every discovered plugin, loaded or not: its tables are never core tables
plugin_names = set(current_app.extensions["confsite.plugins"].discovered)
only_plugin = context.get_x_argument(as_dictionary=True).get("plugin")


def include_object(obj, name, type_, reflected, compare_to):
    """Keep autogenerate to one branch: core tables, or one plugin's tables (and the
    indexes and constraints that belong to them)."""
    table_name = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    if table_name is None:
        return True
    owner = next(
        (p for p in sorted(plugin_names, key=len, reverse=True) if table_name.startswith(f"{p}_")),
        None,
    )
    return owner == only_plugin


def render_item(type_, obj, autogen_context):
    """Migrations never import application code: our UTC type is a plain DateTime there."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime()"
    return False


def process_revision_directives(context_, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_offline() -> None:
    context.configure(
        url=migrate_ext.db.engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=include_object,
        render_item=render_item,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    conf_args = dict(migrate_ext.configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("include_object", include_object)
    conf_args.setdefault("render_item", render_item)
    with migrate_ext.db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
