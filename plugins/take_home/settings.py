"""The plugin's per-event settings, declared as a schema: organisers change them on the
event's Plugins page (or the take-home overview), and they travel in the event file."""

from __future__ import annotations

from confsite.api import SettingField, _l

PLUGIN = "take_home"

SCHEMA = [
    SettingField(
        key="suggestions_open",
        label=_l("Let signed-in attendees suggest take-home messages"),
        kind="bool",
        default=False,
        help=_l("Suggestions wait in a queue until an organiser or rapporteur accepts them."),
    ),
]
