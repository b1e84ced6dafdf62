"""``confsite plugins`` (what is loaded, where it is enabled) and ``confsite
plugin-migration NAME`` (start or extend a plugin's own Alembic branch).

Flask-Migrate's ``db revision`` cannot pass ``depends_on`` (a plugin's first revision
must come after the core tables it references) and makes authors assemble five options
by hand; ``plugin-migration`` works out the branch, the revision id and the dependency.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from flask.cli import with_appcontext

from confsite.plugins import host
from confsite.services.plugin_overview import plugin_overview


@click.command("plugins")
@with_appcontext
def plugins_command() -> None:
    """List plugins: name, version, source, hooks and where they are enabled."""
    overview = plugin_overview(host())
    if not overview.loaded:
        click.echo("No plugins loaded.")
    for row in overview.loaded:
        info = row.info
        click.echo(f"{info.name} {info.version} ({info.source})")
        if info.description:
            click.echo(f"  {info.description}")
        click.echo(f"  hooks: {', '.join(info.hooks) or '-'}")
        click.echo(f"  enabled: {row.where_enabled}")
    for name, source, why in overview.not_loaded:
        click.echo(f"{name} ({source}): installed but not loaded ({why})")


def _plugin_dir(name: str) -> Path:
    plugin_host = host()
    if name not in plugin_host.discovered:
        known = ", ".join(sorted(plugin_host.discovered)) or "none"
        raise click.ClickException(f"no plugin named {name!r} (installed: {known})")
    folder = plugin_host.migrations_dir_of(name)
    if folder is None:
        raise click.ClickException(
            f"plugin {name!r} has no migrations_dir hook: add one returning the absolute path "
            "of its migrations/versions folder (docs/plugins.md)"
        )
    return Path(folder)


@click.command("plugin-migration")
@click.argument("name")
@click.option("-m", "--message", required=True, help="What the revision does, e.g. 'notes table'.")
@click.option(
    "--empty", is_flag=True, help="Write an empty revision instead of comparing models and database."
)
@with_appcontext
def plugin_migration_command(name: str, message: str, empty: bool) -> None:
    """Write the next migration of plugin NAME into its own versions folder.

    Run `confsite db upgrade` first: the models are compared with an up-to-date
    database. Only tables named NAME_... are considered.
    """
    folder = _plugin_dir(name)
    folder.mkdir(parents=True, exist_ok=True)
    migrate_ext = current_app.extensions["migrate"].migrate
    config = migrate_ext.get_config(x_arg=[f"plugin={name}"], opts=[] if empty else ["autogenerate"])
    script = ScriptDirectory.from_config(config)
    own = [rev for rev in script.walk_revisions() if Path(rev.path).parent.resolve() == folder.resolve()]
    options: dict[str, Any] = {"version_path": str(folder), "rev_id": f"{len(own) + 1:04d}_{name}"}
    if own:
        options["head"] = f"{name}@head"
    else:
        core_head = script.get_revisions("core@head")[0].revision
        options.update(head="base", branch_label=name, depends_on=[core_head])
    try:
        written = command.revision(config, message=message, autogenerate=not empty, **options)
    except CommandError as exc:
        raise click.ClickException(str(exc)) from None
    if not written:
        click.echo("No changes in the plugin's tables; nothing written.")
        return
    scripts = written if isinstance(written, list) else [written]
    for item in filter(None, scripts):
        click.echo(f"Wrote {item.path}: review it before committing.")


COMMANDS = (plugins_command, plugin_migration_command)
