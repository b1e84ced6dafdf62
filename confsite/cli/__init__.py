"""The ``confsite`` command's own commands, one module per group, registered by
:func:`register_commands` (the app factory calls it; plugins add theirs through the
``register_commands`` hook). The console script itself is :mod:`confsite.cli.main`."""

from __future__ import annotations

import click

from confsite.cli import accounts, demo, event_files, jobs, mail, plugins, privacy, seats, tick, webhooks


def register_commands(group: click.Group) -> None:
    """Add every core command to ``group`` (the app's ``app.cli``)."""
    for module in (accounts, demo, event_files, jobs, mail, plugins, privacy, seats, tick, webhooks):
        for command in module.COMMANDS:
            group.add_command(command)
